/**
 * A one-line progress indicator on stderr for long exports, shown only when stderr is a terminal so
 * logs and pipes stay clean.
 * @module
 */

export interface Progress {
  /** `done` items so far, of `total` when known */
  update(done: number, total?: number): void;
  /** clears the line */
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };
const WIDTH = 30;
const MIN_INTERVAL_MS = 100;

/**
 * ```ts
 * const bar = createProgress(process.stderr, 'alerts');
 * bar.update(200); bar.stop();
 * ```
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  label: string,
  options: { enabled?: boolean } = {},
): Progress {
  if (!(options.enabled ?? true) || !stream.isTTY) return NONE;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (shown && now - last < MIN_INTERVAL_MS && (total === undefined || done < total)) return;
      last = now;
      shown = true;
      let line: string;
      if (total !== undefined && total > 0) {
        const filled = Math.min(WIDTH, Math.round((done / total) * WIDTH));
        line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}`;
      } else {
        line = `${label}: ${done}`;
      }
      stream.write(`\r\x1b[K${line}`);
    },
    stop() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
