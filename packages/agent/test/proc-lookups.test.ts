/** Host lookups against this machine's own /proc, and the parsers behind them on known inputs. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { containerIdFromCgroup, decodeProcNetAddress, parsePasswd, parsePasswdIds, procLookups, UserNames } from '@vigil/agent';
import { openTcpPair } from './helpers/tcp-pair.js';

const ID = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);

describe('host lookups from /proc', () => {
  it("reads a live process's executable, name and command line, and forgets nothing it cannot read", async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      const lookups = procLookups();
      const facts = lookups.process(child.pid!);
      assert.equal(facts?.command, 'sleep');
      assert.deepEqual(facts?.args, ['sleep', '30']);
      assert.match(facts?.exe ?? '', /\/sleep$/);
      assert.equal(lookups.process(2 ** 22 + 7), undefined, 'no such pid');
    } finally {
      child.kill();
    }
  });

  it("finds both ends of an accepted connection in the process's socket table", async () => {
    const { port, client, accepted, close } = await openTcpPair();
    try {
      const fd = (accepted as unknown as { _handle: { fd: number } })._handle.fd;
      assert.deepEqual(procLookups().socketAddresses!(process.pid, fd), {
        local: { ip: '127.0.0.1', port },
        remote: { ip: '127.0.0.1', port: client.localPort },
      });
      assert.equal(procLookups().socketAddresses!(process.pid, 0), undefined, 'stdin is no socket');
    } finally {
      close();
    }
  });

  it("remembers a pid's container and process facts for their ttl, for a bounded number of pids, the least recently asked forgotten first", () => {
    const proc = mkdtempSync(join(tmpdir(), 'vigil-proc-'));
    const other = 'c'.repeat(64);
    const fake = (pid: number, id: string, comm = 'app') => {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      // A cgroup file longer than one read: the id is on its last line.
      writeFileSync(join(proc, String(pid), 'cgroup'), `${'9:name=systemd:/\n'.repeat(600)}0::/system.slice/docker-${id}.scope\n`);
      writeFileSync(join(proc, String(pid), 'comm'), `${comm}\n`);
      writeFileSync(join(proc, String(pid), 'cmdline'), `${comm}\0--flag\0`);
    };
    try {
      for (const pid of [100, 101, 102]) fake(pid, ID);
      let clock = 0;
      const lookups = procLookups({ procRoot: proc, processTtlMs: 1000, maxPids: 2, now: () => clock });
      assert.equal(lookups.containerId(100), ID);
      assert.deepEqual(lookups.process(100), { command: 'app', args: ['app', '--flag'] });
      assert.equal(lookups.containerId(101), ID);
      fake(100, other, 'moved');
      fake(101, other, 'moved');
      assert.equal(lookups.containerId(100), ID, 'remembered');
      assert.equal(lookups.process(100)?.command, 'app', 'remembered');
      assert.equal(lookups.containerId(102), ID, 'a third pid: 101, asked least recently, is forgotten');
      assert.equal(lookups.containerId(101), other, 'read again (and 100 forgotten in turn)');
      assert.equal(lookups.containerId(100), other);
      fake(102, other, 'moved');
      clock += 1000;
      assert.equal(lookups.containerId(102), other, 'read again after its ttl');
      assert.equal(lookups.process(102)?.command, 'moved');
      rmSync(join(proc, '102'), { recursive: true });
      clock += 1000;
      assert.equal(lookups.containerId(102), undefined, 'gone');
      fake(103, ID);
      writeFileSync(join(proc, '103', 'cgroup'), '0::/user.slice/user-0.slice/session-1.scope\n');
      assert.equal(lookups.containerId(103), undefined, 'on the host');
      fake(103, ID);
      assert.equal(lookups.containerId(103), ID, 'moved into a container (as runc does before it execs): not remembered on the host');
      assert.equal(lookups.process(102), undefined, 'gone');
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('reads a socket table once for the accepted sockets it already lists, and again for one it does not', () => {
    const proc = mkdtempSync(join(tmpdir(), 'vigil-proc-'));
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
    const row = (local: string, remote: string, inode: number) => `   0: ${local} ${remote} 01 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0 20 4 30 10 -1\n`;
    const table = (rows: string) => writeFileSync(join(proc, '42', 'net', 'tcp'), header + rows);
    try {
      mkdirSync(join(proc, '42', 'fd'), { recursive: true });
      mkdirSync(join(proc, '42', 'ns'));
      mkdirSync(join(proc, '42', 'net'));
      symlinkSync('net:[4026531992]', join(proc, '42', 'ns', 'net'));
      writeFileSync(join(proc, '42', 'net', 'tcp6'), header);
      for (const [fd, inode] of [[5, 111], [6, 222], [7, 333]]) symlinkSync(`socket:[${inode}]`, join(proc, '42', 'fd', String(fd)));
      table(row('0100007F:1F90', '0100007F:C350', 111) + row('0100007F:1F90', '0100007F:C351', 222));
      const lookups = procLookups({ procRoot: proc });
      assert.deepEqual(lookups.socketAddresses!(42, 5), { local: { ip: '127.0.0.1', port: 8080 }, remote: { ip: '127.0.0.1', port: 50000 } });
      // What the kernel lists now no longer matters for a socket the table already held…
      table(row('0100007F:0050', '0100007F:C351', 222) + row('0100007F:0050', '0100007F:C352', 333));
      assert.deepEqual(lookups.socketAddresses!(42, 6), { local: { ip: '127.0.0.1', port: 8080 }, remote: { ip: '127.0.0.1', port: 50001 } });
      // …one it did not hold was accepted since: the table is read again.
      assert.deepEqual(lookups.socketAddresses!(42, 7), { local: { ip: '127.0.0.1', port: 80 }, remote: { ip: '127.0.0.1', port: 50002 } });
      assert.equal(lookups.socketAddresses!(42, 8), undefined, 'no such descriptor');
      symlinkSync('socket:[444]', join(proc, '42', 'fd', '8'));
      writeFileSync(join(proc, '42', 'net', 'tcp6'), header + row('00000000000000000000000001000000:0016', '00000000000000000000000001000000:C353', 444));
      assert.deepEqual(lookups.socketAddresses!(42, 8), { local: { ip: '::1', port: 22 }, remote: { ip: '::1', port: 50003 } }, 'an IPv6 socket');
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('names users from a passwd file, and sees a user added later', () => {
    assert.equal(procLookups().userName(0), 'root');
    assert.equal(procLookups().userId?.('root'), 0);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-passwd-'));
    try {
      const path = join(dir, 'passwd');
      writeFileSync(path, 'root:x:0:0:root:/root:/bin/bash\n');
      let clock = 0;
      const names = new UserNames(path, { now: () => clock });
      assert.equal(names.get(1004), undefined);
      writeFileSync(path, 'root:x:0:0:root:/root:/bin/bash\nkpatel:x:1004:1004::/home/kpatel:/bin/bash\n');
      clock += 1000;
      assert.equal(names.get(1004), 'kpatel');
      assert.equal(names.uidOf('kpatel'), 1004);
      assert.equal(names.uidOf('nobody-here'), undefined);
      assert.equal(new UserNames(join(dir, 'missing')).get(0), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(
      [...parsePasswd('# comment\nroot:x:0:0::/:/bin/sh\ntoor:x:0:0::/:/bin/sh\nbad line\nnobody:x:65534:65534::/:/usr/sbin/nologin\n')],
      [
        [0, 'root'],
        [65534, 'nobody'],
      ],
    );
    assert.deepEqual(
      [...parsePasswdIds('root:x:0:0::/:/bin/sh\ntoor:x:0:0::/:/bin/sh\nroot:x:5:5::/:/bin/sh\n')],
      [
        ['root', 0],
        ['toor', 0],
      ],
    );
  });

  it('finds container ids in the cgroup spellings of docker, containerd, CRI-O, podman and kubernetes', () => {
    for (const path of [
      `0::/system.slice/docker-${ID}.scope`,
      `12:memory:/docker/${ID}`,
      `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-${ID}.scope`,
      `0::/kubepods/besteffort/pod0f1e/${ID}`,
      `0::/machine.slice/libpod-${ID}.scope`,
      `0::/system.slice/crio-${ID}.scope`,
    ]) {
      assert.equal(containerIdFromCgroup(`1:cpu:/\n${path}\n`), ID, path);
    }
    assert.equal(containerIdFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n'), undefined);
    assert.equal(containerIdFromCgroup('4:memory:/process_api/5cda24d677d25203e258fa127a3d6572\n'), undefined);
  });

  it('decodes /proc/net addresses (little-endian words) for IPv4 and IPv6', () => {
    assert.deepEqual(decodeProcNetAddress('0100007F:1F90'), { ip: '127.0.0.1', port: 8080 });
    assert.deepEqual(decodeProcNetAddress('00000000000000000000000001000000:0016'), { ip: '::1', port: 22 });
    assert.deepEqual(decodeProcNetAddress('B80D0120000000000000000007000000:01BB'), { ip: '2001:db8::7', port: 443 });
    assert.deepEqual(decodeProcNetAddress('0000000000000000FFFF00000100007F:0050'), { ip: '127.0.0.1', port: 80 }, 'IPv4-mapped');
    assert.equal(decodeProcNetAddress('0100007F'), undefined);
    assert.equal(decodeProcNetAddress('0100:1F90'), undefined);
  });
});
