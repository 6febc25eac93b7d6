/**
 * The checks every imported instance field goes through, whichever file format it came from: each
 * refusal names where the value was (`Reservations[0].Instances[2].PrivateIpAddress`, `line 4, column
 * privateIpAddress`), so the user can fix the file.
 * @module
 */
import { isIP } from 'node:net';
import type { AgentTag, InstanceGroup } from '@vigil/store';
import { apiError } from '../errors.js';

/** AWS instance ids: `i-` and 8 (older) or 17 hex digits. */
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_TEXT = 255;
const MAX_LIST = 64;

/** A refusal naming the value's place (400, nothing stored). */
export function badValue(where: string, reason: string): Error {
  return apiError('VIGIL_BAD_REQUEST', `${where}: ${reason}`);
}

/**
 * An instance id, required.
 * ```ts
 * instanceId('i-0abc1234', 'line 2, column id'); // 'i-0abc1234'
 * ```
 */
export function instanceId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !INSTANCE_ID.test(value)) {
    throw badValue(where, 'must be an EC2 instance id (i- and 8 or 17 lowercase hex digits)');
  }
  return value;
}

/** Text up to 255 characters without control characters; missing or empty → null. */
export function text(value: unknown, where: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw badValue(where, 'must be a string');
  if (value.length > MAX_TEXT || CONTROL.test(value)) throw badValue(where, `must be at most ${MAX_TEXT} characters without control characters`);
  return value;
}

/** An IPv4 or IPv6 address; missing or empty → null. */
export function address(value: unknown, where: string): string | null {
  const s = text(value, where);
  if (s !== null && isIP(s) === 0) throw badValue(where, 'must be an IP address');
  return s;
}

/** A time with a date, normalised to ISO-8601 UTC; missing or empty → null. */
export function time(value: unknown, where: string): string | null {
  const s = text(value, where);
  if (s === null) return null;
  const ms = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(s) ? Date.parse(s.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(ms)) throw badValue(where, 'must be an ISO-8601 time (e.g. 2024-05-01T12:00:00+00:00)');
  return new Date(ms).toISOString();
}

/** AWS's instance state code (0–65535; a CSV cell may hold pandas' `16.0`); missing or empty → null. */
export function stateCode(value: unknown, where: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^\d+(\.0)?$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) throw badValue(where, 'must be an integer from 0 to 65535');
  return n;
}

/** The region of an availability zone (`us-east-1a`, `us-west-2-lax-1a` → `us-west-2`); null when it is not one. */
export function regionOfZone(zone: string | null): string | null {
  return zone === null ? null : (/^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)/.exec(zone)?.[1] ?? null);
}

/** Security groups as `{id, name}`; at most 64. */
export function groups(list: readonly { id: unknown; name: unknown }[], where: string): InstanceGroup[] {
  if (list.length > MAX_LIST) throw badValue(where, `at most ${MAX_LIST} security groups`);
  return list.map((g, i) => {
    const id = text(g.id, `${where}[${i}] id`);
    if (id === null) throw badValue(`${where}[${i}]`, 'a security group needs its id');
    return { id, name: text(g.name, `${where}[${i}] name`) };
  });
}

/** Tags as `{source: 'ec2', key, value}`; at most 64. */
export function tags(list: readonly { key: unknown; value: unknown }[], where: string): AgentTag[] {
  if (list.length > MAX_LIST) throw badValue(where, `at most ${MAX_LIST} tags`);
  return list.map((t, i) => {
    const key = text(t.key, `${where}[${i}] key`);
    if (key === null) throw badValue(`${where}[${i}]`, 'a tag needs its key');
    return { source: 'ec2', key, value: text(t.value, `${where}[${i}] value`) ?? '' };
  });
}
