/**
 * The servers of `GET /v2/aws/ec2` in Threat Stack's shape (reference §3.7): the instance fields,
 * `monitored`, and the agents on the instance — in full with `verbose=true`, else just their id and status.
 * @module
 */
import type { Agent, Server } from '@vigil/store';
import { presentAgent } from './v2.js';

/** ```ts presentServerAgent(agent) // {id, status, createdAt, …, isContainerAgent: false, kernel, osVersion} ``` */
export function presentServerAgent(a: Agent) {
  const { id, status, createdAt, lastReportedAt, version, name, description, hostname, kernel, osVersion } = presentAgent(a);
  // Vigil's agent runs on the host, never as a container-only agent
  return { id, status, createdAt, lastReportedAt, version, name, description, hostname, isContainerAgent: false, kernel, osVersion };
}

/** ```ts presentServer(server, true) // {id, kernelId, …, monitored, tags, state, stateCode, agents} ``` */
export function presentServer(s: Server, verbose: boolean) {
  const { instance: i } = s;
  return {
    id: i.id,
    kernelId: i.kernelId,
    instanceType: i.instanceType,
    privateDnsName: i.privateDnsName,
    privateIpAddress: i.privateIpAddress,
    groups: i.groups,
    subnetId: i.subnetId,
    keyName: i.keyName,
    region: i.region,
    launchTime: i.launchTime,
    imageId: i.imageId,
    architecture: i.architecture,
    publicDnsName: i.publicDnsName,
    publicIpAddress: i.publicIpAddress,
    vpcId: i.vpcId,
    awsProfile: i.awsProfile,
    monitored: s.monitored,
    tags: i.tags,
    state: i.state,
    stateCode: i.stateCode,
    agents: s.agents.map((a) => (verbose ? presentServerAgent(a) : { id: a.id, status: a.status })),
  };
}
