/**
 * Types of the demo dataset: the options it is generated from, the generated rows and the summary the
 * loader returns.
 * @module
 */

import type { NewAgent } from '../repos/agents-types.js';
import type { Dismissal, NewAlert, NewAlertEvent } from '../repos/alerts-types.js';
import type { NewAuditRecord } from '../repos/audit-logs-types.js';
import type { NewRule, NewRuleset } from '../repos/rulesets-types.js';
import type { Ec2Instance } from '../repos/servers-types.js';
import type { DemoInventory } from './inventories.js';

export interface DemoOptions {
  /** organization that receives the data (must exist) */
  orgId: string;
  /** epoch ms the data is generated relative to; default `Date.now()` */
  now?: number;
  /** PRNG seed; default 1 */
  seed?: number;
}

export interface DemoSummary {
  agents: number;
  onlineAgents: number;
  offlineAgents: number;
  rulesets: number;
  rules: number;
  alerts: number;
  events: number;
  /** hosts with a package list (vulnerability findings follow from the sample advisory feed) */
  inventories: number;
  /** EC2 instances without an agent, as an import of the account's instances lists them */
  unmonitoredServers: number;
}

type WithId<T> = T & { id: string };
type Created<T> = T & { id: string; createdAt: number };

export interface DemoAlert {
  alert: WithId<NewAlert>;
  /** ascending by timestamp */
  events: Array<WithId<NewAlertEvent>>;
}

/** A group of alerts dismissed together (one `dismissByIds` call). */
export interface DemoDismissal {
  ids: string[];
  dismissal: Dismissal;
}

/** Everything `loadDemoDataset` writes, with every id and time fixed by (seed, now). */
export interface DemoDataset {
  agents: Array<Created<NewAgent>>;
  rulesets: Array<Created<NewRuleset>>;
  rules: Array<Created<NewRule>>;
  /** ascending by `alert.createdAt` */
  alerts: DemoAlert[];
  dismissals: DemoDismissal[];
  auditRecords: Array<WithId<NewAuditRecord>>;
  inventories: DemoInventory[];
  unmonitoredServers: Ec2Instance[];
}
