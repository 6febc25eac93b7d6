/**
 * A rule's dry run: its filter and suppressions evaluated against the organization's events stored in the
 * last hours, as detection would have evaluated them, without raising anything. Newest batches first, at
 * most {@link MAX_SCANNED} events (the answer says when it stopped early). Host rules: File rules select
 * events by watched path and threat-intel rules by indicator, which a filter alone does not show.
 * @module
 */
import { compileRule, readRuleDefinition, ruleTypeNamed } from '@vigil/rules';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses } from '../../http/schemas.js';
import { formatTime } from '../../http/time.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { refusal } from '../v2/rulesets.js';
import { CONSOLE_TAG, SESSION_SECURITY } from './schemas.js';

/** The most events one dry run reads. */
export const MAX_SCANNED = 100_000;
const SAMPLE_SIZE = 20;
const MAX_HOURS = 168;

const DryRunBody = Type.Object(
  {
    rule: Type.Object(
      {
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Host (the default; the only type a dry run evaluates)' })),
        filter: Type.String({ maxLength: 10_000 }),
        suppressions: Type.Optional(Type.Array(Type.String({ maxLength: 10_000 }), { maxItems: 100 })),
      },
      { additionalProperties: true, description: 'a rule body as saved (other fields are ignored)' },
    ),
    hours: Type.Integer({ minimum: 1, maximum: MAX_HOURS, description: 'how far back to look' }),
  },
  { additionalProperties: false },
);

const SampleEvent = Type.Object({
  id: Type.String(),
  agentId: Type.String(),
  eventType: Type.String(),
  timestamp: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const DryRunAnswer = Type.Object(
  {
    from: Type.String(),
    until: Type.String(),
    scanned: Type.Integer({ description: 'events read' }),
    count: Type.Integer({ description: 'events the rule would have fired on' }),
    suppressed: Type.Integer({ description: 'events the filter matched but a suppression excluded' }),
    truncated: Type.Boolean({ description: `true when the scan stopped at ${MAX_SCANNED.toLocaleString('en')} events` }),
    sample: Type.Array(SampleEvent, { description: `up to ${SAMPLE_SIZE} matching events, newest batches first` }),
  },
  { title: 'RuleDryRun' },
);

/**
 * Registers `POST /rules/dry-run` on a session-authenticated context.
 * ```ts
 * await signedIn.register(dryRunRoutes, { now: Date.now });
 * ```
 */
export async function dryRunRoutes(parent: FastifyInstance, options: { now(): number }): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.vigil;

  app.post(
    '/rules/dry-run',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: "A rule's dry run against the last hours of stored events",
        description: `Evaluates a Host rule's filter and suppressions against the organization's events received in the last \`hours\` (1–${MAX_HOURS}; as far as retention keeps them), raising nothing. 400 for a filter the parser refuses (as when saving the rule).`,
        security: SESSION_SECURITY,
        body: DryRunBody,
        response: { 200: DryRunAnswer, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request);
      const { rule, hours } = request.body;
      if (ruleTypeNamed(rule.type ?? 'Host') !== 'Host') {
        throw apiError('VIGIL_INVALID_PARAMETER', 'rule.type', 'a dry run evaluates Host rules (File rules select by path, threat-intel rules by indicator)');
      }
      const read = readRuleDefinition({ type: 'Host', filter: rule.filter, suppressions: rule.suppressions });
      if (!read.ok) throw refusal(read.problem);
      const compiled = compileRule({ filter: read.rule.filter, suppressions: read.rule.suppressions });
      const until = options.now();
      const from = until - hours * 3_600_000;
      let scanned = 0;
      let count = 0;
      let suppressed = 0;
      let truncated = false;
      const sample: Array<Type.Static<typeof SampleEvent>> = [];
      scan: for await (const events of store.ingest.scanEvents(orgId, { from, until })) {
        for (const event of events) {
          if (scanned === MAX_SCANNED) {
            truncated = true;
            break scan;
          }
          scanned++;
          if (!compiled.filter.test(event.data)) continue;
          if (compiled.suppressedBy(event.data) >= 0) {
            suppressed++;
            continue;
          }
          count++;
          if (sample.length < SAMPLE_SIZE) {
            sample.push({ id: event.id, agentId: event.agentId, eventType: event.eventType, timestamp: formatTime(event.timestamp), data: event.data });
          }
        }
      }
      return { from: formatTime(from), until: formatTime(until), scanned, count, suppressed, truncated, sample };
    },
  );
}
