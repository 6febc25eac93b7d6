import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AGGREGATE_FIELDS, BASE_RULE_SET, DERIVED_FIELDS, EVENT_FIELDS, EVENT_TYPES } from '../src/index.js';

const read = (name: string): string => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

/** Rows of the markdown table that follows `heading`, as arrays of trimmed cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  assert.ok(start >= 0, `missing section ${heading}`);
  const lines = markdown.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}

describe('EVENTS.md', () => {
  const md = read('EVENTS.md');

  test('the field reference lists exactly EVENT_FIELDS, with the same types', () => {
    const documented = tableAfter(md, '## Field reference').map(([name, type]) => [name!.replaceAll('`', ''), type]);
    assert.deepEqual(
      documented,
      Object.entries(EVENT_FIELDS).map(([name, spec]) => [name, spec.type]),
    );
  });

  test('the event type table lists exactly EVENT_TYPES', () => {
    const documented = tableAfter(md, '## Event types').map(([name]) => name!.replaceAll('`', ''));
    assert.deepEqual(documented, Object.keys(EVENT_TYPES));
  });

  test('derived fields are documented', () => {
    for (const name of DERIVED_FIELDS) assert.ok(md.includes(`\`${name}\``), name);
  });

  test('Host and File aggregate fields are event fields', () => {
    for (const name of [...AGGREGATE_FIELDS.Host, ...AGGREGATE_FIELDS.File]) assert.ok(Object.hasOwn(EVENT_FIELDS, name), name);
  });
});

describe('README.md', () => {
  test('the rule table matches BASE_RULE_SET', () => {
    const documented = tableAfter(read('README.md'), '## Base Rule Set');
    assert.deepEqual(
      documented,
      BASE_RULE_SET.rules.map((r) => [r.name, r.type, String(r.severityOfAlerts), `${r.window} s / ${r.threshold}`]),
    );
  });
});
