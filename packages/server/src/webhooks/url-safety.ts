/**
 * Where webhooks may be sent: `https://` only and public addresses only, checked after DNS resolution
 * (at create time and again at every send, so a name re-pointed at 127.0.0.1 or the cloud metadata
 * service is refused). `VIGIL_WEBHOOK_ALLOW_HTTP` / `VIGIL_WEBHOOK_ALLOW_PRIVATE` relax it for labs and tests.
 * @module
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What the deployment allows beyond public HTTPS. */
export interface UrlPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/** A checked URL with the addresses the send must connect to (pinned, so DNS cannot change in between). */
export type UrlCheck =
  | { ok: true; url: URL; addresses: Array<{ address: string; family: 4 | 6 }> }
  | { ok: false; reason: string };

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, including 169.254.169.254 (cloud metadata)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local, including AWS's fd00:ec2::254 metadata address
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), else undefined. */
function mappedIpv4(ip: string): string | undefined {
  const host = new URL(`http://[${ip}]/`).hostname; // normalizes to [::ffff:7f00:1]
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (!m) return undefined;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * Whether an IP address is public (not loopback, private, link-local, CGNAT, metadata, multicast…).
 *
 * ```ts
 * isPublicAddress('169.254.169.254'); // false
 * isPublicAddress('93.184.216.34');   // true
 * ```
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return !BLOCKED.check(ip, 'ipv4');
  if (family === 6) {
    const v4 = mappedIpv4(ip);
    if (v4 !== undefined) return !BLOCKED.check(v4, 'ipv4');
    return !BLOCKED.check(ip, 'ipv6');
  }
  return false;
}

/**
 * Checks a webhook URL against the policy, resolving its host name; `reason` says what is wrong.
 *
 * ```ts
 * await checkWebhookUrl('http://example.com/', { allowHttp: false, allowPrivate: false });
 * // { ok: false, reason: 'url must use https://' }
 * ```
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'url is not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) {
    return { ok: false, reason: policy.allowHttp ? 'url must use https:// or http://' : 'url must use https://' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'url must not contain credentials' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: Array<{ address: string; family: 4 | 6 }>;
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  } else {
    try {
      const found = await lookup(host, { all: true, verbatim: true });
      addresses = found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch (err) {
      return { ok: false, reason: `url host ${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (addresses.length === 0) return { ok: false, reason: `url host ${host} does not resolve` };
  }
  if (!policy.allowPrivate) {
    // Every address must be public: the connection may use any of them.
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad !== undefined) {
      return {
        ok: false,
        reason: `url host ${host} resolves to ${bad.address}, a loopback, private, link-local or reserved address`,
      };
    }
  }
  return { ok: true, url, addresses };
}
