/**
 * `vigil intel` through the whole program against a real server on both databases: registration in
 * `vigil`, credentials from the environment, exit codes 0/2/3, and no secret in its output; a download
 * through a real process's stdout pipe.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { PASSWORD, startThreatq, type ThreatqServer } from '@vigil/server/testing/threatq';
import { jsonOut, tempDir } from './helpers/client-cli.js';
import { runCli } from './helpers/run-cli.js';
import { spawnCli } from './helpers/spawn-cli.js';

for (const dialect of DIALECTS) {
  describe(`vigil intel, the whole program (${dialect})`, () => {
    let t: ThreatqServer;
    before(async () => {
      t = await startThreatq(dialect);
    });
    after(() => t.close());

    it('lists statuses with VIGIL_INTEL_* credentials, exits 3 on a wrong password and 2 without credentials', async () => {
      const env = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_EMAIL: t.email, VIGIL_INTEL_PASSWORD: PASSWORD, VIGIL_INTEL_CLIENT_ID: t.clientId };
      const [ok, wrong, missing] = await Promise.all([
        runCli(['intel', 'indicators', 'statuses', '-v'], { env }),
        runCli(['intel', 'indicators', 'statuses'], { env: { ...env, VIGIL_INTEL_PASSWORD: 'wrong-password-abc' } }),
        runCli(['intel', 'indicators', 'statuses'], { env: { VIGIL_INTEL_URL: t.server.url } }),
      ]);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(jsonOut(ok).length, 5);
      assert.ok(!(ok.out + ok.err).includes(PASSWORD));
      assert.equal(wrong.code, 3, wrong.err);
      assert.ok(!(wrong.out + wrong.err).includes('wrong-password-abc'));
      assert.equal(missing.code, 2, missing.err);
      assert.match(missing.err, /clientId is required/);
    });

    it('documents the object commands in --help, uploads and pipes a download, and exits 4 and 2 on bad input', async () => {
      const env = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_EMAIL: t.email, VIGIL_INTEL_PASSWORD: PASSWORD, VIGIL_INTEL_CLIENT_ID: t.clientId };
      const dir = tempDir('vigil-intel-process-');
      try {
        const sample = join(dir.path, 'note.txt');
        const content = 'MZ\u0000 not really a binary ü\n';
        writeFileSync(sample, content);
        const [help, uploaded, unknown, badFlag] = await Promise.all([
          runCli(['intel', '--help']),
          runCli(['intel', 'attachments', 'upload', sample, '--type', 'Generic Text', '--malware-locked'], { env }),
          runCli(['intel', 'events', 'show', '999999'], { env }),
          runCli(['intel', 'relations', 'link', 'indicators', '1', 'adversaries', '2', '--colour', 'red'], { env }),
        ]);
        assert.equal(help.code, 0, help.err);
        for (const group of ['events', 'adversaries', 'attachments', 'relations', 'import', 'export', 'taxii', 'clients', 'whitelist']) assert.match(help.out, new RegExp(`\\b${group}\\b`));
        assert.equal(uploaded.code, 0, uploaded.err);
        const file = jsonOut(uploaded);
        assert.equal(file.malware_locked, 1);
        assert.equal(unknown.code, 4, unknown.err);
        assert.match(unknown.err, /404/);
        assert.equal(badFlag.code, 2, badFlag.err);
        const downloaded = await spawnCli(['intel', 'attachments', 'download', String(file.id)], { env });
        assert.equal(downloaded.code, 0, downloaded.err);
        assert.equal(downloaded.out, content, 'the file comes through the pipe unchanged');
      } finally {
        dir.remove();
      }
    });
  });
}
