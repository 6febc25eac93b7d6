/**
 * Where webhooks may be sent: `https://` only and public addresses only (no IANA special-purpose range, see
 * @vigil/intel classifyAddress), checked after DNS resolution (at create time and again at every send, so a
 * name re-pointed at 127.0.0.1 or the cloud metadata service is refused). `VIGIL_WEBHOOK_ALLOW_HTTP` allows
 * `http://`; `VIGIL_WEBHOOK_ALLOW_PRIVATE` allows loopback and private ranges only (labs and tests).
 * @module
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, type AddressScope } from '@vigil/intel';

/** What the deployment allows beyond public HTTPS. */
export interface UrlPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
  /** resolves a host name to every address (default: the system resolver); tests stub it */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
}

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A checked URL with the addresses the send must connect to (pinned, so DNS cannot change in between). */
export type UrlCheck =
  | { ok: true; url: URL; addresses: ResolvedAddress[] }
  | { ok: false; reason: string };

/**
 * Checks a webhook URL against the policy, resolving its host name; `reason` says what is wrong.
 *
 * ```ts
 * await checkWebhookUrl('http://example.com/', { allowHttp: false, allowPrivate: false });
 * // { ok: false, reason: 'url must use https:// (http:// is allowed only when … VIGIL_WEBHOOK_ALLOW_HTTP=1 …)' }
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
    return {
      ok: false,
      reason: policy.allowHttp
        ? 'url must use https:// or http://'
        : 'url must use https:// (http:// is allowed only when the server runs with VIGIL_WEBHOOK_ALLOW_HTTP=1, for labs and tests)',
    };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'url must not contain credentials' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: ResolvedAddress[];
  if (isIP(host) !== 0) {
    addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (err) {
      return { ok: false, reason: `url host ${host} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (addresses.length === 0) return { ok: false, reason: `url host ${host} does not resolve` };
  }
  // Every address must be allowed: the connection may use any of them.
  for (const { address } of addresses) {
    const refused = refusal(address, policy.allowPrivate);
    if (refused === undefined) continue;
    return { ok: false, reason: `url host ${host} ${address === host ? 'is' : `resolves to ${address},`} ${refused}` };
  }
  return { ok: true, url, addresses };
}

/** Scopes VIGIL_WEBHOOK_ALLOW_PRIVATE unlocks; link-local (cloud metadata) and the rest never are. */
const LAB_SCOPES: ReadonlySet<AddressScope> = new Set(['loopback', 'private']);

/** Why an address may not be a webhook target, or undefined if it may. */
function refusal(address: string, allowPrivate: boolean): string | undefined {
  const c = classifyAddress(address);
  if (c === undefined) return 'which is not an IP address';
  if (c.range === undefined || (allowPrivate && LAB_SCOPES.has(c.range.scope))) return undefined;
  const what = `a ${c.range.scope === 'special' ? 'reserved' : c.range.scope} address (${c.range.name}, ${c.range.cidr})`;
  return c.range.scope === 'special' || allowPrivate
    ? `${what}; webhooks go to public addresses only`
    : `${what}; webhooks go to public addresses only (loopback and private ones are allowed when the server runs with VIGIL_WEBHOOK_ALLOW_PRIVATE=1, for labs and tests)`;
}

async function systemResolve(host: string): Promise<ResolvedAddress[]> {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
}
