/**
 * First start: on an empty database create the first organization (with the default Base Rule Set), its
 * owner and an API key — with the `VIGIL_BOOTSTRAP_*` values when given (automation, tests), generated
 * otherwise.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '@vigil/store';
import type { BootstrapConfig } from './config.js';
import { installBaseRuleSet } from './default-rules.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface BootstrapResult {
  orgId: string;
  userId: string;
  email: string;
  /** present only when the key was generated here (so it can be shown once) */
  generatedApiKey?: string;
  /** the owner's console password, present only when generated here (shown once, like the key) */
  generatedPassword?: string;
}

/** Threat Stack's own ids were 24 hex digits; generated ids look the same. */
export const newId = () => randomBytes(12).toString('hex');

/**
 * Throws when a `VIGIL_BOOTSTRAP_*` value is malformed (checked before the server listens).
 * ```ts
 * checkBootstrapConfig(config.bootstrap);
 * ```
 */
export function checkBootstrapConfig(config: BootstrapConfig): void {
  if (config.orgId !== undefined && !ID.test(config.orgId)) {
    throw new Error('VIGIL_BOOTSTRAP_ORG_ID must be 1–64 characters of A-Z, a-z, 0-9, _ and -');
  }
  if (config.userId !== undefined && !ID.test(config.userId)) {
    throw new Error('VIGIL_BOOTSTRAP_USER_ID must be 1–64 characters of A-Z, a-z, 0-9, _ and -');
  }
  if (config.apiKey !== undefined && config.apiKey.length < 32) {
    throw new Error('VIGIL_BOOTSTRAP_API_KEY must be at least 32 characters');
  }
  if (config.password !== undefined && config.password.length < 8) {
    throw new Error('VIGIL_BOOTSTRAP_PASSWORD must be at least 8 characters');
  }
}

/**
 * Creates the first organization, owner and key if the database is empty; returns undefined otherwise.
 * ```ts
 * const first = await bootstrap(store, config.bootstrap);
 * if (first?.generatedApiKey) console.log(first.generatedApiKey);
 * ```
 */
export async function bootstrap(store: Store, config: BootstrapConfig): Promise<BootstrapResult | undefined> {
  checkBootstrapConfig(config);
  if (!(await store.isEmpty())) return undefined;
  const org = await store.organizations.create({ id: config.orgId ?? newId(), name: config.orgName });
  const user = await store.users.create({ id: config.userId ?? newId(), email: config.email, displayName: 'Administrator' });
  await store.memberships.upsert(org.id, user.id, 'owner');
  // An interactive first start (no key given) also gets a console password, so that the person who just
  // started Vigil can sign in at / at once; automation sets VIGIL_BOOTSTRAP_PASSWORD or none.
  const generatedPassword = config.password === undefined && config.apiKey === undefined ? randomBytes(12).toString('base64url') : undefined;
  const password = config.password ?? generatedPassword;
  if (password !== undefined) await store.passwords.set(user.id, password);
  if (config.baseRuleSet !== false) await installBaseRuleSet(store, org.id);
  const { key } = await store.apiKeys.issue(user.id, config.apiKey);
  await store.auditLogs.record({
    orgId: org.id,
    userId: user.id,
    userEmail: user.email,
    result: 'success',
    crud: 'create',
    action: 'bootstrap',
    source: 'system',
    description: 'Created the first organization, its owner and an API key',
    context: { keyFromEnvironment: config.apiKey !== undefined },
  });
  return {
    orgId: org.id,
    userId: user.id,
    email: user.email,
    generatedApiKey: config.apiKey === undefined ? key : undefined,
    ...(generatedPassword ? { generatedPassword } : {}),
  };
}
