/**
 * Starts detection the way the configuration asks: in a worker thread (the default; see
 * `detection-thread.ts`) or in this thread (in-memory SQLite, or `VIGIL_DETECTION_THREAD=0`). Either way
 * the caller gets the same handle: nudge it when a batch was stored, stop it on shutdown.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { Store } from '@vigil/store';
import type { RuleDisabled } from './disable-rule.js';
import type { DetectionThreadData } from './detection-thread.js';
import { startDetectionWorker } from './detection-worker.js';
import type { RecentBatches } from './recent-batches.js';

export interface DetectionRunner {
  /** where detection runs, for logs */
  readonly mode: 'thread' | 'in-process';
  stop(): Promise<void>;
}

export interface DetectionRunnerOptions {
  store: Store;
  databaseUrl: string;
  secret: string;
  thread: boolean;
  /** batches this process stored; in-process detection takes their events from here, a thread is nudged */
  recent: RecentBatches;
  onError: (err: unknown) => void;
  /** a pass in the detection thread committed alerts (their webhook deliveries are waiting) */
  onCommitted?: () => void;
  /** ms an organization's rules may take per 1,000 events of a pass; 0 turns the budget off (`rule-meter.ts`) */
  ruleBudgetMs?: number;
  /** detection disabled a rule (stored and audited already), for the log */
  onRuleDisabled?: (disabled: RuleDisabled) => void;
}

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * The thread for the entry module. From dist it is the .js sibling. Run from TypeScript sources (tests,
 * `--conditions=source --import tsx`) it is the .ts sibling, and tsx's loader hooks, which a worker thread
 * does not get from the parent's `--import`, are registered first by a small bootstrap.
 */
function detectionThread(data: DetectionThreadData): Worker {
  if (!FROM_SOURCES) return new Worker(new URL('./detection-thread.js', import.meta.url), { workerData: data });
  const entry = new URL('./detection-thread.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

const isMemorySqlite = (url: string) => /^sqlite:(:memory:)?$/.test(url) || url === 'sqlite::memory:';

/**
 * ```ts
 * const detection = await startDetection({ store, databaseUrl, secret, thread: true, recent, onError });
 * await detection.stop();
 * ```
 */
export async function startDetection(options: DetectionRunnerOptions): Promise<DetectionRunner> {
  if (!options.thread || isMemorySqlite(options.databaseUrl)) {
    const worker = startDetectionWorker({
      store: options.store,
      recent: options.recent,
      onError: options.onError,
      ruleBudgetMs: options.ruleBudgetMs,
      onRuleDisabled: options.onRuleDisabled,
      // (no onCommitted: in this thread the store's own outbox signal already wakes the webhook worker)
    });
    return { mode: 'in-process', stop: () => worker.stop() };
  }

  const data: DetectionThreadData = { databaseUrl: options.databaseUrl, secret: options.secret, ruleBudgetMs: options.ruleBudgetMs };
  const thread = detectionThread(data);
  let exited = false;
  const exit = new Promise<void>((resolve) => thread.once('exit', () => ((exited = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`detection thread exited with code ${code} while starting`));
    thread.once('error', reject);
    thread.once('exit', onExit);
    thread.once('message', () => {
      thread.off('error', reject);
      thread.off('exit', onExit);
      resolve();
    });
  });
  thread.on('error', (err) => options.onError(err));
  thread.on('message', (message: { type: string; message?: string; stack?: string; disabled?: RuleDisabled }) => {
    if (message.type === 'committed') options.onCommitted?.();
    else if (message.type === 'rule-disabled') options.onRuleDisabled?.(message.disabled!);
    else if (message.type === 'error') options.onError(Object.assign(new Error(message.message), { stack: message.stack }));
  });
  // Its events are read back from the store by the thread; the handoff only wakes it.
  options.recent.onArrival(() => {
    if (!exited) thread.postMessage('nudge');
  });
  options.recent.disable();
  return {
    mode: 'thread',
    async stop() {
      if (!exited) thread.postMessage('stop');
      const timer = setTimeout(() => void thread.terminate(), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
