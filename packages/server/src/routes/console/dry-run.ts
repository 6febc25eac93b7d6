/**
 * A rule's dry run: its filter and suppressions evaluated against the organization's events stored in the
 * last hours, as detection would have evaluated them, without raising anything. Newest batches first, at
 * most {@link MAX_SCANNED} events (the answer says when it stopped early). Host, File and ThreatIntel
 * rules, each tested exactly as detection tests it (`compileRuleTests`, `passesRule`): a File rule's watched
 * paths, ignores and actions; a ThreatIntel rule's match against the organization's indicators
 * (`intelHits`), the sample carrying the indicator's fields. Rule tags (which hosts a rule applies to) are
 * not applied: the dry run answers what the rule itself matches. Vulnerability rules judge findings, not
 * events, and are refused.
 * @module
 */
import { readRuleDefinition, ruleTypeNamed } from '@vigil/rules';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { callerOf } from '../../http/caller.js';
import { errorResponses } from '../../http/schemas.js';
import { formatTime } from '../../http/time.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { passesRule } from '../../detection/engine.js';
import { createIntelCache } from '../../detection/intel-cache.js';
import { intelHits } from '../../detection/intel-hits.js';
import { compileRuleTests } from '../../detection/rule-set-cache.js';
import { refusal, RuleBody } from '../v2/rulesets.js';
import { CONSOLE_TAG, SESSION_SECURITY } from './schemas.js';

/** The most events one dry run reads. */
export const MAX_SCANNED = 100_000;
const SAMPLE_SIZE = 20;
const MAX_HOURS = 168;

const DryRunBody = Type.Object(
  {
    rule: Type.Object(
      {
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Host (the default), File or ThreatIntel, in any spelling' })),
        filter: Type.String({ maxLength: 10_000, description: 'may be empty for File and ThreatIntel rules' }),
        suppressions: Type.Optional(Type.Array(Type.String({ maxLength: 10_000 }), { maxItems: 100 })),
        // File rules' settings, with the shapes a saved rule takes.
        fileIntegrityPaths: Type.Optional(RuleBody.properties.fileIntegrityPaths),
        ignoreFiles: Type.Optional(RuleBody.properties.ignoreFiles),
        eventsToMonitor: Type.Optional(RuleBody.properties.eventsToMonitor),
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
        description: `Evaluates a Host, File or ThreatIntel rule as detection would (a File rule's paths, ignores and actions; a ThreatIntel rule's match against the organization's indicators, whose fields the sample carries) against the organization's events received in the last \`hours\` (1–${MAX_HOURS}; as far as retention keeps them), raising nothing. 400 for a filter the parser refuses (as when saving the rule).`,
        security: SESSION_SECURITY,
        body: DryRunBody,
        response: { 200: DryRunAnswer, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { orgId } = callerOf(request);
      const { rule, hours } = request.body;
      const type = ruleTypeNamed(rule.type ?? 'Host');
      if (type === undefined || type === 'Vulnerability') {
        throw apiError('VIGIL_INVALID_PARAMETER', 'rule.type', 'a dry run evaluates Host, File and ThreatIntel rules (Vulnerability rules judge findings, not events)');
      }
      const paths = rule.fileIntegrityPaths ?? [];
      const read = readRuleDefinition({ type, filter: rule.filter, suppressions: rule.suppressions, watchedPaths: paths.length, eventsToMonitor: rule.eventsToMonitor });
      if (!read.ok) throw refusal(read.problem);
      const tests = compileRuleTests({
        ...read.rule,
        fileIntegrityPaths: paths.map((p) => ({ path: p.path, recursive: p.recursive === true })),
        ignoreFiles: rule.ignoreFiles ?? [],
      });
      // A fresh index of the organization's indicators: one dry run does not warrant a cache.
      const indicators = tests.intel ? await createIntelCache({ store }).get(orgId) : undefined;
      const until = options.now();
      const from = until - hours * 3_600_000;
      let scanned = 0;
      let count = 0;
      let suppressed = 0;
      let truncated = false;
      const sample: Array<Type.Static<typeof SampleEvent>> = [];
      scan: for await (const events of store.ingest.scanEvents(orgId, { from, until })) {
        const hits = indicators ? await intelHits(store, orgId, indicators, events) : undefined;
        for (const event of events) {
          if (scanned === MAX_SCANNED) {
            truncated = true;
            break scan;
          }
          scanned++;
          // As the engine: a ThreatIntel rule sees only events naming an indicator, its tests run on the event as sent.
          const withIntel = hits?.get(event);
          if (hits && withIntel === undefined) continue;
          if (passesRule(tests, event.data)) {
            count++;
            if (sample.length < SAMPLE_SIZE) {
              sample.push({ id: event.id, agentId: event.agentId, eventType: event.eventType, timestamp: formatTime(event.timestamp), data: withIntel ?? event.data });
            }
          } else if ((tests.file === undefined || tests.file(event.data)) && tests.compiled.filter.test(event.data)) {
            // Selected and matched, but a suppression excluded it.
            suppressed++;
          }
        }
      }
      return { from: formatTime(from), until: formatTime(until), scanned, count, suppressed, truncated, sample };
    },
  );
}
