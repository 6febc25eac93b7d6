/**
 * The real `vigil intel` process against a real server on both databases: registration in `vigil`,
 * credentials from the environment, exit codes 0/2/3, and no secret in its output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import { PASSWORD, startThreatq, type ThreatqServer } from '../../server/test/threatq-support.js';
import { jsonOut, runVigil } from './helpers/client-cli.js';

for (const dialect of DIALECTS) {
  describe(`vigil intel process (${dialect})`, () => {
    let t: ThreatqServer;
    before(async () => {
      t = await startThreatq(dialect);
    });
    after(() => t.close());

    it('lists statuses with VIGIL_INTEL_* credentials, exits 3 on a wrong password and 2 without credentials', async () => {
      const env = { VIGIL_INTEL_URL: t.server.url, VIGIL_INTEL_EMAIL: t.email, VIGIL_INTEL_PASSWORD: PASSWORD, VIGIL_INTEL_CLIENT_ID: t.clientId };
      const [ok, wrong, missing] = await Promise.all([
        runVigil(['intel', 'indicators', 'statuses', '-v'], { env }),
        runVigil(['intel', 'indicators', 'statuses'], { env: { ...env, VIGIL_INTEL_PASSWORD: 'wrong-password-abc' } }),
        runVigil(['intel', 'indicators', 'statuses'], { env: { VIGIL_INTEL_URL: t.server.url } }),
      ]);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(jsonOut(ok).length, 5);
      assert.ok(!(ok.out + ok.err).includes(PASSWORD));
      assert.equal(wrong.code, 3, wrong.err);
      assert.ok(!(wrong.out + wrong.err).includes('wrong-password-abc'));
      assert.equal(missing.code, 2, missing.err);
      assert.match(missing.err, /clientId is required/);
    });
  });
}
