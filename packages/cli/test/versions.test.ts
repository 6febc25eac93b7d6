/**
 * The version is written once: the root package.json. Every workspace package carries the same version and
 * depends on its siblings at exactly that version, and what users see (`vigil --version`, the OpenAPI
 * document's info.version, the SDK's User-Agent) is read from there.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VigilClient } from '@vigil/sdk';
import { runCli } from './helpers/run-cli.js';

const root = new URL('../../../', import.meta.url);
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, any>;
const version = readJson('package.json').version as string;

describe('one version', () => {
  it('every workspace package and every dependency on a sibling has the root version', () => {
    const packages = readdirSync(new URL('packages/', root));
    assert.ok(packages.length >= 8);
    for (const name of packages) {
      const manifest = readJson(`packages/${name}/package.json`);
      assert.equal(manifest.version, version, `packages/${name}`);
      for (const field of ['dependencies', 'devDependencies']) {
        for (const [dep, range] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
          if (dep.startsWith('@vigil/')) assert.equal(range, version, `packages/${name} ${field} ${dep}`);
        }
      }
    }
  });

  it('is what vigil --version and the SDK tell', async () => {
    const result = await runCli(['--version']);
    assert.equal(result.out.trim(), version);
    let userAgent: string | undefined;
    const client = new VigilClient({
      userId: 'u',
      apiKey: 'k',
      organizationId: 'o',
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      fetch: async (_url, init) => {
        userAgent = new Headers(init?.headers).get('user-agent') ?? undefined;
        return new Response('{"errors":["no"]}', { status: 404, headers: { 'content-type': 'application/json' } });
      },
    });
    await assert.rejects(client.agents.list({ status: 'online' }));
    assert.equal(userAgent, `vigil-sdk/${version}`);
  });
});
