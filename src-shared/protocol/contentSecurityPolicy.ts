/**
 * The renderer's Content Security Policy, one for every way it is served: by Electron's app://
 * protocol (connecting only to the configured server) and by the backend as the browser build
 * (connecting only to itself). No inline script or style anywhere; React's `style` prop goes
 * through the CSSOM, which the policy does not govern.
 */

/** The policy, with `connectSources` the only places the page may open connections to. */
export function rendererContentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Shared images are previewed from their bytes (blob:); data: for small inline icons.
    "img-src 'self' data: blob:",
    `connect-src ${connectSources.length > 0 ? connectSources.join(' ') : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A server's origin in the forms a page connects with: http(s) for requests, ws(s) for its socket. */
export function serverConnectSources(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  const socketScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${socketScheme}//${url.host}`];
}
