/**
 * The entry of the detection worker thread: opens its own store on the server's database and runs the
 * detection worker there, so parsing stored batches and evaluating rules use another core than the one
 * answering requests. Messages from the main thread: `'nudge'` (a batch was stored) and `'stop'`.
 * Messages to it: `{ type: 'committed' }` after a pass wrote alerts (the webhook worker's wake-up),
 * `{ type: 'rule-disabled', disabled }` when detection disabled a rule, and `{ type: 'error', message,
 * stack }` for a failed pass (retried at the next poll).
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '@vigil/store';
import { startDetectionWorker } from './detection-worker.js';

export interface DetectionThreadData {
  databaseUrl: string;
  secret: string;
  ruleBudgetMs?: number;
}

const port = parentPort!;
const { databaseUrl, secret, ruleBudgetMs } = workerData as DetectionThreadData;
// The main thread migrated the database before starting this thread, and its store runs the WAL
// checkpoint worker for both connections.
const store = await openStore({ url: databaseUrl, secret, migrate: false, checkpointWorker: false });
const worker = startDetectionWorker({
  store,
  onError: (err) => port.postMessage({ type: 'error', message: String((err as Error)?.message ?? err), stack: (err as Error)?.stack }),
  onCommitted: () => port.postMessage({ type: 'committed' }),
  ruleBudgetMs,
  onRuleDisabled: (disabled) => port.postMessage({ type: 'rule-disabled', disabled }),
});
port.on('message', (message: unknown) => {
  if (message === 'nudge') worker.nudge();
  else if (message === 'stop') {
    void worker
      .stop()
      .then(() => store.close())
      .finally(() => port.close());
  }
});
port.postMessage({ type: 'ready' });
