/**
 * `vigil admin …`: manage organizations, users, memberships, API keys and deploy keys directly in the
 * database the server uses (same `VIGIL_DATABASE_URL` and secret). Every change is written to the audit
 * log with source `cli`.
 * @module
 */
import { Command, Option } from 'commander';
import type { Store } from '@vigil/store';
import { ROLES, type Role } from '@vigil/store/vocabulary';
import { Output } from '../format/output.js';
import type { CliIo } from '../io.js';
import { readNewPassword } from './admin-password.js';

export interface StoreOptions {
  databaseUrl?: string;
  dataDir?: string;
  json?: boolean;
}

/** What an admin command works with: the database, the store and server helpers, and its output. */
export interface AdminContext {
  store: Store;
  lib: typeof import('@vigil/store') & typeof import('@vigil/server/setup');
  out: Output;
}

/** Opens the server's database; the store and server modules load here, so `vigil admin --help` stays quick. */
export async function withStore<T>(io: CliIo, opts: StoreOptions, fn: (ctx: AdminContext) => Promise<T>): Promise<T> {
  const lib = { ...(await import('@vigil/store')), ...(await import('@vigil/server/setup')) };
  const config = lib.loadConfig(io.env, {
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
  });
  const { store } = await lib.openConfiguredStore(config);
  try {
    return await fn({ store, lib, out: new Output(opts.json ? 'json' : 'table', io) });
  } catch (err) {
    // An organization or user that is not there often means the wrong database: name the one used.
    if (!(err instanceof MissingRecordError)) throw err;
    throw new Error(
      `${err.message} in the database ${lib.describeStoreUrl(config.databaseUrl)}; if the server uses another one, set VIGIL_DATABASE_URL (or --database-url) to it`,
    );
  } finally {
    await store.close();
  }
}

async function auditCli(store: Store, orgId: string, action: string, crud: string, description: string, context: Record<string, unknown> = {}) {
  await store.auditLogs.record({
    orgId,
    userId: null,
    userEmail: null,
    result: 'success',
    crud,
    action,
    source: 'cli',
    description,
    context,
  });
}

/** The audit log of changes that belong to no organization; organization ids never contain `*`. */
const INSTALLATION_AUDIT_ORG = '*';

/** Audits a change to a user in each of their organizations, or installation-wide when they have none. */
async function auditUser(store: Store, userId: string, action: string, crud: string, description: string, context: Record<string, unknown> = {}) {
  const orgIds = (await store.memberships.listForUser(userId)).map((m) => m.orgId);
  for (const orgId of orgIds.length ? orgIds : [INSTALLATION_AUDIT_ORG]) await auditCli(store, orgId, action, crud, description, context);
}

/** The options of a command that opens the server's database directly. */
export function storeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--database-url <url>', 'database (default: VIGIL_DATABASE_URL or sqlite:<data dir>/vigil.db)'))
    .addOption(new Option('--data-dir <dir>', 'folder holding the server secret (default: VIGIL_DATA_DIR or the database folder)'))
    .option('--json', 'print JSON instead of a table');
}

function parseRole(value: string): Role {
  if (!ROLES.includes(value as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}

/** An organization or user named on the command line is not in the database. */
class MissingRecordError extends Error {}

async function requireOrg(store: Store, id: string) {
  const org = await store.organizations.get(id);
  if (!org) throw new MissingRecordError(`organization ${id} does not exist`);
  return org;
}

async function requireUser(store: Store, id: string) {
  const user = (await store.users.get(id)) ?? (await store.users.getByEmail(id));
  if (!user) throw new MissingRecordError(`user ${id} does not exist`);
  return user;
}

/** The `admin` subcommand tree. */
export function adminCommand(io: CliIo): Command {
  const admin = new Command('admin').description('manage organizations, users, members and API keys');

  const orgs = admin.command('orgs').description('organizations');
  storeOptions(orgs.command('create').description('create an organization'))
    .requiredOption('--name <name>', 'display name')
    .option('--id <id>', 'organization id (default: 24 random hex digits)')
    .option('--no-base-rule-set', 'do not install the default Base Rule Set')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const org = await store.organizations.create({ id: o.id ?? lib.newId(), name: o.name });
        await auditCli(store, org.id, 'create_organization', 'create', `Created organization ${org.name}`);
        if (o.baseRuleSet !== false) await lib.installBaseRuleSet(store, org.id);
        out.list([org], ['id', 'name']);
      }),
    );
  storeOptions(orgs.command('list').description('list organizations')).action((o) =>
    withStore(io, o, async ({ store, out }) => out.list(await store.organizations.list(), ['id', 'name'])),
  );

  const users = admin.command('users').description('users');
  storeOptions(users.command('create').description('create a user (and, with --org, make them a member)'))
    .requiredOption('--email <email>', 'email address')
    .option('--name <name>', 'display name')
    .option('--id <id>', 'user id (default: 24 random hex digits)')
    .option('--org <orgId>', "add the user to this organization; the creation is then in its audit log")
    .option('--role <role>', 'role in --org: owner, user or reader', 'user')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const role = parseRole(o.role);
        if (o.org !== undefined) await requireOrg(store, o.org);
        const user = await store.users.create({ id: o.id ?? lib.newId(), email: o.email, displayName: o.name ?? o.email });
        if (o.org !== undefined) await store.memberships.upsert(o.org, user.id, role);
        // In the new member's organization, or installation-wide (`vigil admin audit-logs`) without one.
        await auditUser(store, user.id, 'create_user', 'create', `Created user ${user.email}${o.org !== undefined ? ` as ${role}` : ''}`, {
          userId: user.id,
          ...(o.org !== undefined ? { role } : {}),
        });
        out.list([user], ['id', 'email', 'displayName']);
      }),
    );
  storeOptions(users.command('list').description('list users')).action((o) =>
    withStore(io, o, async ({ store, out }) => out.list(await store.users.list(), ['id', 'email', 'displayName', 'enabled'])),
  );

  storeOptions(users.command('set-password <user>').description("set a user's login password (ThreatQ API, console); ends their sessions"))
    .option('--password-stdin', 'read the password from standard input (also when stdin is not a terminal)')
    .action((userRef: string, o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const user = await requireUser(store, userRef);
        await store.passwords.set(user.id, await readNewPassword(io, Boolean(o.passwordStdin)));
        await auditUser(store, user.id, 'set_password', 'update', `Set the password of ${user.email}`, { userId: user.id });
        out.outcome({ userId: user.id, passwordSet: true }, `password set for ${user.email}; their earlier tokens no longer work`);
      }),
    );

  storeOptions(admin.command('audit-logs').description("list an organization's audit log, or the installation-wide one (changes that concern no organization, such as creating a user without --org)"))
    .option('--org <orgId>', 'organization id (default: the installation-wide log)')
    .option('--limit <n>', 'newest entries to list (at most 1000)', '50')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        if (o.org !== undefined) await requireOrg(store, o.org);
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit must be a whole number from 1 to 1000');
        const page = await store.auditLogs.list(o.org ?? INSTALLATION_AUDIT_ORG, {}, { limit });
        const rows = page.items.map((r) => ({ ...r, eventTime: new Date(r.eventTime).toISOString(), user: r.userEmail ?? r.userId ?? '' }));
        out.list(rows, ['eventTime', 'action', 'source', 'user', 'description']);
      }),
    );

  const oauth = admin.command('oauth-clients').description('OAuth clients of the ThreatQ-compatible API (/api/token)');
  storeOptions(oauth.command('create').description('create a client; prints client_id and client_secret once'))
    .requiredOption('--org <orgId>', 'organization id (tokens of this client are scoped to it)')
    .requiredOption('--user <userId|email>', 'member the client acts for in the client-credentials grant')
    .requiredOption('--name <name>', 'what the client is for')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        await requireOrg(store, o.org);
        const user = await requireUser(store, o.user);
        if (!(await store.memberships.get(o.org, user.id))) throw new Error(`${user.email} is not a member of ${o.org}`);
        const { client, secret } = await store.oauth.createClient({ orgId: o.org, userId: user.id, name: o.name });
        await auditCli(store, o.org, 'create_oauth_client', 'create', `Created OAuth client ${client.name}`, { clientId: client.id });
        out.outcome({ clientId: client.id, clientSecret: secret, orgId: o.org }, `client_id=${client.id}\nclient_secret=${secret}\n(the secret is shown once)`);
      }),
    );
  storeOptions(oauth.command('list').description('list clients (never their secrets)'))
    .option('--org <orgId>', 'only this organization')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const rows = (await store.oauth.listClients(o.org)).map((c) => ({
          ...c,
          createdAt: new Date(c.createdAt).toISOString(),
          revokedAt: c.revokedAt === null ? '' : new Date(c.revokedAt).toISOString(),
        }));
        out.list(rows, ['id', 'name', 'orgId', 'userId', 'createdAt', 'revokedAt']);
      }),
    );
  storeOptions(oauth.command('revoke <clientId>').description('revoke a client and every token issued through it'))
    .action((clientId: string, o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const client = await store.oauth.getClient(clientId);
        if (!client || !(await store.oauth.revokeClient(clientId))) throw new Error(`OAuth client ${clientId} does not exist or is already revoked`);
        await auditCli(store, client.orgId, 'revoke_oauth_client', 'delete', `Revoked OAuth client ${client.name}`, { clientId });
        out.outcome({ revoked: clientId }, `revoked ${clientId}`);
      }),
    );

  const members = admin.command('members').description('organization memberships');
  storeOptions(members.command('add').description('add a user to an organization (or change the role)'))
    .requiredOption('--org <orgId>', 'organization id')
    .requiredOption('--user <userId|email>', 'user id or email')
    .requiredOption('--role <role>', 'owner, user or reader')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const role = parseRole(o.role);
        await requireOrg(store, o.org);
        const user = await requireUser(store, o.user);
        const m = await store.memberships.upsert(o.org, user.id, role);
        await auditCli(store, o.org, 'add_member', 'create', `Added ${user.email} as ${role}`, { memberId: user.id, role });
        out.list([{ orgId: m.orgId, userId: m.userId, email: user.email, role: m.role }], ['orgId', 'userId', 'email', 'role']);
      }),
    );
  storeOptions(members.command('remove').description('remove a user from an organization'))
    .requiredOption('--org <orgId>', 'organization id')
    .requiredOption('--user <userId|email>', 'user id or email')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const user = await requireUser(store, o.user);
        if (!(await store.memberships.remove(o.org, user.id))) throw new Error(`${user.email} is not a member of ${o.org}`);
        await auditCli(store, o.org, 'remove_member', 'delete', `Removed ${user.email}`, { memberId: user.id });
        out.outcome({ removed: user.id }, `removed ${user.email} from ${o.org}`);
      }),
    );
  storeOptions(members.command('list').description("list an organization's members"))
    .requiredOption('--org <orgId>', 'organization id')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        await requireOrg(store, o.org);
        out.list(await store.memberships.listMembers(o.org), ['id', 'email', 'displayName', 'role']);
      }),
    );

  const keys = admin.command('keys').description('API keys (Hawk keys of users)');
  const issue = (verb: string) =>
    storeOptions(keys.command(verb).description(`${verb} an API key for a user; earlier keys stop working at once`))
      .requiredOption('--user <userId|email>', 'user id or email')
      .action((o) =>
        withStore(io, o, async ({ store, lib, out }) => {
          const user = await requireUser(store, o.user);
          const { key, info } = await store.apiKeys.issue(user.id);
          await auditUser(store, user.id, verb === 'rotate' ? 'rotate_api_key' : 'issue_api_key', 'update', `${verb === 'rotate' ? 'Rotated' : 'Issued'} the API key of ${user.email}`, { keyId: info.id, userId: user.id });
          out.outcome({ userId: user.id, apiKey: key, keyId: info.id }, `TS_USER_ID=${user.id}\nTS_API_KEY=${key}\n(shown once; earlier keys of this user no longer work)`);
        }),
      );
  issue('issue');
  issue('rotate');
  storeOptions(keys.command('list').description('list API keys (never the keys themselves)'))
    .option('--user <userId|email>', 'only this user')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        const userId = o.user ? (await requireUser(store, o.user)).id : undefined;
        const rows = (await store.apiKeys.list(userId)).map((k) => ({
          ...k,
          createdAt: new Date(k.createdAt).toISOString(),
          revokedAt: k.revokedAt === null ? '' : new Date(k.revokedAt).toISOString(),
        }));
        out.list(rows, ['id', 'userId', 'prefix', 'createdAt', 'revokedAt']);
      }),
    );

  storeOptions(
    admin.command('deploy-key').description("issue (or rotate) an organization's deploy key, which agents register with"),
  )
    .requiredOption('--org <orgId>', 'organization id')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        await requireOrg(store, o.org);
        const rotating = (await store.deployKeys.list(o.org)).some((k) => k.revokedAt === null);
        const { key, info } = await store.deployKeys.issue(o.org);
        await auditCli(store, o.org, rotating ? 'rotate_deploy_key' : 'issue_deploy_key', 'update', `${rotating ? 'Rotated' : 'Issued'} the deploy key`, { keyId: info.id, prefix: info.prefix });
        out.outcome({ organizationId: o.org, deployKey: key, keyId: info.id, rotated: rotating }, `VIGIL_DEPLOY_KEY=${key}\n(shown once${rotating ? '; the previous deploy key no longer registers agents, registered agents keep working' : ''})`);
      }),
    );

  const rules = admin.command('rules').description('rules and rulesets');
  storeOptions(rules.command('install-defaults').description('install the default Base Rule Set (skipped if the organization has one)'))
    .requiredOption('--org <orgId>', 'organization id')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        await requireOrg(store, o.org);
        const r = await lib.installBaseRuleSet(store, o.org);
        if (r.installed) {
          await auditCli(store, o.org, 'install_base_rule_set', 'create', `Installed the ${r.ruleset.name}`, { rulesetId: r.ruleset.id, rules: r.rules });
        }
        out.list([{ rulesetId: r.ruleset.id, name: r.ruleset.name, installed: r.installed, rules: r.rules }], ['rulesetId', 'name', 'installed', 'rules']);
      }),
    );

  storeOptions(admin.command('demo').description('load the deterministic demo dataset into an organization'))
    .requiredOption('--org <orgId>', 'organization id')
    .action((o) =>
      withStore(io, o, async ({ store, lib, out }) => {
        await requireOrg(store, o.org);
        const summary = await lib.loadDemoDataset(store, { orgId: o.org });
        await auditCli(store, o.org, 'load_demo', 'create', 'Loaded the demo dataset', { ...summary });
        out.list([summary], Object.keys(summary));
      }),
    );
  return admin;
}
