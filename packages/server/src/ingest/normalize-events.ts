/**
 * Checks the events of a batch and stamps them with who sent them. Each event is a JSON object in Threat
 * Stack's vocabulary with at least `event_type` and `timestamp`; the first bad event refuses the whole batch
 * with a 400 naming it (`events[3].timestamp`), so nothing of a bad batch is stored. The identity fields are
 * the server's: whatever the agent wrote into `agentId`, `hostname` or `organizationId` is replaced by the
 * authenticated agent's values, so an agent cannot write events in another agent's or organization's name.
 * @module
 */
import type { IngestEvent } from '@vigil/store';
import type { AgentAuth } from '../auth/agent-auth.js';
import { apiError } from '../errors.js';
import { parseIsoTime } from '../http/time.js';

const MAX_EVENT_TYPE_LENGTH = 64;
/** Before 1973 in ms, or a current time in seconds: either way not an epoch-ms event time. */
const MIN_EPOCH_MS = 100_000_000_000;
/** The largest time a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8_640_000_000_000_000;

function eventTime(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > MAX_EPOCH_MS) {
      throw apiError('VIGIL_INVALID_PARAMETER', field, 'must be epoch milliseconds or an ISO-8601 time');
    }
    if (value < MIN_EPOCH_MS) {
      throw apiError('VIGIL_INVALID_PARAMETER', field, `${value} looks like seconds; send epoch milliseconds`);
    }
    return Math.floor(value);
  }
  if (typeof value === 'string') {
    const ms = parseIsoTime(value);
    if (ms === undefined) {
      throw apiError('VIGIL_INVALID_PARAMETER', field, `"${value.slice(0, 40)}" is not an ISO-8601 time`);
    }
    return ms;
  }
  if (value === undefined) throw apiError('VIGIL_MISSING_PARAMETER', field);
  throw apiError('VIGIL_INVALID_PARAMETER', field, 'must be epoch milliseconds or an ISO-8601 time');
}

/**
 * Validates `items` as events and returns them ready for the store, with `timestamp` normalised to epoch
 * ms and the agent's identity set. Mutates the (freshly parsed) objects instead of copying them.
 * ```ts
 * normalizeEvents([{ event_type: 'audit', timestamp: '2024-03-01T12:00:00Z' }], agentOf(request));
 * // [{ eventType: 'audit', timestamp: 1709294400000, data: { …, agentId, hostname, organizationId } }]
 * ```
 */
export function normalizeEvents(items: unknown[], agent: AgentAuth): IngestEvent[] {
  const events = new Array<IngestEvent>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw apiError('VIGIL_INVALID_PARAMETER', `events[${i}]`, 'must be a JSON object');
    }
    const data = item as Record<string, unknown>;
    const type = data.event_type;
    if (type === undefined) throw apiError('VIGIL_MISSING_PARAMETER', `events[${i}].event_type`);
    if (typeof type !== 'string' || type.length === 0 || type.length > MAX_EVENT_TYPE_LENGTH) {
      throw apiError(
        'VIGIL_INVALID_PARAMETER',
        `events[${i}].event_type`,
        `must be a string of 1-${MAX_EVENT_TYPE_LENGTH} characters`,
      );
    }
    const timestamp = eventTime(data.timestamp, `events[${i}].timestamp`);
    data.timestamp = timestamp;
    data.agentId = agent.agentId;
    data.hostname = agent.hostname;
    data.organizationId = agent.orgId;
    // Threat Stack's snake_case spellings, when an agent sends them, must not contradict the real identity.
    if ('agent_id' in data) data.agent_id = agent.agentId;
    if ('organization_id' in data) data.organization_id = agent.orgId;
    events[i] = { eventType: type, timestamp, data };
  }
  return events;
}
