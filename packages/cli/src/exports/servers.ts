/**
 * `vigil export servers`: GetEC2Instances/get_ec2_instances.py. EC2 instances into
 * `EC2Instances-<Org>-monitored|unmonitored-<YYYY-MM-DD-HH-MM>.csv` as pandas writes the script's `Servers`
 * objects: the instance fields, then the first agent's (empty for unmonitored instances). The script prints
 * nothing.
 *
 * Its flag quirk is kept: `--monitored` is `store_true` and `--unmonitored` `store_false`, so a run with
 * neither asks for monitored instances but names the file "unmonitored"; `--unmonitored` asks for
 * unmonitored ones.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Ec2Server } from '@vigil/sdk';
import type { ClientContext } from '../client/command.js';
import { organizationNameFor, outputPath, utcMinute } from './common.js';
import { pandasCsv } from './pandas-csv.js';

/** The attributes of the script's `Servers` objects in `__dict__` order: its CSV header. */
export const SERVERS_HEADER = [
  'id', 'kernelId', 'instanceType', 'privateDnsName', 'privateIpAddress', 'group', 'subnetId', 'keyName', 'region',
  'launchTime', 'imageId', 'architecture', 'publicDnsName', 'publicIpAddress', 'vpcId', 'awsProfile', 'monitored', 'tags',
  'state', 'stateCode', 'ID', 'Status', 'createdAt', 'lastReportedAt', 'version', 'name', 'description', 'hostName',
  'isContainer', 'kernel', 'osVersion',
];

export interface ServersExportOptions {
  /** `--monitored` (argparse store_true) */
  monitored?: boolean;
  /** `--unmonitored` (argparse store_false: given → false) */
  unmonitored?: boolean;
  outputDir?: string;
  now?: Date;
}

/** One row as the script builds it; `monitored` is the branch the script takes (the same as its query). */
export function serverRecord(s: Ec2Server, monitored: boolean): Record<string, unknown> {
  const instance = {
    id: s.id, kernelId: s.kernelId, instanceType: s.instanceType, privateDnsName: s.privateDnsName,
    privateIpAddress: s.privateIpAddress, group: s.groups, subnetId: s.subnetId, keyName: s.keyName, region: s.region,
    launchTime: s.launchTime, imageId: s.imageId, architecture: s.architecture, publicDnsName: s.publicDnsName,
    publicIpAddress: s.publicIpAddress, vpcId: s.vpcId, awsProfile: s.awsProfile, monitored: s.monitored, tags: s.tags,
    state: s.state, stateCode: s.stateCode,
  };
  const a = monitored ? s.agents[0] : undefined;
  if (monitored && a === undefined) {
    // the script reads server["agents"][0] and stops with an IndexError; say which instance instead
    throw new Error(`server ${s.id} is listed as monitored but has no agent`);
  }
  const agent = a
    ? { ID: a.id, Status: a.status, createdAt: a.createdAt, lastReportedAt: a.lastReportedAt, version: a.version, name: a.name, description: a.description, hostName: a.hostname, isContainer: a.isContainerAgent, kernel: a.kernel, osVersion: a.osVersion }
    : Object.fromEntries(SERVERS_HEADER.slice(20).map((k) => [k, '']));
  return { ...instance, ...agent };
}

/** Runs the export; returns the file written. */
export async function exportServers(ctx: ClientContext, options: ServersExportOptions = {}): Promise<string> {
  const orgName = organizationNameFor(ctx);
  const flagMonitored = options.monitored === true;
  const flagUnmonitored = options.unmonitored !== true; // store_false
  const query = flagMonitored ? true : flagUnmonitored;
  const kind = flagMonitored ? 'monitored' : 'unmonitored';
  const file = outputPath(options.outputDir, `EC2Instances-${orgName}-${kind}-${utcMinute(options.now ?? new Date())}.csv`);
  const records: Record<string, unknown>[] = [];
  const bar = ctx.output.progress('servers', ctx.progress);
  try {
    for await (const server of ctx.client.servers.list({ monitored: query, verbose: true })) {
      records.push(serverRecord(server, query));
      bar.update(records.length);
    }
  } finally {
    bar.stop();
  }
  // an empty frame has no columns at all in pandas
  writeFileSync(file, records.length === 0 ? '\n' : pandasCsv(records, { columns: SERVERS_HEADER }));
  return file;
}
