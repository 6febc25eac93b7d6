/**
 * `vigil servers list|import` and `vigil export servers` (GetEC2Instances) against a real server: the
 * import goes through the API, list prints the API objects, and the export writes the script's file — its
 * name (with the inverted flag quirk), its header, pandas' cells and `\n` line ends.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '@vigil/store/testing';
import type { TestServer } from '@vigil/server/testing';
import { jsonOut, startCliTestServer, tempDir, vigilAt } from './helpers/client-cli.js';

const UNMONITORED = 'i-0bbbbbbbbbbbbbbb2';
const MONITORED = 'i-0aaaaaaaaaaaaaaa1';
const HEADER =
  'id,kernelId,instanceType,privateDnsName,privateIpAddress,group,subnetId,keyName,region,launchTime,imageId,architecture,publicDnsName,publicIpAddress,vpcId,awsProfile,monitored,tags,state,stateCode,ID,Status,createdAt,lastReportedAt,version,name,description,hostName,isContainer,kernel,osVersion';

const DESCRIBE = {
  Reservations: [
    {
      OwnerId: '123456789012',
      Instances: [
        {
          InstanceId: UNMONITORED,
          InstanceType: 't3.micro',
          ImageId: 'ami-0c55b159cbfafe1f0',
          KeyName: 'ops-key',
          LaunchTime: '2024-03-01T10:20:30+00:00',
          Placement: { AvailabilityZone: 'us-east-1b' },
          PrivateDnsName: 'ip-10-0-1-5.ec2.internal',
          PrivateIpAddress: '10.0.1.5',
          PublicDnsName: '',
          State: { Code: 80, Name: 'stopped' },
          SubnetId: 'subnet-0123abcd',
          VpcId: 'vpc-0abc1234',
          Architecture: 'x86_64',
          SecurityGroups: [{ GroupName: 'web', GroupId: 'sg-0123456789abcdef0' }],
          Tags: [{ Key: 'Name', Value: 'web, one' }],
        },
        // nothing known but the id: pandas writes the state code column as floats once a value is missing
        { InstanceId: 'i-0cccccccccccccccc' },
        { InstanceId: MONITORED, VpcId: 'vpc-0mon' },
      ],
    },
  ],
};

const only = (dir: string, pattern: RegExp) => {
  const files = readdirSync(dir).filter((f) => pattern.test(f));
  assert.equal(files.length, 1, `one file matching ${pattern} in ${readdirSync(dir).join(', ')}`);
  return join(dir, files[0]!);
};

for (const dialect of DIALECTS) {
  describe(`vigil servers and export servers (${dialect})`, () => {
    let server: TestServer;
    let dir: ReturnType<typeof tempDir>;
    let vigil: ReturnType<typeof vigilAt>;
    let agentId: string;
    before(async () => {
      server = await startCliTestServer(dialect);
      dir = tempDir();
      vigil = vigilAt(server, { TS_ORGANIZATION_NAME: 'Test Org, Inc.' });
      const agent = await server.store.agents.create({
        orgId: server.creds.orgId,
        instanceId: MONITORED,
        status: 'online',
        createdAt: Date.UTC(2024, 4, 1, 12),
        lastReportedAt: Date.UTC(2024, 4, 2, 8, 30),
        version: '3.4.0',
        name: 'web-1',
        description: '',
        hostname: 'web-1.internal',
        ipAddresses: { private: ['10.0.9.9/24'], link_local: [], public: [] },
        tags: [],
        agentType: 'investigate',
        osVersion: 'Debian GNU/Linux 12 (bookworm)',
        kernel: '6.1.0-25-cloud-amd64',
        agentModuleHealth: { isHealthy: true },
        cloud: { provider: 'aws', instanceId: MONITORED, region: 'eu-west-1', accountId: '123456789012', instanceType: 't3.large', imageId: 'ami-0live' },
      });
      agentId = agent.id;
    });
    after(async () => {
      await server.close();
      dir.remove();
    });

    it('servers import sends the file to the API (JSON or CSV, replace or --merge) and refuses bad files with its message', async () => {
      const json = join(dir.path, 'instances.json');
      writeFileSync(json, JSON.stringify(DESCRIBE));
      const r = await vigil('servers', 'import', json, '--format', 'json');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(jsonOut(r), { received: 3, added: 3, updated: 0, unchanged: 0, removed: 0, ignoredColumns: [] });
      const again = await vigil('servers', 'import', json, '--format', 'json');
      assert.equal(jsonOut(again).unchanged, 3);

      // no extension: the first character tells
      const csv = join(dir.path, 'more');
      writeFileSync(csv, 'InstanceId,Region,Owner\ni-0dddddddddddddddd,ap-south-1,ops\n');
      const merged = await vigil('servers', 'import', csv, '--merge', '--format', 'json');
      assert.equal(merged.code, 0, merged.err);
      assert.deepEqual(jsonOut(merged), { received: 1, added: 1, updated: 0, unchanged: 0, removed: 0, ignoredColumns: ['Owner'] });

      const bad = join(dir.path, 'bad.csv');
      writeFileSync(bad, 'id,privateIpAddress\ni-0eeeeeeeeeeeeeeee,10.0.0.300\n');
      const refused = await vigil('servers', 'import', bad);
      assert.equal(refused.code, 7, 'a 400');
      assert.match(refused.err, /line 2, column privateIpAddress: must be an IP address/);
      assert.equal((await vigil('servers', 'import', join(dir.path, 'missing.json'))).code, 2);
      assert.equal((await vigil('servers', 'import', json, '--input-format', 'xml')).code, 2);

      // the merged instance goes again with a replace of the original file
      const replaced = await vigil('servers', 'import', json, '--format', 'json');
      assert.equal(jsonOut(replaced).removed, 1);
    });

    it('servers list prints the API objects, every page, monitored or not', async () => {
      const all = await vigil('servers', 'list', '--format', 'json');
      assert.equal(all.code, 0, all.err);
      assert.deepEqual(jsonOut(all).map((s: { id: string; monitored: boolean }) => [s.id, s.monitored]), [
        [MONITORED, true],
        [UNMONITORED, false],
        ['i-0cccccccccccccccc', false],
      ]);
      const api = await server.request('GET', '/v2/aws/ec2?monitored=false');
      assert.deepEqual(jsonOut(await vigil('servers', 'list', '--unmonitored', '--format', 'json')), api.json.servers);
      const mon = jsonOut(await vigil('servers', 'list', '--monitored', '--verbose-agents', '--format', 'json'));
      assert.equal(mon[0].agents[0].hostname, 'web-1.internal');
      const table = await vigil('servers', 'list', '--format', 'table');
      assert.match(table.out, new RegExp(`${MONITORED}.*${agentId}`));
      assert.equal((await vigil('servers', 'list', '--monitored', '--unmonitored')).code, 2);
    });

    it("export servers writes GetEC2Instances' file: the inverted flags, its header, pandas cells and \\n line ends", async () => {
      // --unmonitored: monitored=false, file "unmonitored", empty agent cells
      const un = join(dir.path, 'un');
      const r = await vigil('export', 'servers', '--unmonitored', '--output-dir', un);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, '', 'the script prints nothing');
      const text = readFileSync(only(un, /^EC2Instances-TestOrgInc-unmonitored-\d{4}-\d\d-\d\d-\d\d-\d\d\.csv$/), 'utf8');
      assert.equal(
        text,
        [
          HEADER,
          `${UNMONITORED},,t3.micro,ip-10-0-1-5.ec2.internal,10.0.1.5,"[{'id': 'sg-0123456789abcdef0', 'name': 'web'}]",subnet-0123abcd,ops-key,us-east-1,2024-03-01T10:20:30.000Z,ami-0c55b159cbfafe1f0,x86_64,,,vpc-0abc1234,123456789012,False,"[{'source': 'ec2', 'key': 'Name', 'value': 'web, one'}]",stopped,80.0,,,,,,,,,,,`,
          'i-0cccccccccccccccc,,,,,[],,,,,,,,,,123456789012,False,[],,,,,,,,,,,,,',
          '',
        ].join('\n'),
      );

      // no flag: the script asks for monitored servers but names the file "unmonitored"
      const plain = join(dir.path, 'plain');
      assert.equal((await vigil('export', 'servers', '--output-dir', plain)).code, 0);
      const monitoredRow = `${MONITORED},,t3.large,,10.0.9.9,[],,,eu-west-1,,ami-0live,,,,vpc-0mon,123456789012,True,[],running,16,${agentId},online,2024-05-01T12:00:00.000Z,2024-05-02T08:30:00.000Z,3.4.0,web-1,,web-1.internal,False,6.1.0-25-cloud-amd64,Debian GNU/Linux 12 (bookworm)`;
      assert.equal(readFileSync(only(plain, /^EC2Instances-TestOrgInc-unmonitored-/), 'utf8'), `${HEADER}\n${monitoredRow}\n`);

      const mon = join(dir.path, 'mon');
      assert.equal((await vigil('export', 'servers', '--monitored', '--output-dir', mon)).code, 0);
      assert.equal(readFileSync(only(mon, /^EC2Instances-TestOrgInc-monitored-/), 'utf8'), `${HEADER}\n${monitoredRow}\n`);

      assert.equal((await vigil('export', 'servers', '--monitored', '--unmonitored')).code, 2, 'mutually exclusive');
    });
  });
}
