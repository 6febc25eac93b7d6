/**
 * The audit source on this machine's real kernel and auditd (CI installs and starts auditd): its rules go in
 * under a key of this test's own, an exec and a connect come out as host events, and stopping takes the rules
 * out again and puts the audit switch back as it was. `auditctl -e 0` after, whatever happened.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { procLookups, startAuditSource, type HostEvent } from '@vigil/agent';
import { openTcpPair } from './helpers/tcp-pair.js';
import { until } from './helpers/until.js';

const auditctl = (...args: string[]) => execFileSync('auditctl', args, { encoding: 'utf8' });


describe('audit source on the real kernel', () => {
  const key = `vigil-test-${randomBytes(4).toString('hex')}`;
  const enabledBefore = /^enabled (\d)/m.exec(auditctl('-s'))?.[1];
  after(() => {
    auditctl('-D', '-k', key);
    auditctl('-e', '0');
  });

  it('reports an exec and a connect, then removes its rules and restores the audit switch', async () => {
    const events: HostEvent[] = [];
    const source = await startAuditSource({ key, lookups: procLookups(), onEvent: (e) => events.push(e) });
    try {
    assert.equal(source.status.state, 'running', source.status.message);
    assert.match(auditctl('-l'), new RegExp(`key=${key}`), 'its rules are in');

    const marker = `vigil-marker-${randomBytes(4).toString('hex')}`;
    const child = spawn('/bin/echo', [marker, 'two words'], { stdio: 'ignore' });
    await once(child, 'exit');
    const exec = await until(() => events.find((e) => (e.args as string[] | undefined)?.[1] === marker), 'the exec event');
    assert.equal(exec.event_type, 'audit');
    assert.equal(exec.type, 'start');
    assert.equal(exec.syscall, 'execve');
    assert.equal(exec.success, true);
    assert.deepEqual(exec.args, ['/bin/echo', marker, 'two words']);
    assert.match(String(exec.exe), /\/echo$/);
    assert.equal(exec.command, 'echo');
    assert.equal(exec.pid, child.pid);
    assert.equal(exec.ppid, process.pid);
    assert.equal(exec.parent_command, 'node');
    assert.equal(exec.user, 'root');
    assert.equal(exec.uid, 0);
    assert.equal(exec.cwd, process.cwd());

    // The accepted socket stays open until its event is read: the listener's own port is looked up in /proc.
    const { port, client, close } = await openTcpPair();
    try {
      const outbound = await until(() => events.find((e) => e.event_type === 'connect' && e.dst_port === port), 'the connect event');
      assert.equal(outbound.dst_ip, '127.0.0.1');
      assert.equal(outbound.pid, process.pid);
      const inbound = await until(() => events.find((e) => e.event_type === 'accept' && e.src_port === client.localPort), 'the accept event');
      assert.equal(inbound.src_ip, '127.0.0.1');
      assert.equal(inbound.connect_type, 'inbound');
      assert.equal(inbound.dst_port, port, 'the listening port, from /proc');
    } finally {
      close();
    }
    } finally {
      await source.stop();
    }
    assert.equal(source.status.state, 'stopped');
    assert.doesNotMatch(auditctl('-l'), new RegExp(`key=${key}`), 'its rules are out');
    assert.equal(/^enabled (\d)/m.exec(auditctl('-s'))?.[1], enabledBefore, 'the audit switch is as it was');
  });
});
