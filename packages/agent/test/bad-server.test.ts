/**
 * The agent facing a server that misbehaves, through the real protocol client over real HTTP (a stand-in server
 * on 127.0.0.1): 500s, answers that are not Vigil's, refused credentials, a busy server. Each is a clear
 * message; the shipper waits between attempts (counted through an injected sleep, never timed) and keeps every
 * batch in the spool. A start that cannot succeed (registration refused or answered with garbage, a state folder
 * the agent cannot write) ends with a message and keeps nothing.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { AgentClient } from '@vigil/sdk';
import { Shipper, Spool } from '@vigil/agent';
import { main } from '@vigil/agent/cli';
import { until } from './helpers/until.js';

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const html: Answer = { status: 200, body: '<html><body>Welcome to nginx!</body></html>', headers: { 'content-type': 'text/html' } };

/** Answers each request to a path from that path's script (its last answer repeats), recording the requests. */
async function standInServer(scripts: Record<string, Answer[]>) {
  const requests: Array<{ path: string; batchId?: string }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '';
      const batchId = req.headers['vigil-batch-id'] as string | undefined;
      const answers = scripts[path] ?? [json(404, { errors: ['not found'] })];
      const seen = requests.filter((r) => r.path === path).length;
      requests.push({ path, ...(batchId ? { batchId } : {}) });
      const answer = answers[Math.min(seen, answers.length - 1)]!;
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests, close: () => server.close() };
}

async function cli(args: string[]) {
  const out: string[] = [];
  const code = await main(args, {}, { out: (t) => out.push(t), err: (t) => out.push(t) });
  return { code, text: out.join('') };
}

describe('vigil-agent against a server that misbehaves', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-bad-server-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a registration answered with 500, or with a page that is not Vigil, ends the start with a message and keeps no credentials', async () => {
    const failing = await standInServer({ '/agent/v1/register': [json(500, { errors: ['Internal Server Error'] })] });
    const garbage = await standInServer({ '/agent/v1/register': [html] });
    try {
      const stateDir = join(dir, 'state');
      const r500 = await cli(['run', '--url', failing.url, '--deploy-key', 'dk', '--state-dir', stateDir]);
      assert.equal(r500.code, 2);
      assert.match(r500.text, /^vigil-agent: the server at http:\/\/127\.0\.0\.1:\d+\/ could not register this agent \(500\): .*the next start tries again\n$/);
      const rGarbage = await cli(['run', '--url', garbage.url, '--deploy-key', 'dk', '--state-dir', stateDir]);
      assert.equal(rGarbage.code, 2);
      assert.match(rGarbage.text, /answered the registration without agent credentials: is it Vigil \(check --url\)\?/);
      assert.equal(existsSync(join(stateDir, 'credentials.json')), false);
      assert.deepEqual([failing.requests.length, garbage.requests.length], [1, 1], 'one attempt each: a registration is not retried blindly');
    } finally {
      failing.close();
      garbage.close();
    }
  });

  it('a state folder it cannot create ends the start before anything is sent, naming the folder', async () => {
    const server = await standInServer({});
    try {
      writeFileSync(join(dir, 'a-file'), '');
      const stateDir = join(dir, 'a-file', 'state');
      const r = await cli(['run', '--url', server.url, '--deploy-key', 'dk', '--state-dir', stateDir]);
      assert.equal(r.code, 2);
      assert.equal(r.text, `vigil-agent: the state folder ${stateDir} cannot be used (ENOTDIR): run the agent as root or pick another with --state-dir\n`);
      assert.equal(server.requests.length, 0);
    } finally {
      server.close();
    }
  });

  it('500s, unsigned garbage, refused credentials and a busy server: one attempt per backoff wait, every batch kept in order', async () => {
    const server = await standInServer({
      '/agent/v1/events': [
        json(500, { errors: ['Internal Server Error'] }),
        { status: 500, body: 'upstream exploded', headers: { 'content-type': 'text/plain' } },
        html,
        { status: 200, body: '{"accepted": 2, "dupl', headers: { 'content-type': 'application/json' } },
        json(401, { errors: ['Unauthorized'] }),
        json(503, { errors: ['busy'] }, { 'retry-after': '7' }),
      ],
    });
    const waits: number[] = [];
    const problems: string[] = [];
    const spool = new Spool({ dir });
    const client = new AgentClient({ baseUrl: server.url, agentId: 'agent-1', secret: 's'.repeat(43), maxRetries: 0 });
    const shipper = new Shipper({
      sender: client,
      spool,
      maxEvents: 2,
      onProblem: (m) => problems.push(m),
      backoff: {
        baseMs: 1000,
        maxMs: 8000,
        random: () => 1,
        // Six waits pass at once; the seventh lasts until the shipper stops, so the attempts can be counted.
        sleep: (ms, signal) => {
          waits.push(ms);
          return waits.length <= 6 ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
        },
      },
    });
    try {
      for (let n = 1; n <= 6; n++) shipper.add({ event_type: 'audit', timestamp: n, n });
      shipper.start();
      await until(() => waits.length === 7, 'seven failed attempts');
      const sends = server.requests.filter((r) => r.path === '/agent/v1/events');
      assert.equal(sends.length, 7, 'exactly one attempt per wait');
      assert.deepEqual(waits, [1000, 2000, 4000, 8000, 8000, 7000, 7000], 'exponential, capped, and a 503 waits as long as its Retry-After');
      assert.deepEqual(new Set(sends.map((s) => s.batchId)).size, 1, 'the oldest batch is retried, never skipped');
      assert.match(problems[0]!, /sending batch \S+ failed \(.*500.*\); 3 batches wait in the spool/);
      assert.match(problems[2]!, /Server-Authorization/i, 'an unsigned 200 is not taken for an answer');
      assert.match(problems[3]!, /Server-Authorization/i);
      assert.match(problems[4]!, /the server refuses this agent's credentials/);
      assert.match(problems[5]!, /503/);
      assert.deepEqual(shipper.stats, { read: 6, sent: 0, rejected: 0, lastError: shipper.stats.lastError });
    } finally {
      await shipper.stop();
      server.close();
    }
    assert.deepEqual(new Spool({ dir }).stats, { batches: 3, bytes: spool.stats.bytes, events: 6, droppedEvents: 0, droppedBatches: 0 }, 'all kept on disk');
  });
});
