/**
 * Cloud instance metadata: which instance the host is (id, region, account, type, tags), asked of the
 * instance metadata service that AWS, GCP and Azure all serve at 169.254.169.254. The three are asked at
 * once and the first complete answer wins; a host that is not a cloud instance answers none of them, so the
 * whole question has a deadline (1 s) and then the host simply has no cloud metadata.
 * @module
 */
import type { CloudMetadata } from '@vigil/sdk';

export const METADATA_BASE_URL = 'http://169.254.169.254';

export interface CloudMetadataOptions {
  /** default http://169.254.169.254 (tests point it at a fake on 127.0.0.1) */
  baseUrl?: string;
  /** for all questions together; default 1000 ms */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Ask = (path: string, init?: RequestInit) => Promise<Response>;

async function ok(response: Response): Promise<Response> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  return response;
}

const last = (path: unknown) => (typeof path === 'string' ? path.slice(path.lastIndexOf('/') + 1) : undefined);
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** Drops the fields a provider did not answer, so the object has only what is known. */
function defined(metadata: CloudMetadata): CloudMetadata {
  return Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) as unknown as CloudMetadata;
}

/** AWS IMDSv2: a session token (PUT), then the identity document and, when instance metadata tags are on, the tags. */
async function aws(ask: Ask): Promise<CloudMetadata> {
  const token = await (await ok(await ask('/latest/api/token', { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } }))).text();
  const headers = { 'x-aws-ec2-metadata-token': token };
  const doc = (await (await ok(await ask('/latest/dynamic/instance-identity/document', { headers }))).json()) as Record<string, unknown>;
  const instanceId = text(doc.instanceId);
  if (!instanceId) throw new Error('no instanceId in the identity document');
  let tags: Record<string, string> | undefined;
  const keys = await ask('/latest/meta-data/tags/instance', { headers });
  // 404 unless the instance was started with instance metadata tags enabled.
  if (keys.ok) {
    tags = {};
    for (const key of (await keys.text()).split('\n').filter(Boolean)) {
      tags[key] = await (await ok(await ask(`/latest/meta-data/tags/instance/${encodeURIComponent(key)}`, { headers }))).text();
    }
  }
  return defined({
    provider: 'aws',
    instanceId,
    region: text(doc.region),
    availabilityZone: text(doc.availabilityZone),
    accountId: text(doc.accountId),
    instanceType: text(doc.instanceType),
    imageId: text(doc.imageId),
    tags,
  });
}

/** GCP: the instance document, its id and the project id, behind `Metadata-Flavor: Google`. */
async function gcp(ask: Ask): Promise<CloudMetadata> {
  const headers = { 'metadata-flavor': 'Google' };
  const instance = (await (await ok(await ask('/computeMetadata/v1/instance/?recursive=true', { headers }))).json()) as Record<string, unknown>;
  const project = await (await ok(await ask('/computeMetadata/v1/project/project-id', { headers }))).text();
  // Asked as text: the id is a 64-bit number, which the JSON document's number would round.
  const id = await (await ok(await ask('/computeMetadata/v1/instance/id', { headers }))).text();
  const zone = last(instance.zone);
  const labels = instance.labels as Record<string, string> | undefined;
  return defined({
    provider: 'gcp',
    instanceId: id.trim(),
    region: zone?.replace(/-[a-z]$/, ''),
    availabilityZone: zone,
    accountId: text(project),
    instanceType: last(instance.machineType),
    imageId: text(instance.image),
    tags: labels && Object.keys(labels).length > 0 ? labels : undefined,
  });
}

/** Azure IMDS: the compute section behind `Metadata: true`. */
async function azure(ask: Ask): Promise<CloudMetadata> {
  const body = (await (await ok(await ask('/metadata/instance?api-version=2021-02-01', { headers: { metadata: 'true' } }))).json()) as {
    compute?: Record<string, unknown>;
  };
  const compute = body.compute ?? {};
  const vmId = text(compute.vmId);
  if (!vmId) throw new Error('no vmId in the compute document');
  const tagsList = Array.isArray(compute.tagsList) ? (compute.tagsList as { name: string; value: string }[]) : [];
  return defined({
    provider: 'azure',
    instanceId: vmId,
    region: text(compute.location),
    availabilityZone: text(compute.zone),
    accountId: text(compute.subscriptionId),
    instanceType: text(compute.vmSize),
    tags: tagsList.length > 0 ? Object.fromEntries(tagsList.map((t) => [t.name, t.value])) : undefined,
  });
}

/**
 * The instance's metadata, or undefined when no provider answered within the deadline.
 *
 * ```ts
 * await readCloudMetadata(); // { provider: 'aws', instanceId: 'i-0abc…', region: 'eu-west-1', accountId: '1234…', … }
 * ```
 */
export async function readCloudMetadata(options: CloudMetadataOptions = {}): Promise<CloudMetadata | undefined> {
  const base = (options.baseUrl ?? METADATA_BASE_URL).replace(/\/+$/, '');
  const signal = AbortSignal.timeout(options.timeoutMs ?? 1000);
  const doFetch = options.fetch ?? fetch;
  // No redirects: the answer must come from the metadata service itself.
  const ask: Ask = (path, init = {}) => doFetch(`${base}${path}`, { ...init, redirect: 'error', signal });
  try {
    return await Promise.any([aws(ask), gcp(ask), azure(ask)]);
  } catch {
    return undefined;
  }
}
