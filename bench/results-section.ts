/**
 * bench/RESULTS.md is one file with a section per benchmark; a benchmark run alone (`BENCH_ONLY=…`) replaces
 * its own section and keeps the others.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const RESULTS = new URL('./RESULTS.md', import.meta.url);

/**
 * Replaces the section starting with `heading` (up to the next `## `) with `markdown`, or appends it.
 * ```ts
 * writeResultsSection('## Webhooks (issue #5)', markdown);
 * ```
 */
export function writeResultsSection(heading: string, markdown: string): void {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(heading);
  let next: string;
  if (start < 0) next = `${current.trimEnd()}\n\n${markdown}`;
  else {
    const after = current.indexOf('\n## ', start + heading.length);
    next = current.slice(0, start) + markdown + (after < 0 ? '' : `\n${current.slice(after + 1)}`);
  }
  writeFileSync(RESULTS, next);
}
