import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/index.js';
import { deliverOptionsFrom } from '../src/webhooks/deliver.js';

describe('loadConfig', () => {
  it('keeps the SQLite database in VIGIL_DATA_DIR with the secret, unless VIGIL_DATABASE_URL names another', () => {
    const dir = resolve('/srv/vigil-data');
    const moved = loadConfig({ VIGIL_DATA_DIR: dir });
    assert.equal(moved.dataDir, dir);
    assert.equal(moved.databaseUrl, `sqlite:${join(dir, 'vigil.db')}`);
    const both = loadConfig({ VIGIL_DATA_DIR: dir, VIGIL_DATABASE_URL: 'sqlite:/elsewhere/v.db' });
    assert.equal(both.databaseUrl, 'sqlite:/elsewhere/v.db');
    assert.equal(both.dataDir, dir);
    const defaults = loadConfig({});
    assert.equal(defaults.databaseUrl, 'sqlite:./data/vigil.db');
    assert.equal(defaults.dataDir, resolve('./data'));
  });
});

describe('settings that are refused with a message naming them and the fix', () => {
  it('an unknown VIGIL_LOG_LEVEL lists the levels', () => {
    assert.throws(() => loadConfig({ VIGIL_LOG_LEVEL: 'verbose' }), {
      message: 'VIGIL_LOG_LEVEL (or --log-level) must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    });
    assert.equal(loadConfig({ VIGIL_LOG_LEVEL: 'debug' }).logLevel, 'debug');
  });

  it('an unrecognised on/off value (VIGIL_DEMO=maybe) is refused instead of read as off', () => {
    assert.throws(() => loadConfig({ VIGIL_DEMO: 'maybe' }), {
      message: 'VIGIL_DEMO must be 1, true, yes, on (enable) or 0, false, no, off (disable), got "maybe"',
    });
    assert.throws(() => loadConfig({ VIGIL_WEBHOOK_ALLOW_PRIVATE: 'enabled' }), /^Error: VIGIL_WEBHOOK_ALLOW_PRIVATE must be 1, true/);
    assert.equal(loadConfig({ VIGIL_DEMO: 'YES' }).demo, true);
    assert.equal(loadConfig({ VIGIL_DEMO: 'off' }).demo, false);
    assert.equal(loadConfig({ VIGIL_DEMO: '' }).demo, false);
    assert.equal(loadConfig({ VIGIL_BOOTSTRAP_BASE_RULE_SET: '0' }).bootstrap.baseRuleSet, false);
  });

  it('agent settings: every source by default, a chosen list in its own order, an unknown source or a zero interval refused', () => {
    assert.deepEqual(loadConfig({}).agents, { heartbeatSeconds: 60, configPollSeconds: 60, procScanSeconds: 1, sources: ['audit', 'procScanner', 'fim', 'logins', 'inventory'] });
    assert.deepEqual(loadConfig({ VIGIL_AGENT_SOURCES: 'fim, audit' }).agents.sources, ['audit', 'fim']);
    assert.throws(() => loadConfig({ VIGIL_AGENT_SOURCES: 'audit,fmi' }), { message: 'VIGIL_AGENT_SOURCES lists an unknown source "fmi" (known: audit, procScanner, fim, logins, inventory)' });
    assert.throws(() => loadConfig({ VIGIL_AGENT_HEARTBEAT_SECONDS: '0' }), { message: 'VIGIL_AGENT_HEARTBEAT_SECONDS must be an integer of at least 1, got "0"' });
  });

  it('VIGIL_PORT=abc names the setting and the value (not "NaN")', () => {
    assert.throws(() => loadConfig({ VIGIL_PORT: 'abc' }), { message: 'VIGIL_PORT must be a non-negative integer, got "abc"' });
  });

  it('a missing VIGIL_WEBHOOK_CA_FILE names the setting, the path and the fix', () => {
    const missing = resolve('/nonexistent/receivers-ca.pem');
    assert.throws(() => deliverOptionsFrom({ ...loadConfig({}).webhooks, caFile: missing }), {
      message: `VIGIL_WEBHOOK_CA_FILE: cannot read ${missing} (ENOENT); point it at a readable PEM file of the receivers' CA, or unset it`,
    });
  });
});
