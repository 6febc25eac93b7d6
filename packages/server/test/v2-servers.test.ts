import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CloudMetadata, NewAgent } from '@vigil/store';
import { DIALECTS } from '@vigil/store/testing';
import { startTestServer, type TestServer } from './helpers/test-server.js';
import { agentFixture, memberWithRole, otherOrganization } from './helpers/fixtures.js';
import { registerAgent } from './helpers/agent-client.js';

/** Threat Stack's EC2 server fields, in order (reference §3.7). */
const SERVER_KEYS = [
  'id', 'kernelId', 'instanceType', 'privateDnsName', 'privateIpAddress', 'groups', 'subnetId', 'keyName', 'region',
  'launchTime', 'imageId', 'architecture', 'publicDnsName', 'publicIpAddress', 'vpcId', 'awsProfile', 'monitored', 'tags',
  'state', 'stateCode', 'agents',
];
const AGENT_KEYS = ['id', 'status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description', 'hostname', 'isContainerAgent', 'kernel', 'osVersion'];

const MONITORED_ID = 'i-0aaaaaaaaaaaaaaa1';

/** One `Instances[]` entry of `aws ec2 describe-instances`, trimmed to what matters here. */
function awsInstance(id: string, over: Record<string, unknown> = {}) {
  return {
    AmiLaunchIndex: 0,
    ImageId: 'ami-0c55b159cbfafe1f0',
    InstanceId: id,
    InstanceType: 't3.micro',
    KeyName: 'ops-key',
    LaunchTime: '2024-03-01T10:20:30+00:00',
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: 'us-east-1b', GroupName: '', Tenancy: 'default' },
    PrivateDnsName: 'ip-10-0-1-5.ec2.internal',
    PrivateIpAddress: '10.0.1.5',
    ProductCodes: [],
    PublicDnsName: '',
    State: { Code: 80, Name: 'stopped' },
    SubnetId: 'subnet-0123abcd',
    VpcId: 'vpc-0abc1234',
    Architecture: 'x86_64',
    SecurityGroups: [{ GroupName: 'web', GroupId: 'sg-0123456789abcdef0' }],
    Tags: [{ Key: 'Name', Value: `web ${id}` }],
    ...over,
  };
}

const describeOutput = (...instances: unknown[]) => ({ Reservations: [{ Groups: [], Instances: instances, OwnerId: '123456789012', ReservationId: 'r-0abc' }] });

function awsAgent(orgId: string, instanceId: string, over: Partial<NewAgent> = {}, cloud: Partial<CloudMetadata> = {}): NewAgent {
  return agentFixture(orgId, {
    instanceId,
    ipAddresses: { private: ['127.0.0.1/8', '10.0.1.5/24'], link_local: [], public: ['54.1.2.3/32'] },
    cloud: { provider: 'aws', instanceId, region: 'us-east-1', accountId: '123456789012', instanceType: 't3.large', imageId: 'ami-0live', ...cloud },
    ...over,
  });
}

for (const dialect of DIALECTS) {
  describe(`GET /v2/aws/ec2 and its imports (${dialect})`, () => {
    let server: TestServer;
    let orgId: string;
    const put = (body: unknown) => server.request('PUT', '/v2/aws/ec2/imports', { body });
    const csv = (text: string, method = 'PUT') => server.request(method, '/v2/aws/ec2/imports', { rawBody: text, contentType: 'text/csv' });
    const list = async (query = '') => {
      const res = await server.request('GET', `/v2/aws/ec2${query}`);
      assert.equal(res.status, 200, res.text);
      return res.json;
    };

    before(async () => {
      server = await startTestServer(dialect);
      orgId = server.creds.orgId;
    });
    after(() => server.close());

    it('answers an empty page at both spellings before anything is known', async () => {
      assert.deepEqual(await list(), { servers: [], token: null });
      assert.deepEqual(await list('/?monitored=true&verbose=true'), { servers: [], token: null });
    });

    it('lists AWS agents as monitored servers with their agents in full, and GCP agents not at all', async () => {
      const online = await server.store.agents.create(awsAgent(orgId, MONITORED_ID, { lastReportedAt: Date.now() - 1000 }));
      const older = await server.store.agents.create(awsAgent(orgId, MONITORED_ID, { status: 'offline', lastReportedAt: Date.now() }));
      await server.store.agents.create(agentFixture(orgId, { instanceId: 'gcp-123', cloud: { provider: 'gcp', instanceId: 'gcp-123' } }));
      await server.store.agents.create(agentFixture(orgId)); // an instance id but no cloud metadata: not a server

      const body = await list('/?monitored=true&verbose=true');
      assert.deepEqual(Object.keys(body), ['servers', 'token']);
      assert.equal(body.servers.length, 1);
      const s = body.servers[0];
      assert.deepEqual(Object.keys(s), SERVER_KEYS);
      assert.equal(s.id, MONITORED_ID);
      assert.equal(s.monitored, true);
      assert.equal(s.region, 'us-east-1');
      assert.equal(s.instanceType, 't3.large');
      assert.equal(s.imageId, 'ami-0live');
      assert.equal(s.awsProfile, '123456789012');
      assert.equal(s.privateIpAddress, '10.0.1.5', 'the first non-loopback address, without its prefix length');
      assert.equal(s.publicIpAddress, '54.1.2.3');
      assert.equal(s.state, 'running');
      assert.equal(s.stateCode, 16);
      assert.equal(s.vpcId, null);
      assert.deepEqual(s.agents.map((a: { id: string }) => a.id), [online.id, older.id], 'online first');
      assert.deepEqual(Object.keys(s.agents[0]), AGENT_KEYS);
      assert.equal(s.agents[0].isContainerAgent, false);
      assert.equal(s.agents[0].hostname, online.hostname);

      const brief = await list('?monitored=true');
      assert.deepEqual(brief.servers[0].agents, [{ id: online.id, status: 'online' }, { id: older.id, status: 'offline' }]);
      assert.deepEqual(await list('?monitored=false'), { servers: [], token: null });
    });

    it('imports describe-instances JSON: unmonitored servers with its fields, and an imported instance an agent reports stays monitored', async () => {
      const res = await put(
        describeOutput(
          awsInstance('i-0bbbbbbbbbbbbbbb2'),
          awsInstance(MONITORED_ID, { VpcId: 'vpc-0mon' }),
          awsInstance('i-0ccccccc', { PublicIpAddress: '3.4.5.6', PublicDnsName: 'ec2-3-4-5-6.compute-1.amazonaws.com', KernelId: 'aki-1' }),
        ),
      );
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { received: 3, added: 3, updated: 0, unchanged: 0, removed: 0, ignoredColumns: [] });

      const un = await list('?monitored=false&verbose=true');
      assert.deepEqual(un.servers.map((s: { id: string }) => s.id), ['i-0bbbbbbbbbbbbbbb2', 'i-0ccccccc']);
      assert.deepEqual(un.servers[0], {
        id: 'i-0bbbbbbbbbbbbbbb2',
        kernelId: null,
        instanceType: 't3.micro',
        privateDnsName: 'ip-10-0-1-5.ec2.internal',
        privateIpAddress: '10.0.1.5',
        groups: [{ id: 'sg-0123456789abcdef0', name: 'web' }],
        subnetId: 'subnet-0123abcd',
        keyName: 'ops-key',
        region: 'us-east-1',
        launchTime: '2024-03-01T10:20:30.000Z',
        imageId: 'ami-0c55b159cbfafe1f0',
        architecture: 'x86_64',
        publicDnsName: null,
        publicIpAddress: null,
        vpcId: 'vpc-0abc1234',
        awsProfile: '123456789012',
        monitored: false,
        tags: [{ source: 'ec2', key: 'Name', value: 'web i-0bbbbbbbbbbbbbbb2' }],
        state: 'stopped',
        stateCode: 80,
        agents: [],
      });
      assert.equal(un.servers[1].publicIpAddress, '3.4.5.6');
      assert.equal(un.servers[1].kernelId, 'aki-1');

      const mon = await list('?monitored=true&verbose=true');
      assert.equal(mon.servers.length, 1);
      const m = mon.servers[0];
      assert.equal(m.vpcId, 'vpc-0mon', 'the imported fields');
      assert.equal(m.instanceType, 't3.large', "the agent's live values over them");
      assert.equal(m.state, 'running', 'an agent on it is online');
      assert.equal(m.agents.length, 2);

      const all = await list('?verbose=true');
      assert.deepEqual(all.servers.map((s: { id: string; monitored: boolean }) => [s.id, s.monitored]), [
        [MONITORED_ID, true],
        ['i-0bbbbbbbbbbbbbbb2', false],
        ['i-0ccccccc', false],
      ]);
      // the Ruby client's isMonitored and the Python client's True
      assert.deepEqual((await list('?isMonitored=false')).servers.length, 2);
      assert.deepEqual((await list('/?monitored=True')).servers.length, 1);
    });

    it('re-imports idempotently: the same file changes nothing, PUT replaces, POST merges', async () => {
      const file = describeOutput(awsInstance('i-0bbbbbbbbbbbbbbb2'), awsInstance(MONITORED_ID, { VpcId: 'vpc-0mon' }), awsInstance('i-0ccccccc', { PublicIpAddress: '3.4.5.6', PublicDnsName: 'ec2-3-4-5-6.compute-1.amazonaws.com', KernelId: 'aki-1' }));
      const again = await put(file);
      assert.deepEqual(again.json, { received: 3, added: 0, updated: 0, unchanged: 3, removed: 0, ignoredColumns: [] });

      const replaced = await put(describeOutput(awsInstance('i-0bbbbbbbbbbbbbbb2', { State: { Code: 16, Name: 'running' } }), awsInstance(MONITORED_ID, { VpcId: 'vpc-0mon' })));
      assert.deepEqual(replaced.json, { received: 2, added: 0, updated: 1, unchanged: 1, removed: 1, ignoredColumns: [] });
      const un = await list('?monitored=false');
      assert.deepEqual(un.servers.map((s: { id: string; state: string }) => [s.id, s.state]), [['i-0bbbbbbbbbbbbbbb2', 'running']]);

      const merged = await server.request('POST', '/v2/aws/ec2/imports', { body: describeOutput(awsInstance('i-0dddddddddddddddd')) });
      assert.deepEqual(merged.json, { received: 1, added: 1, updated: 0, unchanged: 0, removed: 0, ignoredColumns: [] });
      assert.equal((await list('?monitored=false')).servers.length, 2);
    });

    it("imports a CSV with Threat Stack's or AWS's column names, a GetEC2Instances file as it is", async () => {
      // what GetEC2Instances writes (pandas, the agent columns after the instance ones)
      const getEc2 = [
        'id,kernelId,instanceType,privateDnsName,privateIpAddress,group,subnetId,keyName,region,launchTime,imageId,architecture,publicDnsName,publicIpAddress,vpcId,awsProfile,monitored,tags,state,stateCode,ID,Status,createdAt,lastReportedAt,version,name,description,hostName,isContainer,kernel,osVersion',
        "i-0eeeeeeeeeeeeeee5,,m5.large,ip-10-0-2-9.ec2.internal,10.0.2.9,\"[{'id': 'sg-1', 'name': 'db'}]\",subnet-9,,eu-west-1,2023-11-02T08:00:00.000Z,ami-9,arm64,,,vpc-9,210987654321,False,\"[{'source': 'ec2', 'key': 'Team', 'value': 'data'}]\",running,16.0,,,,,,,,,,,",
      ].join('\n');
      const res = await csv(getEc2, 'POST');
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.added, 1);
      assert.deepEqual(res.json.ignoredColumns, ['monitored', 'ID', 'Status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description', 'hostName', 'isContainer', 'kernel', 'osVersion']);
      const aws = await csv('\uFEFFInstance ID,Instance Type,Availability Zone,Security Groups,Tags,Private IPv4 address\r\ni-0fffffffffffffff6,t3.nano,ap-southeast-2c,sg-a sg-b,Name=api;Env=prod,172.31.0.4\r\n', 'POST');
      assert.equal(aws.status, 200, aws.text);
      const un = (await list('?monitored=false')).servers as Array<Record<string, any>>;
      const e = un.find((s) => s.id === 'i-0eeeeeeeeeeeeeee5')!;
      assert.deepEqual(e.groups, [{ id: 'sg-1', name: 'db' }]);
      assert.deepEqual(e.tags, [{ source: 'ec2', key: 'Team', value: 'data' }]);
      assert.equal(e.stateCode, 16);
      assert.equal(e.architecture, 'arm64');
      assert.equal(e.awsProfile, '210987654321');
      const f = un.find((s) => s.id === 'i-0fffffffffffffff6')!;
      assert.equal(f.region, 'ap-southeast-2');
      assert.deepEqual(f.groups, [{ id: 'sg-a', name: null }, { id: 'sg-b', name: null }]);
      assert.deepEqual(f.tags, [{ source: 'ec2', key: 'Name', value: 'api' }, { source: 'ec2', key: 'Env', value: 'prod' }]);
      assert.equal(f.privateIpAddress, '172.31.0.4');
    });

    it('refuses bad query values with a 400 naming them', async () => {
      for (const [query, pattern] of [
        ['?monitored=yes', /monitored/],
        ['?verbose=1', /verbose/],
        ['?isMonitored=maybe', /isMonitored/],
        ['?monitored=true&isMonitored=false', /isMonitored.*contradicts/],
        ['?token=garbage', /token/],
      ] as const) {
        const res = await server.request('GET', `/v2/aws/ec2${query}`);
        assert.equal(res.status, 400, query);
        assert.deepEqual(Object.keys(res.json), ['errors']);
        assert.match(res.json.errors[0], pattern, query);
      }
    });

    it('refuses a bad import with a 400 naming the place, and stores nothing', async () => {
      const before = await list('?verbose=true');
      const cases: Array<[string, () => Promise<{ status: number; json: any }>, RegExp]> = [
        ['not describe-instances', () => put({ Instances: [] }), /describe-instances/],
        ['an array', () => put([awsInstance('i-0bbbbbbbbbbbbbbb2')]), /Reservations/],
        ['bad id', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9'), awsInstance('web-1'))), /Reservations\[0\]\.Instances\[1\]\.InstanceId/],
        ['bad address', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9', { PrivateIpAddress: '10.0.0.999' }))), /Instances\[0\]\.PrivateIpAddress: must be an IP address/],
        ['bad state code', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9', { State: { Code: 'x', Name: 'running' } }))), /State\.Code/],
        ['bad launch time', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9', { LaunchTime: 'yesterday' }))), /LaunchTime/],
        ['bad tags', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9', { Tags: 'Name=x' }))), /Tags: must be an array/],
        ['a number for a string', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9', { VpcId: 7 }))), /VpcId: must be a string/],
        ['twice', () => put(describeOutput(awsInstance('i-0aaaaaaaaaaaaaaa9'), awsInstance('i-0aaaaaaaaaaaaaaa9'))), /listed twice/],
        ['malformed JSON', () => server.request('PUT', '/v2/aws/ec2/imports', { rawBody: '{"Reservations": [' }), /not valid JSON/],
        ['empty', () => server.request('PUT', '/v2/aws/ec2/imports', { rawBody: '' }), /empty/],
        ['CSV without an id column', () => csv('region,state\nus-east-1,running\n'), /instance id column/],
        ['CSV bad cell', () => csv('id,privateIpAddress\ni-0aaaaaaaaaaaaaaa9,10.0.0.1\ni-0aaaaaaaaaaaaaaa8,nope\n'), /line 3, column privateIpAddress: must be an IP address/],
        ['CSV ragged row', () => csv('id,region\ni-0aaaaaaaaaaaaaaa9,us-east-1,extra\n'), /CSV: .*line 2/i],
        ['CSV bad groups', () => csv('id,groups\ni-0aaaaaaaaaaaaaaa9,"[1,2]"\n'), /line 2, column groups/],
        ['CSV bad state code', () => csv('id,stateCode\ni-0aaaaaaaaaaaaaaa9,-1\n'), /column stateCode/],
        ['too many instances', () => csv('id\n' + Array.from({ length: 20_001 }, (_, i) => `i-${i.toString(16).padStart(8, '0')}`).join('\n')), /more than 20000 instances/],
      ];
      for (const [name, send, pattern] of cases) {
        const res = await send();
        assert.equal(res.status, 400, `${name}: ${res.status} ${JSON.stringify(res.json)}`);
        assert.match(res.json.errors[0], pattern, name);
      }
      assert.deepEqual(await list('?verbose=true'), before);
    });

    it('refuses a body over the limit (413), another media type (415) and readers (403)', async () => {
      const huge = await server.request('PUT', '/v2/aws/ec2/imports', { rawBody: 'id\n' + 'i-0aaaaaaaaaaaaaaa9\n'.repeat(1_800_000) , contentType: 'text/csv' });
      assert.equal(huge.status, 413);
      const xml = await server.request('PUT', '/v2/aws/ec2/imports', { rawBody: '<a/>', contentType: 'application/xml' });
      assert.equal(xml.status, 415);
      const reader = await memberWithRole(server.store, orgId, 'reader');
      const refused = await server.request('PUT', '/v2/aws/ec2/imports', { body: describeOutput(), creds: reader.creds });
      assert.equal(refused.status, 403);
      const user = await memberWithRole(server.store, orgId, 'user');
      const readable = await server.request('GET', '/v2/aws/ec2', { creds: reader.creds });
      assert.equal(readable.status, 200);
      const allowed = await server.request('POST', '/v2/aws/ec2/imports', { body: describeOutput(), creds: user.creds });
      assert.equal(allowed.status, 200, allowed.text);
    });

    it("keeps organizations apart: another organization's imports and agents are not ours", async () => {
      const other = await otherOrganization(server.store);
      assert.deepEqual((await server.request('GET', '/v2/aws/ec2', { creds: other.creds })).json, { servers: [], token: null });
      // the other organization imports our unmonitored instance's id and runs an agent on it
      await server.store.agents.create(awsAgent(other.org.id, 'i-0bbbbbbbbbbbbbbb2'));
      const res = await server.request('PUT', '/v2/aws/ec2/imports', { body: describeOutput(awsInstance('i-0bbbbbbbbbbbbbbb2', { VpcId: 'vpc-other' })), creds: other.creds });
      assert.equal(res.status, 200);
      const theirs = (await server.request('GET', '/v2/aws/ec2', { creds: other.creds })).json.servers;
      assert.deepEqual(theirs.map((s: { id: string; monitored: boolean; vpcId: string }) => [s.id, s.monitored, s.vpcId]), [['i-0bbbbbbbbbbbbbbb2', true, 'vpc-other']]);
      const ours = (await list('?monitored=false')).servers.find((s: { id: string }) => s.id === 'i-0bbbbbbbbbbbbbbb2');
      assert.equal(ours.monitored, false);
      assert.equal(ours.vpcId, 'vpc-0abc1234');
    });

    it('pages through many servers, 100 per page, in instance id order, and refuses a token with other filters', async () => {
      const instances = Array.from({ length: 230 }, (_, i) => awsInstance(`i-1${i.toString(16).padStart(7, '0')}`));
      assert.equal((await server.request('POST', '/v2/aws/ec2/imports', { body: describeOutput(...instances) })).status, 200);
      const seen: string[] = [];
      let path = '/v2/aws/ec2?monitored=false&verbose=true';
      let pages = 0;
      let firstToken = '';
      for (;;) {
        const body = await list(path.slice('/v2/aws/ec2'.length));
        pages += 1;
        seen.push(...body.servers.map((s: { id: string }) => s.id));
        if (body.token === null) break;
        assert.equal(body.servers.length, 100);
        firstToken ||= body.token;
        // the scripts append the token raw
        path = `/v2/aws/ec2?monitored=false&verbose=true&token=${body.token}`;
      }
      assert.ok(pages >= 3);
      assert.equal(new Set(seen).size, seen.length);
      assert.deepEqual(seen, [...seen].sort());
      assert.ok(seen.length >= 230);
      const mixed = await server.request('GET', `/v2/aws/ec2?monitored=true&verbose=true&token=${firstToken}`);
      assert.equal(mixed.status, 400);
      assert.match(mixed.json.errors[0], /token/);
    });

    it('makes an agent registered with AWS instance metadata (as the agent and vigil simulate send it) a monitored server', async () => {
      const deployKey = (await server.store.deployKeys.issue(orgId)).key;
      const cloud = { provider: 'aws', instanceId: 'i-0999999999999999f', region: 'eu-west-1', availabilityZone: 'eu-west-1b', accountId: '123456789012', instanceType: 't3.medium', imageId: 'ami-0abc', tags: { Name: 'web-1' } };
      const { agentId } = await registerAgent(server.url, deployKey, { hostname: 'web-1.eu-west-1.internal', cloud });
      const body = await list('?monitored=true&verbose=true');
      const s = body.servers.find((x: { id: string }) => x.id === cloud.instanceId);
      assert.ok(s, JSON.stringify(body));
      assert.equal(s.region, 'eu-west-1');
      assert.deepEqual(s.tags, [{ source: 'ec2', key: 'Name', value: 'web-1' }]);
      assert.deepEqual(s.agents.map((a: { id: string; hostname: string }) => [a.id, a.hostname]), [[agentId, 'web-1.eu-west-1.internal']]);
    });
  });
}
