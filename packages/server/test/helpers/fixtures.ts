/** Small builders for agents and alerts written straight into a test server's store. */
import type { NewAgent, NewAlert, Store } from '@vigil/store';

let counter = 0;

export function agentFixture(orgId: string, overrides: Partial<NewAgent> = {}): NewAgent {
  counter += 1;
  return {
    orgId,
    instanceId: `i-${counter.toString(16).padStart(17, '0')}`,
    status: 'online',
    lastReportedAt: Date.now(),
    version: '3.2.1',
    name: `host-${counter}`,
    description: '',
    hostname: `host-${counter}.example.internal`,
    ipAddresses: { private: ['10.0.0.1/24'], link_local: [], public: [] },
    tags: [{ source: 'ec2', key: 'Environment', value: 'test' }],
    agentType: 'investigate',
    osVersion: 'Ubuntu 22.04.4 LTS',
    kernel: '5.15.0-1057-aws',
    agentModuleHealth: { isHealthy: true },
    ...overrides,
  };
}

export function alertFixture(orgId: string, overrides: Partial<NewAlert> = {}): NewAlert {
  counter += 1;
  return {
    orgId,
    title: `Test alert ${counter}`,
    dataSource: 'agent',
    createdAt: Date.now(),
    severity: 3,
    agentId: null,
    ruleId: null,
    rulesetId: null,
    aggregates: [{ fieldName: 'user', fieldValue: 'root' }],
    ...overrides,
  };
}

/** Creates a second organization with its own owner and key, for isolation tests. */
export async function otherOrganization(store: Store) {
  const suffix = Math.random().toString(16).slice(2, 10);
  const org = await store.organizations.create({ id: `other${suffix}`, name: 'Other Org' });
  const user = await store.users.create({ id: `otheruser${suffix}`, email: `other-${suffix}@example.com`, displayName: 'Other' });
  await store.memberships.upsert(org.id, user.id, 'owner');
  const { key } = await store.apiKeys.issue(user.id);
  return { org, user, creds: { orgId: org.id, userId: user.id, apiKey: key } };
}

/** Adds a user to an organization with a role and returns their credentials. */
export async function memberWithRole(store: Store, orgId: string, role: 'owner' | 'user' | 'reader') {
  const suffix = Math.random().toString(16).slice(2, 10);
  const user = await store.users.create({ id: `${role}${suffix}`, email: `${role}-${suffix}@example.com`, displayName: `A ${role}` });
  await store.memberships.upsert(orgId, user.id, role);
  const { key } = await store.apiKeys.issue(user.id);
  return { user, creds: { orgId, userId: user.id, apiKey: key } };
}
