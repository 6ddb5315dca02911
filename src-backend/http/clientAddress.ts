/**
 * Who is asking, as limits per address count them (SPEC 8): the client's own address, taken from
 * `X-Forwarded-For` only when the peer is a proxy the operator trusts (`--trust-proxy`, parsed by
 * proxy-addr as Express does); all of loopback is one address, since anyone on the machine can
 * use any of 127.0.0.0/8; an IPv6 address counts by its /64, which one machine or network has whole.
 */
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/** The key of an address for limits and for the loopback checks. */
export type AddressOf = (request: IncomingMessage) => string;

/** What loopback addresses (127.0.0.0/8, ::1) all count as. */
export const loopbackKey = 'loopback';

/**
 * `trustProxy`: the proxies whose `X-Forwarded-For` is believed, as proxy-addr takes them:
 * addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. Empty: the peer itself.
 */
export function createAddressOf(trustProxy: readonly string[] = []): AddressOf {
  const trust = trustProxy.length > 0 ? proxyAddr.compile([...trustProxy]) : null;
  return (request) => addressKey(trust ? proxyAddr(request, trust) : (request.socket.remoteAddress ?? ''));
}

/** Checks a `--trust-proxy` list before the server starts: the error names what is wrong. */
export function validateTrustProxy(trustProxy: readonly string[]): void {
  proxyAddr.compile([...trustProxy]);
}

/** An address as limits count it (see the top of this file); `unknown` when it is not one. */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return 'unknown';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.range() === 'loopback') return loopbackKey;
  if (parsed.kind() === 'ipv6') {
    const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
    return `${prefix.join(':')}::/64`;
  }
  return parsed.toString();
}
