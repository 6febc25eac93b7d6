/**
 * Reads a CSV of instances: a header row naming the columns, with Threat Stack's field names (what
 * GetEC2Instances wrote, so its files import as they are) or AWS's (`InstanceId`, `PrivateIpAddress`, …),
 * in any case and spacing. Columns it does not know are ignored and listed in the answer.
 * @module
 */
import { parse } from 'csv-parse/sync';
import { emptyInstance, type Ec2Instance } from '@vigil/store';
import * as v from './instance-values.js';

type Field = keyof Ec2Instance | 'availabilityZone';

/** Header spellings (lowercased, letters and digits only) → field. */
const HEADERS: Record<string, Field> = {
  id: 'id', instanceid: 'id',
  kernelid: 'kernelId',
  instancetype: 'instanceType',
  privatednsname: 'privateDnsName',
  privateipaddress: 'privateIpAddress', privateipv4address: 'privateIpAddress',
  groups: 'groups', group: 'groups', securitygroups: 'groups',
  subnetid: 'subnetId',
  keyname: 'keyName', keypair: 'keyName',
  region: 'region',
  availabilityzone: 'availabilityZone',
  launchtime: 'launchTime',
  imageid: 'imageId', amiid: 'imageId',
  architecture: 'architecture',
  publicdnsname: 'publicDnsName', publicipv4dns: 'publicDnsName',
  publicipaddress: 'publicIpAddress', publicipv4address: 'publicIpAddress',
  vpcid: 'vpcId',
  awsprofile: 'awsProfile', ownerid: 'awsProfile', accountid: 'awsProfile',
  tags: 'tags',
  state: 'state', instancestate: 'state',
  statecode: 'stateCode',
};

/** What a CSV import read. */
export interface CsvInstances {
  instances: Ec2Instance[];
  /** header cells that name no instance field (GetEC2Instances' agent columns, for one) */
  ignoredColumns: string[];
}

/**
 * A list cell: JSON, or the Python literal the Threat Stack scripts wrote (single quotes, None, True).
 * Null when the cell is not one.
 */
function listCell(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    if (cell.includes('"')) return null;
    try {
      return JSON.parse(cell.replace(/'/g, '"').replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
    } catch {
      return null;
    }
  }
}

const pick = (o: Record<string, unknown>, ...names: string[]) => names.map((n) => o[n]).find((x) => x !== undefined);

function groupsCell(cell: string, where: string) {
  if (cell === '') return [];
  if (/^[[{]/.test(cell)) {
    const parsed = listCell(cell);
    if (!Array.isArray(parsed) || !parsed.every((g) => typeof g === 'object' && g !== null)) {
      throw v.badValue(where, 'must be a JSON array of {id, name} or security group ids separated by spaces or semicolons');
    }
    return v.groups(parsed.map((g: Record<string, unknown>) => ({ id: pick(g, 'id', 'ID', 'GroupId'), name: pick(g, 'name', 'Name', 'GroupName') })), where);
  }
  return v.groups(cell.split(/[\s;,]+/).filter(Boolean).map((id) => ({ id, name: null })), where);
}

function tagsCell(cell: string, where: string) {
  if (cell === '') return [];
  if (/^[[{]/.test(cell)) {
    const parsed = listCell(cell);
    if (Array.isArray(parsed) && parsed.every((t) => typeof t === 'object' && t !== null)) {
      return v.tags(parsed.map((t: Record<string, unknown>) => ({ key: pick(t, 'key', 'Key'), value: pick(t, 'value', 'Value') })), where);
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return v.tags(Object.entries(parsed).map(([key, value]) => ({ key, value })), where);
    }
    throw v.badValue(where, 'must be JSON ([{key, value}] or {key: value}) or key=value pairs separated by semicolons');
  }
  return v.tags(
    cell.split(';').filter((p) => p.trim() !== '').map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? { key: pair.trim(), value: '' } : { key: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
    }),
    where,
  );
}

/**
 * The instances of a CSV file, in file order; a bad cell → 400 naming its line and column.
 * ```ts
 * instancesCsv('id,region\ni-0abc1234,us-east-1\n', 20_000).instances[0].region; // 'us-east-1'
 * ```
 */
export function instancesCsv(text: string, max: number): CsvInstances {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = (parse as (input: string, options: object) => typeof records)(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 65536 });
  } catch (err) {
    throw v.badValue('CSV', (err as Error).message);
  }
  const header = records.shift()?.record;
  if (!header) throw v.badValue('CSV', 'is empty; the first row must name the columns (id or InstanceId, region, …)');
  const columns: (Field | undefined)[] = [];
  const ignoredColumns: string[] = [];
  const taken = new Set<Field>();
  for (const name of header) {
    const field = HEADERS[name.toLowerCase().replace(/[^a-z0-9]/g, '')];
    // GetEC2Instances writes the instance `id` and later the agent's `ID`: the first one is the instance's
    if (field === undefined || taken.has(field)) {
      columns.push(undefined);
      ignoredColumns.push(name);
    } else {
      columns.push(field);
      taken.add(field);
    }
  }
  if (!taken.has('id')) throw v.badValue('CSV header', 'needs an instance id column (id or InstanceId)');
  if (records.length > max) throw v.badValue('CSV', `more than ${max} instances; import them in parts with merge`);
  const instances = records.map(({ record, info }) => {
    const cells: Partial<Record<Field, string>> = {};
    columns.forEach((field, i) => {
      if (field !== undefined) cells[field] = record[i]!.trim();
    });
    const at = (field: Field) => `line ${info.lines}, column ${header[columns.indexOf(field)]}`;
    const cell = (field: Field) => cells[field];
    const zone = v.text(cell('availabilityZone'), at('availabilityZone'));
    return {
      ...emptyInstance(v.instanceId(cell('id'), at('id'))),
      kernelId: v.text(cell('kernelId'), at('kernelId')),
      instanceType: v.text(cell('instanceType'), at('instanceType')),
      privateDnsName: v.text(cell('privateDnsName'), at('privateDnsName')),
      privateIpAddress: v.address(cell('privateIpAddress'), at('privateIpAddress')),
      groups: groupsCell(cell('groups') ?? '', at('groups')),
      subnetId: v.text(cell('subnetId'), at('subnetId')),
      keyName: v.text(cell('keyName'), at('keyName')),
      region: v.text(cell('region'), at('region')) ?? v.regionOfZone(zone),
      launchTime: v.time(cell('launchTime'), at('launchTime')),
      imageId: v.text(cell('imageId'), at('imageId')),
      architecture: v.text(cell('architecture'), at('architecture')),
      publicDnsName: v.text(cell('publicDnsName'), at('publicDnsName')),
      publicIpAddress: v.address(cell('publicIpAddress'), at('publicIpAddress')),
      vpcId: v.text(cell('vpcId'), at('vpcId')),
      awsProfile: v.text(cell('awsProfile'), at('awsProfile')),
      tags: tagsCell(cell('tags') ?? '', at('tags')),
      state: v.text(cell('state'), at('state')),
      stateCode: v.stateCode(cell('stateCode'), at('stateCode')),
    };
  });
  return { instances, ignoredColumns };
}
