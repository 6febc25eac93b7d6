/**
 * A time series drawn by uPlot (≈ 20 KB gzipped, canvas): counts per bucket as steps, sized to its box.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * ```tsx
 * <TimeChart label="Alerts per hour" times={[t0, t1]} values={[3, 5]} />
 * ```
 */
export function TimeChart({ label, times, values }: { label: string; times: number[]; values: number[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const ink = css.getPropertyValue('--muted').trim() || '#666';
    const accent = css.getPropertyValue('--accent').trim() || '#2563eb';
    const grid = css.getPropertyValue('--border').trim() || '#ddd';
    const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 220,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 44 }],
        series: [{}, { label, stroke: accent, fill: `${accent}33`, width: 2, paths: uPlot.paths.stepped!({ align: 1 }) }],
      },
      [times, values],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [label, times, values]);
  return <div className="chart" ref={box} role="img" aria-label={`${label}: ${values.reduce((a, b) => a + b, 0)} in total`} />;
}
