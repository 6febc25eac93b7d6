/**
 * The file integrity source on real temporary folders: a baseline, then inotify-driven changes (write, create,
 * chmod, rename, delete) as `file` events with hashes, mode, size and owner; ignore globs and monitored event
 * types honoured; changes made while it was stopped reported at the next start; a missing path watched for
 * its creation; the hashing cap and the entry cap; a new configuration moving the watches.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { WatchedPath } from '@vigil/sdk';
import { startFimSource, type FimSource } from '../src/fim/fim-source.js';
import type { HostEvent } from '../src/audit/to-event.js';
import { until } from './helpers/until.js';

const ALL = ['attrib', 'delete', 'modify', 'open'] as WatchedPath['eventsToMonitor'];
const hex = (algorithm: string, text: string) => createHash(algorithm).update(text).digest('hex');

describe('file integrity source', () => {
  let root: string;
  let watched: string;
  let stateDir: string;
  let events: HostEvent[];
  let fim: FimSource | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vigil-fim-'));
    watched = join(root, 'watched');
    stateDir = join(root, 'state');
    mkdirSync(watched);
    mkdirSync(stateDir);
    events = [];
  });
  afterEach(async () => {
    await fim?.stop();
    fim = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  const start = async (paths: WatchedPath[] = [{ path: watched, recursive: true, ignoreFiles: [], eventsToMonitor: ALL }], over = {}) => {
    fim = await startFimSource({ stateDir, paths, onEvent: (e) => events.push(e), quietMs: 50, maxDelayMs: 1000, userName: (uid) => (uid === 0 ? 'root' : undefined), ...over });
    await fim.ready;
    return fim;
  };
  const eventFor = (filename: string, type?: string) => until(() => events.find((e) => e.filename === filename && (type === undefined || e.type === type)), `a ${type ?? ''} event for ${filename}`);
  const brief = (e: HostEvent) => [e.filename, e.type, e.syscall];

  it('takes a silent baseline, then reports a write with the new hashes, mode, size and owner', async () => {
    const file = join(watched, 'app.conf');
    writeFileSync(file, 'before\n', { mode: 0o640 });
    const starting = await startFimSource({ stateDir, paths: [{ path: watched, recursive: true, ignoreFiles: [], eventsToMonitor: ALL }], onEvent: (e) => events.push(e), quietMs: 50 });
    assert.equal(starting.status.state, 'starting', 'the agent does not wait for the baseline');
    await starting.stop();
    rmSync(join(stateDir, 'fim-baseline.json'));
    await start();
    assert.deepEqual(events, [], 'the first baseline is not news');
    assert.equal(fim!.status.state, 'running');

    writeFileSync(file, 'after\n');
    const e = await eventFor(file);
    assert.deepEqual(
      { ...e, timestamp: 0 },
      {
        event_type: 'file', type: 'modify', syscall: 'write', success: true, timestamp: 0, filename: file,
        mode: '0640', size: 6, owner_uid: process.getuid!(), owner_gid: process.getgid!(), owner: 'root',
        md5: hex('md5', 'after\n'), sha1: hex('sha1', 'after\n'), sha256: hex('sha256', 'after\n'),
      },
    );
    await fim!.settled();
    assert.equal(events.length, 1);
    assert.equal(fim!.status.eventsRead, 1);
  });

  it('reports a create, a chmod, a rename (both names) and a delete, each once', async () => {
    writeFileSync(join(watched, 'old-name'), 'x');
    await start();
    writeFileSync(join(watched, 'new-file'), 'hello');
    await eventFor(join(watched, 'new-file'));
    chmodSync(join(watched, 'new-file'), 0o600);
    const attrib = await eventFor(join(watched, 'new-file'), 'attrib');
    assert.equal(attrib.mode, '0600');
    renameSync(join(watched, 'old-name'), join(watched, 'renamed'));
    await eventFor(join(watched, 'renamed'));
    unlinkSync(join(watched, 'new-file'));
    await eventFor(join(watched, 'new-file'), 'delete');
    await fim!.settled();
    assert.deepEqual(events.map(brief), [
      [join(watched, 'new-file'), 'modify', 'creat'],
      [join(watched, 'new-file'), 'attrib', 'chmod'],
      [join(watched, 'old-name'), 'delete', 'rename'],
      [join(watched, 'renamed'), 'modify', 'rename'],
      [join(watched, 'new-file'), 'delete', 'unlink'],
    ]);
    assert.equal(events.at(-2)!.sha256, hex('sha256', 'x'));
  });

  it('reports one event for one write of a big file made of many chunks', async () => {
    const big = join(watched, 'big.bin');
    writeFileSync(big, '');
    // Quiet for half a second before a change is looked at, as one write (of many chunks) is never that slow.
    await start(undefined, { quietMs: 500, maxDelayMs: 10_000 });
    const chunk = 'z'.repeat(64 * 1024);
    for (let i = 0; i < 64; i++) await appendFile(big, chunk);
    const e = await eventFor(big);
    await fim!.settled();
    assert.deepEqual(events.map(brief), [[big, 'modify', 'write']]);
    assert.equal(e.size, 64 * chunk.length);
    assert.equal(e.sha256, hex('sha256', chunk.repeat(64)));
  });

  it("lets the agent's own audit log grow unreported, and still reports it cut, rewritten, chmod'ed, replaced or deleted", async () => {
    const log = join(watched, 'audit.log');
    const other = join(watched, 'other.conf');
    const line = (i: number) => `type=SYSCALL msg=audit(1796655440.${String(i % 1000).padStart(3, '0')}:${i}): syscall=59 success=yes\n`;
    writeFileSync(log, Array.from({ length: 100 }, (_, i) => line(i)).join(''), { mode: 0o600 });
    writeFileSync(other, 'a');
    await start(undefined, { ownLogs: [log] });
    // auditd appends a record for every event the agent's rules catch: that is the agent's own doing, not news.
    for (let i = 100; i < 300; i++) await appendFile(log, line(i));
    writeFileSync(other, 'b');
    await eventFor(other);
    await fim!.settled();
    assert.deepEqual(events.map(brief), [[other, 'modify', 'write']]);

    // Cut to nothing and written again past its old size: its first bytes differ.
    const rewritten = `forged ${line(0)}`.repeat(400);
    writeFileSync(log, rewritten);
    const cut = await eventFor(log);
    assert.deepEqual([cut.type, cut.syscall, cut.size, cut.sha256], ['modify', 'write', rewritten.length, hex('sha256', rewritten)]);
    chmodSync(log, 0o644);
    await eventFor(log, 'attrib');
    writeFileSync(log, line(2));
    await until(() => events.filter((e) => e.filename === log && e.type === 'modify').length === 2 || undefined, 'the truncation');
    renameSync(other, log);
    await until(() => events.find((e) => e.filename === log && e.syscall === 'rename'), 'the replacement');
    unlinkSync(log);
    await eventFor(log, 'delete');
    await fim!.settled();
    assert.deepEqual(events.filter((e) => e.filename === log).map(brief), [
      [log, 'modify', 'write'],
      [log, 'attrib', 'chmod'],
      [log, 'modify', 'write'],
      [log, 'modify', 'rename'],
      [log, 'delete', 'unlink'],
    ]);
  });

  it('honours ignore globs, exact ignores and the monitored event types', async () => {
    await start([{ path: watched, recursive: true, ignoreFiles: [`${watched}/**.swp`, join(watched, 'cache')], eventsToMonitor: ['delete'] }]);
    writeFileSync(join(watched, 'kept'), 'a');
    writeFileSync(join(watched, '.kept.swp'), 'a');
    writeFileSync(join(watched, 'cache'), 'a');
    await fim!.settled();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await fim!.settled();
    assert.deepEqual(events, [], 'a create is a modify, which is not monitored');
    for (const name of ['kept', '.kept.swp', 'cache']) unlinkSync(join(watched, name));
    await eventFor(join(watched, 'kept'), 'delete');
    await fim!.settled();
    assert.deepEqual(events.map(brief), [[join(watched, 'kept'), 'delete', 'unlink']]);
  });

  it('reports at start what changed while it was stopped, from the baseline kept in the state folder', async () => {
    writeFileSync(join(watched, 'changed'), 'one');
    writeFileSync(join(watched, 'deleted'), 'one');
    writeFileSync(join(watched, 'same'), 'one');
    mkdirSync(join(watched, 'sub'));
    await (await start()).stop();
    fim = undefined;

    writeFileSync(join(watched, 'changed'), 'two');
    unlinkSync(join(watched, 'deleted'));
    writeFileSync(join(watched, 'sub', 'created'), 'new');
    await start();
    assert.deepEqual(events.map(brief), [
      [join(watched, 'changed'), 'modify', 'write'],
      [join(watched, 'deleted'), 'delete', 'unlink'],
      [join(watched, 'sub', 'created'), 'modify', 'creat'],
    ]);
    assert.equal(events[0]!.sha256, hex('sha256', 'two'));
    assert.deepEqual([events[0]!.md5, events[0]!.sha1], [hex('md5', 'two'), hex('sha1', 'two')], 'what is reported carries every digest');
    assert.deepEqual([events[2]!.md5, events[2]!.sha256], [hex('md5', 'new'), hex('sha256', 'new')]);
    await fim!.stop();
    fim = undefined;
    // The baseline itself needs SHA-256 only: the walk does not spend MD5 and SHA-1 on files no event names.
    const kept = JSON.parse(readFileSync(join(stateDir, 'fim-baseline.json'), 'utf8')) as { entries: Record<string, { md5?: string; sha256?: string }> };
    const same = kept.entries[join(watched, 'same')]!;
    assert.deepEqual([same.sha256, same.md5], [hex('sha256', 'one'), undefined]);
  });

  it('watches a path that does not exist yet for its creation, through its parents', async () => {
    const later = join(watched, 'not', 'yet', 'there.conf');
    await start([{ path: later, recursive: false, ignoreFiles: [], eventsToMonitor: ALL }]);
    assert.equal(fim!.status.state, 'running', 'a missing path is no failure');
    mkdirSync(join(watched, 'not', 'yet'), { recursive: true });
    await fim!.settled();
    writeFileSync(later, 'now');
    const e = await eventFor(later);
    assert.deepEqual(brief(e), [later, 'modify', 'creat']);
  });

  it('reports a file past the hashing cap without hashes, and says when the entry cap is hit', async () => {
    for (let i = 0; i < 5; i++) writeFileSync(join(watched, `f${i}`), 'x');
    await start(undefined, { maxHashBytes: 4, maxEntries: 3 });
    assert.equal(fim!.status.state, 'degraded');
    assert.match(fim!.status.message!, /more than 3 entries/);
    await fim!.stop();

    fim = undefined;
    rmSync(join(stateDir, 'fim-baseline.json'));
    await start(undefined, { maxHashBytes: 4 });
    writeFileSync(join(watched, 'f0'), 'longer than four');
    const e = await eventFor(join(watched, 'f0'));
    assert.equal(e.size, 16);
    assert.equal(e.sha256, undefined);
    assert.equal(fim!.status.state, 'running');
  });

  it('a new configuration moves the watches: the new path is reported, the old one no longer', async () => {
    const other = join(root, 'other');
    mkdirSync(other);
    await start();
    await fim!.update([{ path: other, recursive: false, ignoreFiles: [], eventsToMonitor: ALL }]);
    assert.deepEqual(events, [], 'a newly watched path is baselined, not reported');
    writeFileSync(join(watched, 'not-any-more'), 'x');
    writeFileSync(join(other, 'now-watched'), 'x');
    await eventFor(join(other, 'now-watched'));
    await fim!.settled();
    assert.deepEqual(events.map(brief), [[join(other, 'now-watched'), 'modify', 'creat']]);
  });

  it('is degraded, naming the path, where permission is denied (run as an unprivileged user)', () => {
    chmodSync(root, 0o755);
    chmodSync(watched, 0o755);
    chmodSync(stateDir, 0o777);
    mkdirSync(join(watched, 'secret'), { mode: 0o700 });
    writeFileSync(join(watched, 'secret', 'key'), 'x');
    const source = fileURLToPath(new URL('../src/fim/fim-source.ts', import.meta.url));
    const script = `const { startFimSource } = await import(${JSON.stringify(source)});
      const fim = await startFimSource({ stateDir: ${JSON.stringify(stateDir)}, paths: [{ path: ${JSON.stringify(watched)}, recursive: true, ignoreFiles: [], eventsToMonitor: ['modify'] }], onEvent() {} });
      await fim.ready;
      console.log(JSON.stringify(fim.status)); await fim.stop();`;
    // root reads everything: the source runs as nobody, as an agent without root would.
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const status = JSON.parse(out) as { state: string; message: string };
    assert.equal(status.state, 'degraded');
    assert.equal(status.message, `cannot read ${join(watched, 'secret')} (EACCES)`);
  });
});
