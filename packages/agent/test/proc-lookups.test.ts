/** Host lookups against this machine's own /proc, and the parsers behind them on known inputs. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
