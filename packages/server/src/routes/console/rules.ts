/**
 * The rule editor's filter check: the server's own parser run over a filter as the user types, answering
 * every problem with its position and the parser's suggestions (`did you mean "command"?`), so the editor
 * can underline the spot. Read-only, so every role may call it.
 * @module
 */
import { MAX_FILTER_LENGTH, readRuleDefinition, type RuleProblem } from '@vigil/rules';
import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import { apiError } from '../../errors.js';
import { errorResponses } from '../../http/schemas.js';
import type { TypeBoxTypeProvider } from '../../http/type-provider.js';
import { CONSOLE_TAG, SESSION_SECURITY } from './schemas.js';

const FilterProblem = Type.Object({
  message: Type.String({ description: 'what is wrong, without the location, e.g. `unknown field "comand"`' }),
  position: Type.Integer({ description: '0-based offset into the filter (UTF-16 code units)' }),
  line: Type.Integer({ description: '1-based' }),
  column: Type.Integer({ description: '1-based' }),
  suggestions: Type.Array(Type.String(), { description: 'what the parser suggests instead (field names, values)' }),
});

const CheckFilterBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 40, description: 'the rule type: Host, File or ThreatIntel (any spelling)' }),
    filter: Type.String({ maxLength: MAX_FILTER_LENGTH }),
  },
  { additionalProperties: false },
);

const CheckFilterAnswer = Type.Union([Type.Object({ ok: Type.Literal(true) }), Type.Object({ ok: Type.Literal(false), errors: Type.Array(FilterProblem) })], {
  title: 'FilterCheck',
});

/** The words the parser's hint quotes: `did you mean "command"?` → `["command"]`. */
function suggestionsOf(hint: string | undefined): string[] {
  return hint === undefined ? [] : [...hint.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

function problemOf(problem: Exclude<RuleProblem, { kind: 'missing' }>) {
  if (problem.kind === 'invalid') return { message: problem.reason, position: 0, line: 1, column: 1, suggestions: [] };
  const err = problem.error;
  return { message: err.reason, position: err.position, line: err.line, column: err.column, suggestions: suggestionsOf(err.hint) };
}

/**
 * Registers `POST /rules/check-filter` on a session-authenticated context.
 * ```ts
 * await signedIn.register(ruleEditorRoutes);
 * ```
 */
export async function ruleEditorRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/rules/check-filter',
    {
      schema: {
        tags: [CONSOLE_TAG],
        summary: 'Check a rule filter (the rule editor, as you type)',
        description:
          'The same checks as saving a rule (PUT/POST /v2/rulesets/{id}/rules): `{ok:true}`, or `{ok:false, errors:[{message, position, line, column, suggestions}]}` for a filter the parser refuses. 400 for an unknown rule type.',
        security: SESSION_SECURITY,
        body: CheckFilterBody,
        response: { 200: CheckFilterAnswer, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { type, filter } = request.body;
      // Only the filter is being checked: a File rule's paths are another field of the editor.
      const read = readRuleDefinition({ type, filter, watchedPaths: 1 });
      if (read.ok) return { ok: true as const };
      const { problem } = read;
      if (problem.field === 'type') throw apiError('VIGIL_INVALID_PARAMETER', 'type', problem.kind === 'invalid' ? problem.reason : 'required');
      if (problem.kind === 'missing') return { ok: false as const, errors: [{ message: 'Must not be empty.', position: 0, line: 1, column: 1, suggestions: [] }] };
      return { ok: false as const, errors: [problemOf(problem)] };
    },
  );
}
