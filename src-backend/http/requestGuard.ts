/**
 * Which requests a backend answers at all (SPEC 8). Loopback is not a wall: any web page the user
 * opens can aim requests at 127.0.0.1, and a page served under a name that resolves to 127.0.0.1
 * (DNS rebinding) would even be same-origin. So a backend on a loopback address answers only
 * requests addressed to its own address or `localhost` (the Host header), and, from browsers,
 * only its own pages (the Origin header). Clients that are not browsers (the desktop app's main
 * process, the support console, tests) send no Origin and are not affected.
 *
 * Extra origins may be allowed by name (a development server); `app://` origins are the desktop
 * app's own pages, which no web page can claim. `null` (sandboxed frames, file://) is refused:
 * any page can produce it.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestGuardOptions {
  /** The address the server listens on, as given (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, …). */
  host: string;
  /** The port it listens on (known once listening). */
  port: () => number;
  /** Origins accepted besides the server's own, exactly as browsers send them (`http://localhost:5173`). */
  allowedOrigins?: readonly string[];
  /** Host headers accepted besides the server's own (`--allow-host`: a load balancer's address), compared as given, without case. */
  allowedHosts?: readonly string[];
}

/** Checks one request: null when it may be answered, else why not (for the refusal). */
export type RequestGuard = (request: IncomingMessage) => string | null;

/** Whether an address (as listened on, or as a peer's) is a loopback one. */
export function isLoopback(address: string): boolean {
  const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:/i, '').toLowerCase();
  return plain === 'localhost' || plain === '::1' || /^127(\.\d{1,3}){3}$/.test(plain);
}

function hostNameOf(hostHeader: string): { hostname: string; port: string } | null {
  try {
    const url = new URL(`http://${hostHeader}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    return { hostname: url.hostname.toLowerCase(), port: url.port || '80' };
  } catch {
    return null;
  }
}

export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const loopback = isLoopback(options.host);
  const bound = options.host.replace(/^\[|\]$/g, '').toLowerCase();
  // The names a loopback backend answers to: its own address, and localhost.
  const ownNames = new Set(['localhost', bound.includes(':') ? `[${bound}]` : bound]);
  if (bound === 'localhost') for (const name of ['127.0.0.1', '[::1]']) ownNames.add(name);
  const extraOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.toLowerCase()));
  const extraHosts = new Set((options.allowedHosts ?? []).map((host) => host.toLowerCase()));

  const ownHost = (hostHeader: string | undefined): boolean => {
    if (hostHeader !== undefined && extraHosts.has(hostHeader.toLowerCase())) return true;
    const host = hostHeader ? hostNameOf(hostHeader) : null;
    return host !== null && ownNames.has(host.hostname) && host.port === String(options.port());
  };

  return (request) => {
    const hostHeader = request.headers.host;
    if (loopback && !ownHost(hostHeader)) {
      return `This Meridian server answers only requests addressed to ${[...ownNames].map((name) => `${name}:${options.port()}`).join(' or ')}.`;
    }
    const origin = request.headers.origin;
    if (origin === undefined) return null;
    const normalized = origin.toLowerCase();
    if (extraOrigins.has(normalized) || normalized.startsWith('app://')) return null;
    let sameOrigin = false;
    try {
      const url = new URL(origin);
      sameOrigin = url.protocol === 'http:' && url.origin === origin.toLowerCase() && (loopback ? ownHost(url.host) : url.host === (hostHeader ?? '').toLowerCase());
    } catch {
      sameOrigin = false;
    }
    return sameOrigin ? null : 'Requests from other web pages are not accepted.';
  };
}
