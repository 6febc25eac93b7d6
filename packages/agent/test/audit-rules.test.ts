import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { until } from './helpers/until.js';
import { noAuditctl } from './helpers/no-auditctl.js';
import { auditRuleArgs, installAuditRules, removeAuditRules, startAuditSource, type AuditctlRunner } from '@vigil/agent';

function fakeAuditctl(status: string) {
  const calls: string[] = [];
  const run: AuditctlRunner = async (args) => {
    calls.push(args.join(' '));
    return args[0] === '-s' ? status : '';
  };
  return { calls, run };
}

describe('audit rules', () => {
  it('are tagged with the key, 64-bit, one per syscall group', () => {
    const rules = auditRuleArgs('k1');
    assert.equal(rules.length, 4);
    for (const rule of rules) {
      assert.deepEqual(rule.slice(0, 4), ['-a', 'always,exit', '-F', 'arch=b64']);
      assert.deepEqual(rule.slice(-2), ['-k', 'k1']);
    }
    assert.ok(rules.flat().includes('execve') && rules.flat().includes('finit_module') && rules.flat().includes('accept4'));
  });

  it('switch auditing on if it was off, and off again when removed', async () => {
    const { calls, run } = fakeAuditctl('enabled 0\nfailure 1\npid 812\n');
    const installed = await installAuditRules(run, 'k1');
    assert.deepEqual(calls.slice(0, 3), ['-s', '-e 1', '-D -k k1']);
    assert.equal(calls.length, 3 + 4);
    calls.length = 0;
    await removeAuditRules(run, installed);
    assert.deepEqual(calls, ['-D -k k1', '-e 0']);
  });

  it('leave auditing on when it was on', async () => {
    const { calls, run } = fakeAuditctl('enabled 1\npid 812\n');
    const installed = await installAuditRules(run, 'k1');
    calls.length = 0;
    await removeAuditRules(run, installed);
    assert.deepEqual(calls, ['-D -k k1']);
  });

  it('raise a backlog limit below 8192 while installed and put it back when removed', async () => {
    const { calls, run } = fakeAuditctl('enabled 1\nfailure 1\npid 812\nrate_limit 0\nbacklog_limit 64\nlost 7\nbacklog 0\n');
    const installed = await installAuditRules(run, 'k1');
    assert.deepEqual(calls.slice(0, 3), ['-s', '-b 8192', '-D -k k1']);
    assert.equal(installed.lostAtInstall, 7);
    calls.length = 0;
    await removeAuditRules(run, installed);
    assert.deepEqual(calls, ['-D -k k1', '-b 64']);

    const large = fakeAuditctl('enabled 1\npid 812\nbacklog_limit 8192\nlost 0\n');
    await removeAuditRules(large.run, await installAuditRules(large.run, 'k1'));
    assert.ok(!large.calls.some((c) => c.startsWith('-b')), large.calls.join('; '));
  });

  it('a running source counts the records the kernel lost since it started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lost-'));
    const logPath = join(dir, 'audit.log');
    writeFileSync(logPath, '');
    let lost = 100;
    const calls: string[] = [];
    const run: AuditctlRunner = async (args) => {
      calls.push(args.join(' '));
      return args[0] === '-s' ? `enabled 1\npid 812\nbacklog_limit 8192\nlost ${lost}\n` : '';
    };
    const lookups = { userName: () => undefined, process: () => undefined, containerId: () => undefined };
    const source = await startAuditSource({ lookups, onEvent: () => {}, auditctl: run, logPath, lostCheckMs: 10 });
    try {
      assert.equal(source.status.state, 'running');
      assert.equal(source.status.lostInKernel, 0);
      lost = 105;
      await until(() => source.status.lostInKernel === 5, 'the lost records counted');
      lost = 112;
    } finally {
      await source.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(source.status.lostInKernel, 12, 'counted once more on stop');
  });

  it('refuse locked rules, a missing auditd and an unexpected answer, each with the reason', async () => {
    await assert.rejects(installAuditRules(fakeAuditctl('enabled 2\npid 812\n').run, 'k'), /locked \(auditctl -e 2\)/);
    await assert.rejects(installAuditRules(fakeAuditctl('enabled 1\npid 0\n').run, 'k'), /auditd is not running/);
    await assert.rejects(installAuditRules(fakeAuditctl('garbage').run, 'k'), /unexpected/);
  });

  it('a source without audit reports failed with the reason instead of throwing', async () => {
    const lookups = { userName: () => undefined, process: () => undefined, containerId: () => undefined };
    const source = await startAuditSource({ lookups, onEvent: () => {}, auditctl: noAuditctl });
    assert.equal(source.status.state, 'failed');
    assert.match(source.status.message ?? '', /auditctl is not installed/);
    const denied: AuditctlRunner = async () => {
      throw Object.assign(new Error('Command failed'), { stderr: 'You must be root to run this program.\n' });
    };
    const refused = await startAuditSource({ lookups, onEvent: () => {}, auditctl: denied });
    assert.match(refused.status.message ?? '', /You must be root/);
  });
});
