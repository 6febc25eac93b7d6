import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { normalizeBaseUrl, senderTiming } from '../src/config/client-options.js';
import { ConfigError, configFromEnv, loadThreatStackConfig, ThreatLibraryClient, VigilClient } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-sdk-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cfg(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SAMPLE = `# threatstack.cfg as the API scripts expect it
[USER_INFO]
TS_USER_ID = user-1
TS_API_KEY: key/with+base64=

[DEFAULT]
TS_ORGANIZATION_ID = org-default
TS_ORGANIZATION_NAME = Default Org
TS_API_ENDPOINT = http://127.0.0.1:9999/v2/

; a second organization
[STAGING]
ts_organization_id = org-staging
TS_ORGANIZATION_NAME = %(ts_organization_id)s (staging) 100%%
`;

describe('configuration', () => {
  it('reads TS_* environment variables, defaulting the endpoint', () => {
    const env = { TS_USER_ID: 'u1', TS_API_KEY: 'k1', TS_ORGANIZATION_ID: 'o1' };
    assert.deepEqual(configFromEnv(env), { userId: 'u1', apiKey: 'k1', organizationId: 'o1', baseUrl: 'http://127.0.0.1:8080' });
    const client = VigilClient.fromEnv({ ...env, TS_API_ENDPOINT: 'https://vigil.example.com/v2/' });
    assert.equal(client.baseUrl, 'https://vigil.example.com/');
    assert.equal(client.organizationId, 'o1');
  });

  it('names every missing environment variable', () => {
    assert.throws(() => VigilClient.fromEnv({ TS_USER_ID: 'u1' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, 'Missing environment variables TS_API_KEY, TS_ORGANIZATION_ID');
      return true;
    });
    assert.throws(() => configFromEnv({ TS_USER_ID: 'u', TS_API_KEY: ' ', TS_ORGANIZATION_ID: 'o' }), /Missing environment variable TS_API_KEY$/);
  });

  it('reads [USER_INFO] and [DEFAULT] from threatstack.cfg', () => {
    const path = cfg('sample.cfg', SAMPLE);
    assert.deepEqual(loadThreatStackConfig(path), {
      userId: 'user-1',
      apiKey: 'key/with+base64=',
      organizationId: 'org-default',
      organizationName: 'Default Org',
      baseUrl: 'http://127.0.0.1:9999/v2/',
    });
    const client = VigilClient.fromConfigFile(path);
    assert.equal(client.baseUrl, 'http://127.0.0.1:9999/');
  });

  it('lets other sections override [DEFAULT] and inherit the rest, keys in any case, with interpolation', () => {
    const config = loadThreatStackConfig(cfg('sample2.cfg', SAMPLE), 'STAGING');
    assert.equal(config.organizationId, 'org-staging');
    assert.equal(config.organizationName, 'org-staging (staging) 100%');
    assert.equal(config.baseUrl, 'http://127.0.0.1:9999/v2/', 'inherited from [DEFAULT]');
    assert.equal(config.userId, 'user-1');
  });

  it('lets a section carry its own user and key, and reads continuation lines', () => {
    const path = cfg('own.cfg', `[USER_INFO]\nTS_USER_ID = u\nTS_API_KEY = k\n[DEFAULT]\nTS_ORGANIZATION_ID = o\n[OTHER]\nTS_USER_ID = u2\nTS_API_KEY = k2\nnote = first\n  second\n`);
    const config = loadThreatStackConfig(path, 'OTHER');
    assert.equal(config.userId, 'u2');
    assert.equal(config.apiKey, 'k2');
    assert.equal(config.organizationId, 'o');
  });

  it('names the file, the section and the key that are missing', () => {
    const missingFile = join(dir, 'nope.cfg');
    assert.throws(() => loadThreatStackConfig(missingFile), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, `Config file ${missingFile}: file not found`);
      return true;
    });
    const path = cfg('partial.cfg', SAMPLE);
    assert.throws(() => loadThreatStackConfig(path, 'PROD'), { message: `Config file ${path}: no section [PROD] (needed for TS_ORGANIZATION_ID)` });
    const noKey = cfg('nokey.cfg', '[USER_INFO]\nTS_USER_ID = u\n[DEFAULT]\nTS_ORGANIZATION_ID = o\n');
    assert.throws(() => loadThreatStackConfig(noKey), { message: `Config file ${noKey}: section [USER_INFO] has no TS_API_KEY` });
    const noUser = cfg('nouser.cfg', '[DEFAULT]\nTS_ORGANIZATION_ID = o\n');
    assert.throws(() => loadThreatStackConfig(noUser), { message: `Config file ${noUser}: no section [USER_INFO] (needed for TS_USER_ID)` });
    const noOrg = cfg('noorg.cfg', '[USER_INFO]\nTS_USER_ID = u\nTS_API_KEY = k\n');
    assert.throws(() => loadThreatStackConfig(noOrg), { message: `Config file ${noOrg}: section [DEFAULT] has no TS_ORGANIZATION_ID` });
    const empty = cfg('empty-value.cfg', '[USER_INFO]\nTS_USER_ID =\nTS_API_KEY = k\n[DEFAULT]\nTS_ORGANIZATION_ID = o\n');
    assert.throws(() => loadThreatStackConfig(empty), { message: `Config file ${empty}: section [USER_INFO] has no TS_USER_ID` });
  });

  it('refuses a quoted value, naming the file, the section, the key and the fix', () => {
    const path = cfg('quoted.cfg', '[USER_INFO]\nTS_USER_ID = u\nTS_API_KEY = "k3y-in-quotes"\n[DEFAULT]\nTS_ORGANIZATION_ID = o\n');
    assert.throws(() => loadThreatStackConfig(path), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.message, `Config file ${path}: [USER_INFO] TS_API_KEY is in quotes; INI values take none, write TS_API_KEY = value without the quotes`);
      return true;
    });
  });

  it('reports syntax errors with a line number and refuses duplicates', () => {
    const bad = cfg('bad.cfg', '[USER_INFO]\nTS_USER_ID = u\nthis line is not ini\n');
    assert.throws(() => loadThreatStackConfig(bad), { message: `Config file ${bad}: line 3: expected "[SECTION]" or "KEY = value"` });
    const dup = cfg('dup.cfg', '[USER_INFO]\nTS_USER_ID = u\nts_user_id = v\n');
    assert.throws(() => loadThreatStackConfig(dup), /line 3: key ts_user_id appears twice/);
    const orphan = cfg('orphan.cfg', 'TS_USER_ID = u\n');
    assert.throws(() => loadThreatStackConfig(orphan), /line 1: a key before any \[SECTION\] header/);
  });

  it('refuses bad client options with a ConfigError', () => {
    const base = { userId: 'u', apiKey: 'k', organizationId: 'o' };
    assert.throws(() => new VigilClient({ ...base, apiKey: '' }), { message: 'VigilClient option apiKey is required' });
    assert.throws(() => new VigilClient({ ...base, baseUrl: 'ftp://x' }), ConfigError);
    assert.throws(() => new VigilClient({ ...base, baseUrl: 'not a url' }), ConfigError);
    assert.throws(() => new VigilClient({ ...base, baseUrl: 'http://user:pw@x' }), /must not contain credentials/);
    assert.throws(() => new VigilClient({ ...base, timeoutMs: 0 }), /timeoutMs must be a positive number/);
    assert.throws(() => new VigilClient({ ...base, maxRetries: 1.5 }), /maxRetries must be a non-negative integer/);
    assert.equal(new VigilClient(base).baseUrl, 'http://127.0.0.1:8080/');
  });

  it('normalizes base URLs for both clients: their own API prefix goes, a deployment path stays', () => {
    const cases: Array<[string, '/v2' | '/api', string]> = [
      ['https://vigil.example.com/v2/', '/v2', 'https://vigil.example.com/'],
      ['https://vigil.example.com/v2', '/v2', 'https://vigil.example.com/'],
      ['https://host/tools/vigil/v2//?x=1#y', '/v2', 'https://host/tools/vigil'],
      ['https://host/api/', '/api', 'https://host/'],
      ['https://host/api', '/v2', 'https://host/api'],
      ['https://host/v2', '/api', 'https://host/v2'],
      ['http://127.0.0.1:8080/xapi', '/api', 'http://127.0.0.1:8080/xapi'],
      ['  http://127.0.0.1:8080  ', '/api', 'http://127.0.0.1:8080/'],
    ];
    for (const [raw, prefix, want] of cases) assert.equal(normalizeBaseUrl(raw, prefix).href, want, `${raw} ${prefix}`);
    assert.throws(() => normalizeBaseUrl('file:///etc/passwd', '/api'), /must be http or https/);
    assert.deepEqual(
      { ...senderTiming({}), backoff: undefined },
      { timeoutMs: 30_000, maxRetries: 3, deadlineMs: 120_000, backoff: undefined },
    );
    assert.throws(() => senderTiming({ deadlineMs: Number.POSITIVE_INFINITY }), /deadlineMs must be a positive number/);
    assert.throws(() => senderTiming({ maxRetries: -1 }), /maxRetries must be a non-negative integer/);
    assert.throws(() => new ThreatLibraryClient({ clientId: 'c', clientSecret: 's', timeoutMs: -5 }), /timeoutMs must be a positive number/);
    assert.equal(new ThreatLibraryClient({ clientId: 'c', clientSecret: 's', baseUrl: 'https://tq.example.com/api/' }).baseUrl, 'https://tq.example.com/');
  });
});
