import type { AuditctlRunner } from '@vigil/agent';

/** An auditctl that is not installed, as on a host without auditd: the agent scans /proc instead. */
export const noAuditctl: AuditctlRunner = async () => {
  throw Object.assign(new Error('spawn auditctl ENOENT'), { code: 'ENOENT' });
};
