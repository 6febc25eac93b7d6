/**
 * `vigil-agent run`: registers with the deploy key (once; the credentials are kept in the state folder and
 * reused after a restart), starts the sources, ships their events through the spool, and heartbeats with the
 * host's facts and each module's health.
 * @module
 */
import { join } from 'node:path';
import { AgentClient, ApiError, AuthenticationError, ConnectionError, type CloudMetadata } from '@vigil/sdk';
import { AUDITD_LOG, startAuditSource, type AuditSource, type SourceStatus } from '../audit/audit-source.js';
import { startProcScanner, type ProcScanner } from '../proc-scan/proc-scanner.js';
import { startLoginSource, type LoginSource, type LoginSourceMode } from '../logins/login-source.js';
import { startFimSource, type FimSource, type FimSourceOptions } from '../fim/fim-source.js';
import type { AuditctlRunner } from '../audit/audit-rules.js';
import { procLookups } from '../host/proc-lookups.js';
import { readHostFacts } from '../host/host-facts.js';
import { readCloudMetadata, type CloudMetadataOptions } from '../host/cloud-metadata.js';
import { startInventorySource } from '../inventory/inventory-source.js';
import type { InventoryPaths } from '../inventory/read-inventory.js';
import { Shipper, type ShipperOptions } from '../ship/shipper.js';
import { Spool } from '../ship/spool.js';
import { AGENT_VERSION } from './agent-version.js';
import { startConfigPoller } from './config-poller.js';
import { moduleHealth } from './module-health.js';
import { loadCredentials, prepareStateDir, saveCredentials, type StoredCredentials } from './state-dir.js';
import { writeStatusFile, type AgentStatusFile } from './status-file.js';

export interface AgentRunOptions {
  /** the Vigil server, e.g. https://vigil.example.com */
  url: string;
  /** needed for the first start only */
  deployKey?: string;
  stateDir: string;
  /** default 60 s */
  heartbeatIntervalMs?: number;
  /** default 50 MiB */
  spoolMaxBytes?: number;
  /** the shipper's batching and backoff (defaults: see ShipperOptions) */
  shipping?: Pick<ShipperOptions, 'maxWaitMs' | 'backoff'>;
  audit?: { key?: string; logPath?: string; auditctl?: AuditctlRunner };
  /** logins, sudo and su from the journal or auth.log (`mode: 'off'` leaves them out) */
  logins?: { mode?: LoginSourceMode | 'off'; journalctl?: string; authLogPaths?: readonly string[] };
  /** where the package databases are (default: the system's) and how long changes settle before they are read (default 2 s) */
  inventory?: InventoryPaths & { debounceMs?: number };
  /** the instance metadata service (default http://169.254.169.254, asked once at start, 1 s at most); false: do not ask */
  cloudMetadata?: CloudMetadataOptions | false;
  /** file integrity limits and timing (defaults in `fim-source.ts`) */
  fim?: Pick<FimSourceOptions, 'maxEntries' | 'maxHashBytes' | 'quietMs' | 'maxDelayMs'>;
  /** the longest wait between two configuration reads (default 60 s) */
  configPollMs?: number;
  log?: (message: string) => void;
}

export interface RunningAgent {
  agentId: string;
  /** the last health reported (or about to be) */
  health(): Record<string, unknown>;
  stop(): Promise<void>;
}

/** A failure the agent explains to whoever started it (exit status 2, no stack). */
export class AgentStartError extends Error {}

/**
 * ```ts
 * const agent = await runAgent({ url, deployKey, stateDir: '/var/lib/vigil-agent' });
 * process.once('SIGTERM', () => void agent.stop());
 * ```
 */
export async function runAgent(options: AgentRunOptions): Promise<RunningAgent> {
  const log = options.log ?? ((message: string) => console.error(message));
  try {
    prepareStateDir(options.stateDir);
  } catch (err) {
    throw new AgentStartError((err as Error).message);
  }
  const baseUrl = new URL(options.url).href;
  const cloud = options.cloudMetadata === false ? undefined : await readCloudMetadata(options.cloudMetadata);
  const credentials = loadCredentials(options.stateDir, baseUrl) ?? (await register(options, baseUrl, cloud));
  const client = new AgentClient({ baseUrl, agentId: credentials.agentId, secret: credentials.secret, maxRetries: 0 });

  const spool = new Spool({ dir: join(options.stateDir, 'spool'), maxBytes: options.spoolMaxBytes });
  const shipper = new Shipper({ ...options.shipping, sender: client, spool, onProblem: log });
  shipper.start();
  const lookups = procLookups();
  let fim: FimSource | undefined;
  // The server's configuration (or the last one kept): watched paths, intervals, sources.
  const poller = await startConfigPoller({
    client,
    stateDir: options.stateDir,
    log,
    maxIntervalMs: options.configPollMs,
    onChange: (config) => void fim?.update(config.fileIntegrity.paths).catch(() => {}),
  });
  const serverConfig = poller.current;
  /** whether the server's configuration lists the source (every source runs while none is known) */
  const runs = (source: string) => serverConfig?.sources.includes(source) ?? true;
  const audit: AuditSource | undefined = !runs('audit')
    ? undefined
    : await startAuditSource({
        lookups,
        onEvent: (event) => shipper.add(event),
        key: options.audit?.key,
        logPath: options.audit?.logPath,
        auditctl: options.audit?.auditctl,
      });
  const sources: Record<string, SourceStatus> = audit ? { audit: audit.status } : {};
  let scanner: ProcScanner | undefined;
  if ((audit === undefined || audit.status.state === 'failed') && runs('procScanner')) {
    log(`audit source: ${audit?.status.message ?? 'not in the server\'s configuration'}; scanning /proc instead`);
    scanner = startProcScanner({ lookups, onEvent: (event) => shipper.add(event), reason: 'kernel audit is not available', intervalMs: (serverConfig?.procScanSeconds ?? 1) * 1000 });
    sources.procScanner = scanner.status;
  }
  const { mode: loginsMode, ...loginsOptions } = options.logins ?? {};
  let logins: LoginSource | undefined;
  if (loginsMode !== 'off' && runs('logins')) {
    logins = await startLoginSource({ ...loginsOptions, mode: loginsMode, users: lookups, onEvent: (event) => shipper.add(event) });
    sources.logins = logins.status;
    if (logins.reading === undefined) log(`login source: ${logins.status.message}`);
  }
  if (runs('fim')) {
    fim = await startFimSource({
      ...options.fim,
      stateDir: options.stateDir,
      paths: serverConfig?.fileIntegrity.paths ?? [],
      onEvent: (event) => shipper.add(event),
      userName: (uid) => lookups.userName(uid),
      // auditd's log grows with every event the audit source reads: not news about the host (fim-source.ts).
      ownLogs: audit !== undefined && audit.status.state !== 'failed' ? [options.audit?.logPath ?? AUDITD_LOG] : [],
    });
    sources.fim = fim.status;
  }

  const inventory = runs('inventory') ? startInventorySource({ sender: client, stateDir: options.stateDir, paths: options.inventory, debounceMs: options.inventory?.debounceMs, log }) : undefined;
  if (inventory) sources.inventory = inventory.status;

  const health = () => moduleHealth(sources, shipper.stats, spool.stats);
  const startedAt = new Date().toISOString();
  let lastHeartbeat: AgentStatusFile['lastHeartbeat'];
  const recordStatus = (stoppedAt?: string) =>
    writeStatusFile(options.stateDir, {
      agentId: credentials.agentId,
      url: baseUrl,
      version: AGENT_VERSION,
      pid: process.pid,
      startedAt,
      updatedAt: new Date().toISOString(),
      ...(stoppedAt ? { stoppedAt } : {}),
      ...(lastHeartbeat ? { lastHeartbeat } : {}),
      health: health(),
    });
  const heartbeat = async () => {
    const facts = readHostFacts();
    const at = new Date().toISOString();
    try {
      const answer = await client.heartbeat({ version: AGENT_VERSION, osVersion: facts.osVersion, kernel: facts.kernel, ipAddresses: facts.ipAddresses, agentModuleHealth: health(), ...(cloud ? { cloud } : {}) });
      lastHeartbeat = { at, ok: true };
      // The answer says which package list the server holds: the first, changed or lost ones are sent now.
      void inventory?.sync(answer.inventoryDigest);
    } catch (err) {
      lastHeartbeat = { at, ok: false, error: (err as Error).message };
      log(`heartbeat failed: ${(err as Error).message}`);
    }
    recordStatus();
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), options.heartbeatIntervalMs ?? (serverConfig?.heartbeatSeconds ?? 60) * 1000);

  return {
    agentId: credentials.agentId,
    health,
    async stop() {
      clearInterval(timer);
      inventory?.stop();
      poller.stop();
      scanner?.stop();
      await fim?.stop();
      await audit?.stop();
      await logins?.stop();
      await shipper.stop();
      recordStatus(new Date().toISOString());
    },
  };
}

async function register(options: AgentRunOptions, baseUrl: string, cloud: CloudMetadata | undefined): Promise<StoredCredentials> {
  if (!options.deployKey) {
    throw new AgentStartError(`no agent credentials for ${baseUrl} in ${options.stateDir}: give the organization's deploy key (--deploy-key or VIGIL_AGENT_DEPLOY_KEY) for the first start`);
  }
  const facts = readHostFacts();
  try {
    const credentials = await AgentClient.register({
      baseUrl,
      deployKey: options.deployKey,
      host: { ...facts, version: AGENT_VERSION, ...(cloud ? { cloud } : {}) },
    });
    // A proxy or another program on that port can answer 200 with anything; keep nothing that is not credentials.
    if (![credentials.agentId, credentials.secret, credentials.organizationId].every((v) => typeof v === 'string' && v !== '')) {
      throw new AgentStartError(`the server at ${baseUrl} answered the registration without agent credentials: is it Vigil (check --url)?`);
    }
    const stored = { ...credentials, baseUrl };
    saveCredentials(options.stateDir, stored);
    return stored;
  } catch (err) {
    if (err instanceof AuthenticationError) throw new AgentStartError(`the server at ${baseUrl} refused the deploy key (401): check it with \`vigil admin deploy-key\``);
    if (err instanceof ConnectionError) throw new AgentStartError(`cannot reach the server at ${baseUrl}: ${err.message}`);
    if (err instanceof ApiError) throw new AgentStartError(`the server at ${baseUrl} could not register this agent (${err.status}): ${err.message}; the next start tries again`);
    throw err;
  }
}
