/**
 * The demo fleet: 35 hosts (30 reporting, 5 gone quiet) described the way an operator would list them.
 * `{ip}` in a hostname becomes the dashed private address (EC2 default hostnames), `{hex4}` four random
 * hex digits (autoscaled Kubernetes nodes).
 * @module
 */

import type { AgentType } from '../vocabulary.js';
import type { PlatformName } from './platforms.js';

export type HostRole =
  | 'web'
  | 'api'
  | 'worker'
  | 'db'
  | 'cache'
  | 'k8s'
  | 'bastion'
  | 'ci'
  | 'vpn'
  | 'monitoring'
  | 'directory';

export type HealthModule = 'dnsTracer' | 'networkTracer' | 'processSandbox';

export interface HostSpec {
  hostname: string;
  role: HostRole;
  env: 'production' | 'staging';
  platform: PlatformName;
  /** subnet the primary interface lives in; the prefix length becomes the address's prefix */
  subnet: string;
  /** EC2 instance (instance id and EC2 tags); default true */
  ec2?: boolean;
  /** has a public address (TEST-NET ranges, never real hosts) */
  public?: boolean;
  /** runs Docker / containerd (docker0 bridge address) */
  containers?: boolean;
  /** default 'investigate' */
  agentType?: AgentType;
  /** stopped reporting (terminated, scaled in, decommissioned) */
  offline?: boolean;
  /** runs an older agent release */
  outdated?: boolean;
  /** this tracer module reports unhealthy */
  unhealthy?: HealthModule;
  /** range of days ago the agent registered; default [35, 200] */
  ageDays?: readonly [min: number, max: number];
  description?: string;
  /** months behind on security updates: its packages carry the sample feed's older, vulnerable versions */
  behindOnUpdates?: true;
}

const USE1 = 'us-east-1';
const USW2 = 'us-west-2';

export const HOSTS: readonly HostSpec[] = [
  // --- reporting (30) ---
  { hostname: `web-prod-01.${USE1}.internal`, role: 'web', env: 'production', platform: 'ubuntu2204', subnet: '10.0.1.0/24', public: true, description: 'nginx + php-fpm storefront' },
  { hostname: `web-prod-02.${USE1}.internal`, role: 'web', env: 'production', platform: 'ubuntu2204', subnet: '10.0.1.0/24', public: true, description: 'nginx + php-fpm storefront' },
  { hostname: `web-prod-03.${USE1}.internal`, role: 'web', env: 'production', platform: 'ubuntu2204', subnet: '10.0.1.0/24', public: true },
  { hostname: `web-prod-04.${USW2}.internal`, role: 'web', env: 'production', platform: 'ubuntu2204', subnet: '10.20.1.0/24', public: true, description: 'DR storefront' },
  { hostname: 'ip-{ip}', role: 'api', env: 'production', platform: 'al2023', subnet: '10.0.2.0/24' },
  { hostname: 'ip-{ip}', role: 'api', env: 'production', platform: 'al2023', subnet: '10.0.2.0/24' },
  { hostname: 'ip-{ip}', role: 'api', env: 'production', platform: 'al2023', subnet: '10.0.2.0/24', ageDays: [4, 28] },
  { hostname: 'ip-{ip}', role: 'worker', env: 'production', platform: 'al2023', subnet: '10.0.4.0/24', description: 'sidekiq workers' },
  { hostname: 'ip-{ip}', role: 'worker', env: 'production', platform: 'al2', subnet: '10.0.4.0/24', agentType: 'monitor' },
  { hostname: 'db-primary-01', role: 'db', env: 'production', platform: 'rhel89', subnet: '10.0.3.0/24', description: 'PostgreSQL 15 primary (orders)' },
  { hostname: 'db-replica-01', role: 'db', env: 'production', platform: 'rhel89', subnet: '10.0.3.0/24', description: 'PostgreSQL 15 streaming replica' },
  { hostname: 'db-replica-02', role: 'db', env: 'production', platform: 'rhel89', subnet: '10.0.3.0/24', description: 'PostgreSQL 15 streaming replica (reporting)' },
  { hostname: 'redis-prod-01', role: 'cache', env: 'production', platform: 'debian12', subnet: '10.0.3.0/24', agentType: 'monitor' },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true, ageDays: [8, 25] },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true, ageDays: [1, 6] },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true, unhealthy: 'networkTracer' },
  { hostname: 'bastion-01', role: 'bastion', env: 'production', platform: 'debian12', subnet: '10.0.0.0/24', public: true, description: 'SSH jump host (us-east-1)' },
  { hostname: 'bastion-02', role: 'bastion', env: 'production', platform: 'debian12', subnet: '10.20.0.0/24', public: true, behindOnUpdates: true, description: 'SSH jump host (us-west-2)' },
  { hostname: 'ci-runner-01', role: 'ci', env: 'production', platform: 'ubuntu2204', subnet: '10.8.0.0/24', containers: true, description: 'GitLab runner (docker executor)' },
  { hostname: 'ci-runner-02', role: 'ci', env: 'production', platform: 'ubuntu2204', subnet: '10.8.0.0/24', containers: true, description: 'GitLab runner (docker executor)' },
  { hostname: 'ci-runner-04', role: 'ci', env: 'production', platform: 'ubuntu2204', subnet: '10.8.0.0/24', containers: true, ageDays: [10, 20] },
  { hostname: 'vpn-gw-01', role: 'vpn', env: 'production', platform: 'debian12', subnet: '10.0.0.0/24', public: true, agentType: 'monitor', behindOnUpdates: true, description: 'WireGuard gateway' },
  { hostname: 'prometheus-01', role: 'monitoring', env: 'production', platform: 'ubuntu2004', subnet: '10.0.5.0/24', unhealthy: 'dnsTracer' },
  { hostname: 'logstash-01', role: 'monitoring', env: 'production', platform: 'ubuntu2004', subnet: '10.0.5.0/24' },
  { hostname: `web-staging-01.${USE1}.internal`, role: 'web', env: 'staging', platform: 'ubuntu2204', subnet: '10.1.1.0/24' },
  { hostname: 'ip-{ip}', role: 'api', env: 'staging', platform: 'al2023', subnet: '10.1.2.0/24' },
  { hostname: 'ldap-01.corp.example.com', role: 'directory', env: 'production', platform: 'rhel89', subnet: '172.16.10.0/24', ec2: false, description: 'OpenLDAP (Boston office rack)' },
  // --- not reporting (5) ---
  { hostname: 'ip-{ip}', role: 'api', env: 'production', platform: 'al2', subnet: '10.0.2.0/24', offline: true, outdated: true },
  { hostname: 'k8s-node-{hex4}', role: 'k8s', env: 'production', platform: 'ubuntu2204', subnet: '10.0.16.0/20', containers: true, offline: true },
  { hostname: 'ci-runner-03', role: 'ci', env: 'production', platform: 'ubuntu2004', subnet: '10.8.0.0/24', containers: true, offline: true, outdated: true },
  { hostname: 'db-replica-03', role: 'db', env: 'production', platform: 'rhel89', subnet: '10.0.3.0/24', offline: true, outdated: true, description: 'decommissioned replica' },
  { hostname: `web-staging-02.${USE1}.internal`, role: 'web', env: 'staging', platform: 'ubuntu2004', subnet: '10.1.1.0/24', offline: true, outdated: true, agentType: 'monitor' },
];
