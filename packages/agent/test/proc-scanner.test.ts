import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { procLookups, startProcScanner, type HostEvent } from '@vigil/agent';
import { until } from './helpers/until.js';


describe('/proc scanner (audit unavailable)', () => {
  it('reports a process that appears, not the ones already running, and says it is degraded', async () => {
    const events: HostEvent[] = [];
    const scanner = startProcScanner({ lookups: procLookups(), onEvent: (e) => events.push(e), intervalMs: 50, reason: 'kernel audit is not available: test' });
    const marker = `vigil-scan-${randomBytes(4).toString('hex')}`;
    const startedAt = Date.now();
    const child = spawn('/bin/sleep', ['5'], { stdio: 'ignore', argv0: marker });
    try {
      await once(child, 'spawn');
      const event = await until(() => events.find((e) => (e.args as string[] | undefined)?.[0] === marker), 'the new process');
      assert.equal(event.event_type, 'audit');
      assert.equal(event.type, 'start');
      assert.equal(event.pid, child.pid);
      assert.equal(event.ppid, process.pid);
      assert.equal(event.command, 'sleep');
      assert.deepEqual(event.args, [marker, '5']);
      assert.equal(event.user, 'root');
      assert.equal(event.cwd, process.cwd());
      assert.equal(event.parent_command, 'node');
      assert.ok(Math.abs((event.timestamp as number) - startedAt) < 2000, 'the start time from /proc, not the scan time');
      assert.equal(events.filter((e) => e.pid === process.pid).length, 0, 'what ran before the first scan is not reported');
      assert.equal(scanner.status.state, 'degraded');
      assert.match(scanner.status.message ?? '', /kernel audit is not available: test; \/proc is scanned every 0.05 s/);
    } finally {
      child.kill();
      scanner.stop();
    }
  });
});
