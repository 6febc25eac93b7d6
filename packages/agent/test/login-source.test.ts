/**
 * The login source on its two inputs: a journalctl (a script standing in for it, printing the journal entries
 * of test/fixtures/auth-log/journal.jsonl as `journalctl -o json -f` does) and a real auth.log file that the
 * test appends to and rotates. And what it says when neither is there.
 */
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { journalRestartDelayMs, startLoginSource, type HostEvent, type LoginSource } from '@vigil/agent';
import { until } from './helpers/until.js';

const journal = new URL('./fixtures/auth-log/journal.jsonl', import.meta.url).pathname;
const users = { userName: () => undefined, userId: (name: string) => ({ vagrant: 1000, root: 0 })[name] };

/**
 * A journalctl that logs its arguments to `calls`, answers the probe (`-n 1`) with `probe`, and for `-f` prints
 * `follow` then stays (or, with `exitFirst`, exits 1 the first time after printing, as a journalctl whose
 * journal went away does).
 */
function fakeJournalctl(dir: string, options: { probe: string; follow: string; exitFirst?: boolean }): string {
  const path = join(dir, 'journalctl');
  writeFileSync(
    path,
    `#!/bin/sh
echo "$*" >> '${dir}/calls'
case " $* " in
  *" -f "*)
    if [ -n '${options.exitFirst ? 'yes' : ''}' ] && [ ! -e '${dir}/exited' ]; then
      cat '${options.follow}'; touch '${dir}/exited'; echo 'Failed to iterate through journal: Bad message' >&2; exit 1
    fi
    if [ ! -e '${dir}/exited' ]; then cat '${options.follow}'; fi
    exec sleep 600 ;;
  *) cat '${options.probe}' ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

const calls = (dir: string) => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');

describe('the login source', () => {
  let dir: string;
  let empty: string;
  const running: LoginSource[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-logins-'));
    empty = join(dir, 'empty');
    writeFileSync(empty, '');
  });
  after(async () => {
    await Promise.all(running.map((source) => source.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (options: Parameters<typeof startLoginSource>[0]) => {
    const source = await startLoginSource(options);
    running.push(source);
    return source;
  };

  it('follows the journal (auth and authpriv) from its end, when journalctl finds entries', async () => {
    const home = mkdtempSync(join(dir, 'journal-'));
    const events: HostEvent[] = [];
    const source = await start({ journalctl: fakeJournalctl(home, { probe: journal, follow: journal }), users, onEvent: (e) => events.push(e) });
    assert.equal(source.reading, 'the systemd journal');
    await until(() => events.some((e) => e.event_type === 'logout'), 'the logout');
    assert.equal(source.status.state, 'running');
    const [probe, follow] = calls(home);
    assert.equal(probe, '-n 1 -o json -q --no-pager');
    assert.equal(follow, '-o json -f -q --no-pager -n 0 SYSLOG_FACILITY=4 SYSLOG_FACILITY=10');
    const login = events.find((e) => e.event_type === 'login' && e.success === true && e.pid === 1710);
    assert.deepEqual([login?.user, login?.uid, login?.session, login?.src_ip], ['vagrant', 1000, 8, '192.168.42.119']);
    assert.equal(events.find((e) => e.event_type === 'sudo')?.session, 8);
    assert.equal(source.status.eventsRead, events.length);
    assert.equal(source.linesIgnored, 2, "systemd-logind's two lines");
    await source.stop();
    assert.equal(source.status.state, 'stopped');
  });

  it('starts journalctl again after it exits, from the last cursor read, and says so meanwhile', async () => {
    const home = mkdtempSync(join(dir, 'restart-'));
    const events: HostEvent[] = [];
    const source = await start({ journalctl: fakeJournalctl(home, { probe: journal, follow: journal, exitFirst: true }), users, onEvent: (e) => events.push(e) });
    await until(() => source.status.state === 'degraded', 'the exit to be noticed');
    assert.match(source.status.message!, /^journalctl exited \(status 1\): Failed to iterate through journal: Bad message; starting it again in 1 s$/);
    assert.equal(source.status.errors, 1);
    await until(() => calls(home).length === 3, 'the second journalctl', 15_000);
    const lastCursor = (JSON.parse(readFileSync(journal, 'utf8').trim().split('\n').at(-1)!) as { __CURSOR: string }).__CURSOR;
    assert.equal(calls(home)[2], `-o json -f -q --no-pager --after-cursor=${lastCursor} SYSLOG_FACILITY=4 SYSLOG_FACILITY=10`);
    await until(() => source.status.state === 'running', 'running again');
    assert.equal(source.status.message, undefined);
    assert.equal(events.filter((e) => e.event_type === 'logout').length, 1, 'nothing read twice');
  });

  it('waits longer after each exit, up to a minute: a journalctl that cannot run is no busy loop', () => {
    assert.deepEqual([1, 2, 3, 4, 6, 7, 50].map(journalRestartDelayMs), [1000, 2000, 4000, 8000, 32_000, 60_000, 60_000]);
  });

  it('follows auth.log from its end when there is no journal, through appends and rotation', async () => {
    const authLog = join(dir, 'auth.log');
    writeFileSync(authLog, 'Mar  7 18:53:20 bar sshd[1556]: Accepted password for rda from 192.0.2.113 port 52100 ssh2\n');
    const events: HostEvent[] = [];
    const source = await start({ journalctl: join(dir, 'no-journalctl'), authLogPaths: [join(dir, 'missing.log'), authLog], users, onEvent: (e) => events.push(e) });
    assert.equal(source.reading, authLog);
    assert.equal(source.status.state, 'running');
    appendFileSync(
      authLog,
      [
        'Feb 22 16:48:04 slave22 sshd[2805]: Accepted publickey for drewr from 69.245.39.97 port 34202 ssh2: RSA 01:67:32:d9:b3:20:5d:2d:5f:b4:35:c5:a5:8b:0a:5e',
        'Feb 22 16:48:04 slave22 sshd[2805]: pam_unix(sshd:session): session opened for user drewr by (uid=0)',
        'Feb 22 16:48:04 slave22 sshd[2809]: Received disconnect from 69.245.39.97: 11: disconnected by user',
        '',
      ].join('\n'),
    );
    await until(() => events.length === 1, 'the login');
    assert.deepEqual([events[0]!.event_type, events[0]!.user, events[0]!.src_ip], ['login', 'drewr', '69.245.39.97']);
    renameSync(authLog, `${authLog}.1`);
    appendFileSync(`${authLog}.1`, 'Feb 22 16:48:04 slave22 sshd[2805]: pam_unix(sshd:session): session closed for user drewr\n');
    writeFileSync(authLog, 'Feb 23 00:08:48 localhost sudo: vagrant : TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/cat /var/log/secure\n');
    await until(() => events.length === 3, 'the logout from the rotated file and the sudo from the new one');
    assert.deepEqual(
      events.map((e) => [e.event_type, e.user, e.src_ip]),
      [
        ['login', 'drewr', '69.245.39.97'],
        ['logout', 'drewr', '69.245.39.97'],
        ['sudo', 'vagrant', undefined],
      ],
      'not the line that was there before the start',
    );
    assert.equal(source.linesIgnored, 1);
  });

  it('prefers the file when journalctl is there but finds no entries (journald not running)', async () => {
    const home = mkdtempSync(join(dir, 'no-entries-'));
    const authLog = join(home, 'secure');
    writeFileSync(authLog, '');
    const journalctl = fakeJournalctl(home, { probe: empty, follow: empty });
    const source = await start({ journalctl, authLogPaths: [authLog], onEvent: () => {} });
    assert.equal(source.reading, authLog);
    const only = await start({ journalctl, mode: 'journal', onEvent: () => {} });
    assert.equal(only.status.state, 'failed');
    assert.equal(only.reading, undefined);
    assert.match(only.status.message!, /^logins are not read: no readable systemd journal \(journalctl finds no entries: journald does not run here, or the agent may not read its files\)$/);
  });

  it('fails honestly when there is neither', async () => {
    const source = await start({ journalctl: join(dir, 'no-journalctl'), authLogPaths: [join(dir, 'auth.missing'), join(dir, 'secure.missing')], onEvent: () => {} });
    assert.equal(source.status.state, 'failed');
    assert.equal(
      source.status.message,
      `logins are not read: no readable systemd journal (${join(dir, 'no-journalctl')} is not installed); ${join(dir, 'auth.missing')}: not found, ${join(dir, 'secure.missing')}: not found`,
    );
    const fileOnly = await start({ mode: 'file', journalctl: join(dir, 'never-run'), authLogPaths: [join(dir, 'auth.missing')], onEvent: () => {} });
    assert.equal(fileOnly.status.message, `logins are not read: ${join(dir, 'auth.missing')}: not found`);
    await source.stop();
    assert.equal(source.status.state, 'stopped');
  });
});
