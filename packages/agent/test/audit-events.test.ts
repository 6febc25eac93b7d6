/**
 * The audit pipeline on records this machine's kernel wrote (test/fixtures/audit-records.log: auditd's log
 * for `echo "héllo wörld" 'a b'`, `/bin/true` with a 9,000-byte argument, connects over IPv4 and IPv6, an
 * accept, finit_module and delete_module, and a setuid, taken with `auditctl -k vigilfx` rules).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AuditAssembler, parseAuditRecord, toHostEvent, type AuditEvent, type HostLookups } from '@vigil/agent';

const lines = readFileSync(new URL('./fixtures/audit-records.log', import.meta.url), 'utf8').split('\n').filter(Boolean);

const host: HostLookups = {
  userName: (uid) => ({ 0: 'root', 65534: 'nobody' })[uid],
  process: (pid) => (pid === 25307 ? { exe: '/usr/bin/bash', command: 'bash', args: ['bash', '-c', 'demo'] } : undefined),
  containerId: (pid) => (pid === 25324 ? 'c0ffee' : undefined),
  socketAddresses: (pid, fd) =>
    pid === 25324 && fd === 5 ? { local: { ip: '127.0.0.1', port: 40000 }, remote: { ip: '127.0.0.1', port: 52886 } } : undefined,
};

function assemble(input: readonly string[]): AuditEvent[] {
  const assembler = new AuditAssembler();
  const events: AuditEvent[] = [];
  for (const line of input) {
    const record = parseAuditRecord(line);
    if (record) events.push(...assembler.push(record, 0));
  }
  return [...events, ...assembler.drain()];
}

const bySerial = new Map(assemble(lines).map((e) => [e.serial, e]));
const hostEvent = (serial: number) => toHostEvent(bySerial.get(serial)!, host);

describe('audit records', () => {
  it('parses quoted, bare and hex fields, the enriched part, and user-space msg= fields', () => {
    const record = parseAuditRecord(lines.find((l) => l.includes(':264)') && l.startsWith('type=SYSCALL'))!)!;
    assert.equal(record.type, 'SYSCALL');
    assert.equal(record.time, 1796655438409);
    assert.equal(record.serial, 264);
    assert.equal(record.fields.comm, 'echo');
    assert.equal(record.fields.tty, '(none)');
    assert.equal(record.enriched.SYSCALL, 'execve');
    assert.equal(record.enriched.UID, 'root');
    const login = parseAuditRecord(
      `type=USER_LOGIN msg=audit(1700000000.123:77): pid=9 uid=0 auid=1000 ses=3 msg='op=login id=1000 exe="/usr/sbin/sshd" hostname=? addr=198.51.100.23 terminal=/dev/pts/0 res=success'\x1dUID="root" AUID="kpatel"`,
    )!;
    assert.equal(login.fields.exe, '/usr/sbin/sshd');
    assert.equal(login.fields.addr, '198.51.100.23');
    assert.equal(login.fields.res, 'success');
    assert.equal(login.enriched.AUID, 'kpatel');
    assert.equal(parseAuditRecord('node=web-1 type=CWD msg=audit(1700000000.001:5): cwd="/"')?.fields.cwd, '/');
    assert.equal(parseAuditRecord('not an audit line'), undefined);
    assert.equal(parseAuditRecord('type=CWD msg=audit(17000'), undefined);
  });

  it('joins every record of an event and lets go of one that never closes', () => {
    const events = assemble(lines);
    assert.equal(new Set(events.map((e) => e.serial)).size, events.length, 'one event per serial');
    assert.deepEqual(bySerial.get(503)!.records.map((r) => r.type), ['SYSCALL', 'BPRM_FCAPS', 'EXECVE', 'EXECVE', 'EXECVE', 'CWD', 'PATH', 'PATH', 'PROCTITLE']);
    const assembler = new AuditAssembler({ maxWaitMs: 100, maxPending: 2 });
    const one = (serial: number, type = 'SYSCALL') => parseAuditRecord(`type=${type} msg=audit(1700000000.000:${serial}): x=1`)!;
    assert.deepEqual(assembler.push(one(1), 0), []);
    assert.deepEqual(assembler.expire(99), [], 'still waiting for more records');
    assert.deepEqual(assembler.expire(100).map((e) => e.serial), [1]);
    assembler.push(one(2), 200);
    assembler.push(one(3), 200);
    assert.deepEqual(assembler.push(one(4), 200).map((e) => e.serial), [2], 'beyond maxPending the oldest goes');
    assert.deepEqual(assembler.push(one(3, 'EOE'), 201).map((e) => e.serial), [3], 'EOE closes an event');
    assert.equal(assembler.pending, 1);
  });
});

describe('audit events → Vigil host events', () => {
  it('an execve: arguments decoded from hex, process, parent and user fields', () => {
    assert.deepEqual(hostEvent(264), {
      event_type: 'audit',
      type: 'start',
      timestamp: 1796655438409,
      syscall: 'execve',
      success: true,
      uid: 0,
      user: 'root',
      gid: 0,
      tty: '(none)',
      session: 4294967295,
      pid: 25323,
      ppid: 25307,
      cwd: '/tmp',
      exe: '/usr/bin/echo',
      command: 'echo',
      args: ['/bin/echo', 'héllo wörld', 'a b'],
      parent_exe: '/usr/bin/bash',
      parent_command: 'bash',
      parent_args: ['bash', '-c', 'demo'],
    });
  });

  it('an argument the kernel split across EXECVE records is put back together', () => {
    const event = hostEvent(503)!;
    assert.deepEqual(event.args, ['/bin/true', 'x'.repeat(9000)]);
  });

  it('an exec that found no file (a PATH search) is not reported', () => {
    assert.equal(bySerial.get(266)!.records[0]!.fields.exit, '-2');
    assert.equal(hostEvent(266), undefined);
  });

  it('connects over IPv4 and IPv6, a non-blocking connect in progress counting as success', () => {
    const v4 = hostEvent(504)!;
    assert.equal(v4.event_type, 'connect');
    assert.equal(v4.connect_type, 'outbound');
    assert.equal(v4.dst_ip, '127.0.0.1');
    assert.equal(v4.dst_port, 9);
    assert.equal(v4.success, true, 'EINPROGRESS');
    assert.equal(v4.container_id, 'c0ffee');
    assert.deepEqual(v4.args, ['/usr/bin/env', 'bash', '/root/.pyenv/shims/python3', '-'], 'from PROCTITLE');
    const v6 = hostEvent(505)!;
    assert.equal(v6.dst_ip, '::1');
    assert.equal(v6.dst_port, 9);
  });

  it('an accept: the client from the record, the listener side from the host', () => {
    const event = hostEvent(507)!;
    assert.equal(event.event_type, 'accept');
    assert.equal(event.connect_type, 'inbound');
    assert.equal(event.syscall, 'accept4');
    assert.equal(event.src_ip, '127.0.0.1');
    assert.equal(event.src_port, 52886);
    assert.equal(event.dst_ip, '127.0.0.1');
    assert.equal(event.dst_port, 40000);
  });

  it('module loads and unloads, and a privilege change', () => {
    const load = hostEvent(508)!;
    assert.equal(load.event_type, 'kernel_module');
    assert.equal(load.type, 'load');
    assert.equal(load.syscall, 'finit_module');
    assert.equal(load.success, false);
    assert.equal(load.module, undefined, 'python3 names no module');
    assert.equal(hostEvent(509)!.type, 'unload');
    const setuid = hostEvent(510)!;
    assert.equal(setuid.event_type, 'audit');
    assert.equal(setuid.type, 'syscall');
    assert.equal(setuid.syscall, 'setuid');
    assert.equal(setuid.uid, 65534);
    assert.equal(setuid.user, 'nobody');
  });

  it('names a module from KERN_MODULE, or from what insmod was given', () => {
    const event = (extra: string, comm: string, proctitle: string): AuditEvent => ({
      time: 1,
      serial: 1,
      records: [
        `type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=313 success=yes exit=0 pid=7 ppid=1 uid=0 comm="${comm}" exe="/usr/bin/kmod"`,
        ...(extra ? [extra] : []),
        `type=PROCTITLE msg=audit(1700000000.000:1): proctitle=${Buffer.from(proctitle.replaceAll(' ', '\0')).toString('hex').toUpperCase()}`,
      ].map((l) => parseAuditRecord(l)!),
    });
    assert.equal(toHostEvent(event('type=KERN_MODULE msg=audit(1700000000.000:1): name="overlay"', 'modprobe', 'modprobe overlay'), host)!.module, 'overlay');
    assert.equal(toHostEvent(event('', 'insmod', 'insmod /tmp/.ICE-unix/diamorphine.ko'), host)!.module, 'diamorphine');
  });

  it('an accept whose record names no client (libuv asks accept() for none) takes both ends from the host', () => {
    const records = bySerial.get(507)!.records.filter((r) => r.type !== 'SOCKADDR');
    const event = toHostEvent({ time: 1, serial: 507, records }, host)!;
    assert.equal(event.src_ip, '127.0.0.1');
    assert.equal(event.src_port, 52886);
    assert.equal(event.dst_port, 40000);
    assert.equal(toHostEvent({ time: 1, serial: 507, records }, { ...host, socketAddresses: () => undefined }), undefined, 'no client known');
  });

  it('unix-socket connects and records without a SYSCALL are not host events', () => {
    const unix: AuditEvent = {
      time: 1,
      serial: 9,
      records: [
        'type=SYSCALL msg=audit(1700000000.000:9): arch=c000003e syscall=42 success=yes exit=0 pid=7 uid=0 comm="node"',
        'type=SOCKADDR msg=audit(1700000000.000:9): saddr=01002F746D702F78',
      ].map((l) => parseAuditRecord(l)!),
    };
    assert.equal(toHostEvent(unix, host), undefined);
    assert.equal(toHostEvent({ time: 1, serial: 2, records: [parseAuditRecord('type=CWD msg=audit(1700000000.000:2): cwd="/"')!] }, host), undefined);
  });
});
