/**
 * Reads the output of `aws ec2 describe-instances` (JSON: `Reservations[].Instances[]`, AWS's own field
 * names) into instances with Threat Stack's field names. Fields Vigil does not show are ignored.
 * @module
 */
import { emptyInstance, type Ec2Instance } from '@vigil/store';
import * as v from './instance-values.js';

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw v.badValue(where, 'must be an array');
  return value;
}

function object(value: unknown, where: string): Json {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw v.badValue(where, 'must be an object');
  return value;
}

/** One `Instances[]` entry; `owner` is the reservation's `OwnerId` (the AWS account). */
function instanceOf(raw: unknown, where: string, owner: string | null): Ec2Instance {
  if (!isObject(raw)) throw v.badValue(where, 'must be an object');
  const id = v.instanceId(raw.InstanceId, `${where}.InstanceId`);
  const at = (field: string) => `${where}.${field}`;
  const placement = object(raw.Placement, at('Placement'));
  const state = object(raw.State, at('State'));
  const zone = v.text(placement.AvailabilityZone, at('Placement.AvailabilityZone'));
  const entries = (field: string) =>
    list(raw[field], at(field)).map((e, i) => {
      if (!isObject(e)) throw v.badValue(`${at(field)}[${i}]`, 'must be an object');
      return e;
    });
  return {
    ...emptyInstance(id),
    kernelId: v.text(raw.KernelId, at('KernelId')),
    instanceType: v.text(raw.InstanceType, at('InstanceType')),
    privateDnsName: v.text(raw.PrivateDnsName, at('PrivateDnsName')),
    privateIpAddress: v.address(raw.PrivateIpAddress, at('PrivateIpAddress')),
    groups: v.groups(entries('SecurityGroups').map((g) => ({ id: g.GroupId, name: g.GroupName })), at('SecurityGroups')),
    subnetId: v.text(raw.SubnetId, at('SubnetId')),
    keyName: v.text(raw.KeyName, at('KeyName')),
    region: v.regionOfZone(zone),
    launchTime: v.time(raw.LaunchTime, at('LaunchTime')),
    imageId: v.text(raw.ImageId, at('ImageId')),
    architecture: v.text(raw.Architecture, at('Architecture')),
    publicDnsName: v.text(raw.PublicDnsName, at('PublicDnsName')),
    publicIpAddress: v.address(raw.PublicIpAddress, at('PublicIpAddress')),
    vpcId: v.text(raw.VpcId, at('VpcId')),
    awsProfile: owner,
    tags: v.tags(entries('Tags').map((t) => ({ key: t.Key, value: t.Value })), at('Tags')),
    state: v.text(state.Name, at('State.Name')),
    stateCode: v.stateCode(state.Code, at('State.Code')),
  };
}

/**
 * The instances of a describe-instances answer, in file order; a bad value → 400 naming its path.
 * ```ts
 * describeInstances({ Reservations: [{ OwnerId: '1234', Instances: [{ InstanceId: 'i-0abc1234' }] }], 20_000);
 * ```
 */
export function describeInstances(body: unknown, max: number): Ec2Instance[] {
  if (!isObject(body) || !Array.isArray(body.Reservations)) {
    throw v.badValue('body', 'must be the JSON output of aws ec2 describe-instances (an object with Reservations)');
  }
  const out: Ec2Instance[] = [];
  body.Reservations.forEach((reservation, r) => {
    const where = `Reservations[${r}]`;
    if (!isObject(reservation)) throw v.badValue(where, 'must be an object');
    const owner = v.text(reservation.OwnerId, `${where}.OwnerId`);
    list(reservation.Instances, `${where}.Instances`).forEach((raw, i) => {
      if (out.length === max) throw v.badValue('body', `more than ${max} instances; import them in parts with merge`);
      out.push(instanceOf(raw, `${where}.Instances[${i}]`, owner));
    });
  });
  return out;
}
