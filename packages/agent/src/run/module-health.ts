/**
 * `agentModuleHealth` as the server shows it on `GET /v2/agents/{id}`: Threat Stack's shape (`isHealthy` and one
 * word per module: `HEALTHY`, `DEGRADED`, `FAILED`, `UNSUPPORTED`), plus why a module is not healthy and the
 * agent's own counters (events read, sent, spooled, dropped, rejected, lost in the kernel).
 * @module
 */
import type { SourceStatus } from '../audit/audit-source.js';
import type { ShipperStats } from '../ship/shipper.js';
import type { SpoolStats } from '../ship/spool.js';

const WORDS: Record<SourceStatus['state'], string> = {
  starting: 'HEALTHY',
  running: 'HEALTHY',
  degraded: 'DEGRADED',
  failed: 'FAILED',
  stopped: 'FAILED',
};

/**
 * ```ts
 * moduleHealth({ audit: source.status }, shipper.stats, spool.stats);
 * // { isHealthy: true, audit: 'HEALTHY', metrics: { eventsRead: 120, … } }
 * ```
 */
export function moduleHealth(sources: Record<string, SourceStatus>, shipper: ShipperStats, spool: SpoolStats): Record<string, unknown> {
  const health: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const [name, status] of Object.entries(sources)) {
    health[name] = WORDS[status.state];
    if (status.message !== undefined) problems[name] = status.message;
  }
  if (shipper.lastError !== undefined) problems.shipping = shipper.lastError;
  return {
    isHealthy: Object.values(sources).every((s) => WORDS[s.state] === 'HEALTHY') && shipper.lastError === undefined,
    ...health,
    ...(Object.keys(problems).length > 0 ? { problems } : {}),
    metrics: {
      eventsRead: shipper.read,
      eventsSent: shipper.sent,
      eventsSpooled: spool.events,
      eventsDropped: spool.droppedEvents,
      eventsRejected: shipper.rejected,
      sourceErrors: Object.values(sources).reduce((n, s) => n + s.errors, 0),
      eventsLostInKernel: Object.values(sources).reduce((n, s) => n + (s.lostInKernel ?? 0), 0),
    },
  };
}
