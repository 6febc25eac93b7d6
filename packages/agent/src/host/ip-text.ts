/**
 * The text of an address from its bytes, as events carry it: dotted IPv4, RFC 5952 IPv6 (ipaddr.js), and an
 * IPv4-mapped IPv6 address (a dual-stack socket's IPv4 peer) as the IPv4 address it is.
 * @module
 */
import ipaddr from 'ipaddr.js';

/**
 * ```ts
 * ipText(Buffer.from('20010db8000000000000000000000007', 'hex')); // '2001:db8::7'
 * ```
 */
export function ipText(bytes: Uint8Array): string {
  const address = ipaddr.fromByteArray([...bytes]);
  if (address.kind() === 'ipv4') return address.toString();
  const v6 = address as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
}
