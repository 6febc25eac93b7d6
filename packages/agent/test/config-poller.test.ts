/**
 * The configuration poller against a scripted server: the first answer is in force, an unchanged one (304)
 * changes nothing, a new one is kept in the state folder and announced; while the server fails the last good
 * one stays, and a restart without the server starts from the kept one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConnectionError, type AgentConfig, type AgentConfigAnswer } from '@vigil/sdk';
import { pollWaitMs, startConfigPoller, type ConfigSource } from '../src/run/config-poller.js';
import { until } from './helpers/until.js';

const config = (path: string): AgentConfig => ({
  heartbeatSeconds: 60,
  configPollSeconds: 60,
  procScanSeconds: 1,
  sources: ['fim'],
  fileIntegrity: { paths: [{ path, recursive: false, ignoreFiles: [], eventsToMonitor: ['modify'] }] },
});

/** Answers from a script, one step per call (the last step repeats); records the ETags it was sent. */
function scripted(steps: Array<(etag?: string) => AgentConfigAnswer>): ConfigSource & { etags: Array<string | undefined> } {
  let call = 0;
  const etags: Array<string | undefined> = [];
  return {
    etags,
    async config(options) {
      etags.push(options?.etag);
      return steps[Math.min(call++, steps.length - 1)]!(options?.etag);
    },
  };
}
const down = () => {
  throw new ConnectionError('GET', '/agent/v1/config', 'connect ECONNREFUSED');
};

describe('config poller', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-poller-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the first answer, ignores a 304, announces and keeps a new one', async () => {
    const changes: AgentConfig[] = [];
    const client = scripted([
      () => ({ notModified: false, etag: '"one"', config: config('/etc/one') }),
      (etag) => ({ notModified: true, etag: etag! }),
      () => ({ notModified: false, etag: '"two"', config: config('/etc/two') }),
    ]);
    const poller = await startConfigPoller({ client, stateDir: dir, onChange: (c) => changes.push(c), maxIntervalMs: 10 });
    try {
      assert.equal(poller.current?.fileIntegrity.paths[0]?.path, '/etc/one');
      await until(() => changes.length === 1, 'the new configuration');
      assert.equal(poller.current?.fileIntegrity.paths[0]?.path, '/etc/two');
      assert.deepEqual(client.etags.slice(0, 3), [undefined, '"one"', '"one"']);
      const kept = JSON.parse(readFileSync(join(dir, 'agent-config.json'), 'utf8'));
      assert.equal(kept.etag, '"two"');
      assert.equal(statSync(join(dir, 'agent-config.json')).mode & 0o777, 0o600);
    } finally {
      poller.stop();
    }
  });

  it('without the server, starts from the kept configuration, keeps it while reads fail and says so', async () => {
    const logged: string[] = [];
    const changes: AgentConfig[] = [];
    const client = scripted([down, down, down, () => ({ notModified: false, etag: '"three"', config: config('/etc/three') })]);
    const poller = await startConfigPoller({ client, stateDir: dir, onChange: (c) => changes.push(c), log: (m) => logged.push(m), maxIntervalMs: 5, random: () => 0 });
    try {
      assert.equal(poller.current?.fileIntegrity.paths[0]?.path, '/etc/two', 'the kept one');
      assert.match(logged[0]!, /reading the agent configuration failed .*ECONNREFUSED.*the last one stays in force/);
      await until(() => changes.length === 1, 'the configuration once the server is back');
      assert.equal(poller.current?.fileIntegrity.paths[0]?.path, '/etc/three');
      assert.deepEqual(client.etags.slice(0, 4), ['"two"', '"two"', '"two"', '"two"']);
    } finally {
      poller.stop();
    }
  });

  it('backs off after failures: doubling with jitter, capped at 10 minutes, never below the interval', () => {
    assert.equal(pollWaitMs(60_000, 0, () => 1), 60_000);
    assert.deepEqual([1, 2, 3, 4, 40].map((n) => pollWaitMs(60_000, n, () => 1)), [120_000, 240_000, 480_000, 600_000, 600_000]);
    assert.equal(pollWaitMs(60_000, 3, () => 0), 60_000);
    assert.equal(pollWaitMs(60_000, 3, () => 0.5), 240_000);
  });
});
