/**
 * The pieces the exports are built from, against what Python's csv module, repr() and pandas write.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFormat } from '../src/format/output.js';
import { csvRow, parseCsv } from '../src/format/csv.js';
import { createProgress } from '../src/format/progress.js';
import { pyRepr, pyStr } from '../src/format/python-repr.js';
import { pandasColumn, pandasCsv, pandasDatetimes } from '../src/exports/pandas-csv.js';
import { pythonIsoformat, sanitizeOrgName, utcMinute } from '../src/exports/common.js';
import { agentRow } from '../src/exports/agents.js';
import { exitCodeForStatus } from '../src/client/exit-codes.js';
import { redact } from '../src/client/report-error.js';
import { rawTarget } from '../src/commands/raw.js';
import { normalizeEndpoint, resolveConnection } from '../src/client/credentials.js';

describe('Python csv.writer rows', () => {
  it('quotes only fields with a comma, quote, CR or LF, and writes CRLF', () => {
    assert.equal(csvRow(['a', 'b,c', 'say "hi"', 'x\ny', '']), 'a,"b,c","say ""hi""","x\ny",\r\n');
    assert.equal(csvRow(['']), '""\r\n', 'a lone empty field is quoted, as Python does');
    assert.equal(csvRow(['a', 'b'], '\n'), 'a,b\n');
  });
  it('parses back what it writes', () => {
    assert.deepEqual(parseCsv(csvRow(['a', 'b,c', 'q"q', 'l\r\nm']) + csvRow(['1', '', '3', '4'])), [['a', 'b,c', 'q"q', 'l\r\nm'], ['1', '', '3', '4']]);
  });
});

describe('Python repr and str of JSON values', () => {
  it('writes lists, dicts, booleans and None as Python does', () => {
    assert.equal(pyRepr(['10.0.0.1/24', 'fe80::1/64']), "['10.0.0.1/24', 'fe80::1/64']");
    assert.equal(pyRepr([{ source: 'ec2', key: 'Name', value: 'web' }]), "[{'source': 'ec2', 'key': 'Name', 'value': 'web'}]");
    assert.equal(pyRepr({ a: true, b: false, c: null, d: 3, e: 0.5 }), "{'a': True, 'b': False, 'c': None, 'd': 3, 'e': 0.5}");
    assert.equal(pyRepr("it's"), '"it\'s"');
    assert.equal(pyRepr('both \' and "'), "'both \\' and \"'");
    assert.equal(pyRepr('tab\there\n'), "'tab\\there\\n'");
    assert.equal(pyRepr(1e-7), '1e-07');
    assert.equal(pyStr('plain'), 'plain');
    assert.equal(pyStr(true), 'True');
  });
});

describe('pandas to_csv', () => {
  it('writes columns in order of appearance, LF, empty for None and missing, ints with gaps as floats', () => {
    const csv = pandasCsv([{ id: 'a', n: 1, ok: true, tags: ['x'] }, { id: 'b', ok: false, extra: null }]);
    assert.equal(csv, "id,n,ok,tags,extra\na,1.0,True,['x'],\nb,,False,,\n");
    assert.deepEqual(pandasColumn([1, 2]), ['1', '2']);
    assert.deepEqual(pandasColumn([1, 2.5]), ['1.0', '2.5']);
    assert.deepEqual(pandasColumn(['x', 1]), ['x', '1'], 'object columns keep ints');
    assert.equal(pandasCsv([]), '\n', 'an empty frame');
  });
  it('formats datetime columns at the precision the values need', () => {
    assert.deepEqual(pandasDatetimes([Date.UTC(2024, 0, 2, 3, 4, 5, 123), Date.UTC(2024, 0, 2, 3, 4, 6)]), ['2024-01-02 03:04:05.123', '2024-01-02 03:04:06.000']);
    assert.deepEqual(pandasDatetimes([Date.UTC(2024, 0, 2, 3, 4, 5), null]), ['2024-01-02 03:04:05', '']);
    assert.deepEqual(pandasDatetimes([Date.UTC(2024, 0, 2)]), ['2024-01-02']);
  });
});

describe('the scripts\' names and dates', () => {
  it('sanitises organization names to ASCII letters and digits', () => {
    assert.equal(sanitizeOrgName('Acme Corp. (prod)_2'), 'AcmeCorpprod2');
    assert.equal(sanitizeOrgName('Café Ünited'), 'Cafnited');
  });
  it('stamps like utcnow().isoformat() and %Y-%m-%d-%H-%M', () => {
    assert.equal(pythonIsoformat(new Date(Date.UTC(2024, 4, 1, 12, 3, 4, 56))), '2024-05-01T12:03:04.056000');
    assert.equal(pythonIsoformat(new Date(Date.UTC(2024, 4, 1, 12, 3, 4, 0))), '2024-05-01T12:03:04', 'no fraction at 0 µs');
    assert.equal(utcMinute(new Date(Date.UTC(2024, 4, 1, 7, 8))), '2024-05-01-07-08');
  });
  it('writes an agent row in the agent\'s key order, like get_agents.py', () => {
    const logs: string[] = [];
    const row = agentRow(
      { id: 'a1', status: 'online', ipAddresses: { private: ['10.0.0.2/24', '127.0.0.1/8'], link_local: ['fe80::1/64'], public: ['1.2.3.4/32'] }, agentModuleHealth: { isHealthy: false }, surprise: 1 },
      false,
      (l) => logs.push(l),
    );
    assert.deepEqual(row, ['a1', 'online', "['10.0.0.2/24', '1.2.3.4/32']", 'False']);
    assert.deepEqual(logs, ['Unexpected key,val pair:  surprise 1']);
  });
});

describe('client plumbing', () => {
  it('maps statuses to the documented exit codes', () => {
    assert.deepEqual([400, 401, 403, 404, 409, 413, 429, 500, 503].map(exitCodeForStatus), [7, 3, 3, 4, 7, 7, 5, 6, 6]);
  });
  it('redacts secrets', () => {
    assert.equal(redact('key=abcdef123 and abcdef123', ['abcdef123']), 'key=*** and ***');
  });
  it('chooses table on a terminal and json otherwise', () => {
    assert.equal(chooseFormat(undefined, { isTTY: true }), 'table');
    assert.equal(chooseFormat(undefined, {}), 'json');
    assert.equal(chooseFormat('csv', {}), 'csv');
    assert.throws(() => chooseFormat('xml', {}), /--format/);
  });
  it('reads raw paths with and without /v2', () => {
    assert.deepEqual(rawTarget('agents?status=online'), { path: '/v2/agents', query: { status: 'online' } });
    assert.deepEqual(rawTarget('/v2/alerts/x/events'), { path: '/v2/alerts/x/events', query: {} });
  });
  it('takes flags over environment, and endpoints with or without /v2/', () => {
    const env = { TS_USER_ID: 'envuser', TS_API_KEY: 'envkey', TS_ORGANIZATION_ID: 'envorg', TS_API_ENDPOINT: 'https://api.example.com/v2/' };
    const c = resolveConnection({ userId: 'flaguser' }, env);
    assert.equal(c.userId, 'flaguser');
    assert.equal(c.apiKey, 'envkey');
    assert.equal(c.baseUrl, 'https://api.example.com');
    assert.equal(normalizeEndpoint('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.throws(() => normalizeEndpoint('127.0.0.1:8080'), /http/);
  });
});

describe('progress bar', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { isTTY, chunks, write: (s: string) => (chunks.push(s), true) } as any;
  };
  it('draws on a terminal and clears the line when done', () => {
    const s = sink(true);
    const bar = createProgress(s, 'alerts');
    bar.update(5, 10);
    bar.stop();
    assert.match(s.chunks[0], /alerts \[#{15}-{15}\] 5\/10/);
    assert.equal(s.chunks.at(-1), '\r\x1b[K');
  });
  it('draws nothing when stderr is not a terminal, or when disabled', () => {
    for (const [s, enabled] of [[sink(false), true], [sink(true), false]] as const) {
      const bar = createProgress(s, 'agents', { enabled });
      bar.update(1);
      bar.stop();
      assert.deepEqual(s.chunks, []);
    }
  });
});
