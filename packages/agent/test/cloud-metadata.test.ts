/**
 * Cloud instance metadata against fake metadata services on 127.0.0.1 that answer as AWS (IMDSv2), GCP and
 * Azure do; and a service that never answers, which costs the deadline and nothing more.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { readCloudMetadata } from '@vigil/agent';
import { fakeMetadata } from './helpers/fake-metadata.js';

/** A real host gets 1 s; a loaded test machine may need longer for the same few local requests. */
const GENEROUS = 20_000;
const TOKEN = 'AQAEAFake-token==';
const IDENTITY = JSON.stringify({
  accountId: '123456789012',
  architecture: 'x86_64',
  availabilityZone: 'eu-west-1b',
  imageId: 'ami-0c1bc246476a5572b',
  instanceId: 'i-0123456789abcdef0',
  instanceType: 't3.medium',
  pendingTime: '2024-05-02T09:12:44Z',
  privateIp: '10.0.1.17',
  region: 'eu-west-1',
  version: '2017-09-30',
});
/** IMDSv2: every read needs the session token from the PUT. */
const withToken = (body: string) => (req: { headers: Record<string, unknown> }) => (req.headers['x-aws-ec2-metadata-token'] === TOKEN ? body : undefined);

describe('cloud metadata', () => {
  it('AWS: IMDSv2 token, identity document, and tags when instance metadata tags are enabled', async () => {
    const imds = await fakeMetadata({
      'PUT /latest/api/token': (req) => (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] ? TOKEN : undefined),
      'GET /latest/dynamic/instance-identity/document': withToken(IDENTITY),
      'GET /latest/meta-data/tags/instance': withToken('Name\nenv'),
      'GET /latest/meta-data/tags/instance/Name': withToken('web-1'),
      'GET /latest/meta-data/tags/instance/env': withToken('prod'),
    });
    try {
      assert.deepEqual(await readCloudMetadata({ baseUrl: imds.url, timeoutMs: GENEROUS }), {
        provider: 'aws',
        instanceId: 'i-0123456789abcdef0',
        region: 'eu-west-1',
        availabilityZone: 'eu-west-1b',
        accountId: '123456789012',
        instanceType: 't3.medium',
        imageId: 'ami-0c1bc246476a5572b',
        tags: { Name: 'web-1', env: 'prod' },
      });
      assert.equal(imds.asked.find((a) => a.path === '/latest/api/token')?.method, 'PUT');
    } finally {
      await imds.close();
    }
  });

  it('AWS without instance metadata tags: no tags, the rest as usual', async () => {
    const imds = await fakeMetadata({ 'PUT /latest/api/token': TOKEN, 'GET /latest/dynamic/instance-identity/document': withToken(IDENTITY) });
    try {
      const cloud = await readCloudMetadata({ baseUrl: imds.url, timeoutMs: GENEROUS });
      assert.equal(cloud?.instanceId, 'i-0123456789abcdef0');
      assert.equal(cloud?.tags, undefined);
    } finally {
      await imds.close();
    }
  });

  it('GCP: the instance document and project id behind Metadata-Flavor: Google', async () => {
    const google = (body: string) => (req: { headers: Record<string, unknown> }) => (req.headers['metadata-flavor'] === 'Google' ? body : undefined);
    const gce = await fakeMetadata({
      'GET /computeMetadata/v1/instance/?recursive=true': google(
        '{"id":4520031799277581759,' + JSON.stringify({ zone: 'projects/812345678901/zones/us-central1-a', machineType: 'projects/812345678901/machineTypes/e2-medium', image: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240515', labels: { team: 'web' } }).slice(1),
      ),
      'GET /computeMetadata/v1/project/project-id': google('acme-prod'),
      'GET /computeMetadata/v1/instance/id': google('4520031799277581759'),
    });
    try {
      assert.deepEqual(await readCloudMetadata({ baseUrl: gce.url, timeoutMs: GENEROUS }), {
        provider: 'gcp',
        instanceId: '4520031799277581759',
        region: 'us-central1',
        availabilityZone: 'us-central1-a',
        accountId: 'acme-prod',
        instanceType: 'e2-medium',
        imageId: 'projects/debian-cloud/global/images/debian-12-bookworm-v20240515',
        tags: { team: 'web' },
      });
    } finally {
      await gce.close();
    }
  });

  it('Azure: the compute section behind Metadata: true', async () => {
    const azure = await fakeMetadata({
      'GET /metadata/instance?api-version=2021-02-01': (req) =>
        req.headers.metadata === 'true'
          ? JSON.stringify({ compute: { vmId: '02aab8a4-74ef-476e-8182-f6d2ba4166a6', location: 'westeurope', zone: '1', subscriptionId: '8d10da13-8125-4ba9-a717-bf7490507b3d', vmSize: 'Standard_B2s', tagsList: [{ name: 'env', value: 'prod' }] } })
          : undefined,
    });
    try {
      assert.deepEqual(await readCloudMetadata({ baseUrl: azure.url, timeoutMs: GENEROUS }), {
        provider: 'azure',
        instanceId: '02aab8a4-74ef-476e-8182-f6d2ba4166a6',
        region: 'westeurope',
        availabilityZone: '1',
        accountId: '8d10da13-8125-4ba9-a717-bf7490507b3d',
        instanceType: 'Standard_B2s',
        tags: { env: 'prod' },
      });
    } finally {
      await azure.close();
    }
  });

  it('no provider answering: undefined (404s, or a service that accepts and never answers, until the deadline)', async () => {
    const nothing = await fakeMetadata({});
    try {
      assert.equal(await readCloudMetadata({ baseUrl: nothing.url, timeoutMs: GENEROUS }), undefined);
    } finally {
      await nothing.close();
    }
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as { port: number };
      assert.equal(await readCloudMetadata({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 }), undefined);
    } finally {
      silent.close();
    }
  });
});
