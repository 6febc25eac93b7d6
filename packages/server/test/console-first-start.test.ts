/**
 * An interactive first start (no VIGIL_BOOTSTRAP_API_KEY) gives the owner a console password, shown once
 * beside the generated API key, so that `npm start` then the console at / works without another command.
 * Automation that sets the key gets no password unless it sets VIGIL_BOOTSTRAP_PASSWORD.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS, openTestStore } from '@vigil/store/testing';
import { bootstrap } from '../src/index.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: the first owner's console password`, () => {
    it('is generated with the API key and signs in', async () => {
      const { store, cleanup } = await openTestStore(dialect);
      try {
        const first = await bootstrap(store, { orgName: 'Org', email: 'first@example.com', baseRuleSet: false });
        assert.ok(first?.generatedApiKey);
        assert.match(first.generatedPassword ?? '', /^[A-Za-z0-9_-]{16}$/);
        assert.equal((await store.passwords.verify('first@example.com', first.generatedPassword!))?.id, first.userId);
        assert.equal(await bootstrap(store, { orgName: 'Org', email: 'first@example.com', baseRuleSet: false }), undefined, 'only once');
      } finally {
        await cleanup();
      }
    });

    it('is not generated when automation gives the key or the password', async () => {
      for (const config of [{ apiKey: 'k'.repeat(40) }, { password: 'given-password' }]) {
        const { store, cleanup } = await openTestStore(dialect);
        try {
          const first = await bootstrap(store, { orgName: 'Org', email: 'auto@example.com', baseRuleSet: false, ...config });
          assert.equal(first?.generatedPassword, undefined);
          assert.equal(await store.passwords.has(first!.userId), 'password' in config);
        } finally {
          await cleanup();
        }
      }
    });
  });
}
