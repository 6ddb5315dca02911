/**
 * The renderer's Content Security Policy, one for every way it is served: by Electron's app://
 * protocol (connecting only to the configured server) and by the backend as the browser build
 * (connecting only to itself). No inline script anywhere, and no inline style but the `<style>`
 * elements carrying the page's nonce: the dialogs' scroll lock (Radix UI, through
 * react-style-singleton) inserts one, and reads the nonce from the page's
 * `<meta property="csp-nonce">`, which Vite writes (`html.cspNonce`) with the placeholder below.
 * Whoever serves index.html puts a fresh nonce in place of the placeholder, in the page and in
 * its policy alike (`withCspNonce`). React's `style` prop goes through the CSSOM, which the
 * policy does not govern.
 */

/** What the built index.html says where each response's nonce goes. */
export const cspNoncePlaceholder = 'MERIDIAN_CSP_NONCE';

/** A fresh nonce for one response: 18 random bytes, base64url. */
export function newCspNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** index.html with this response's nonce in place of the placeholder. */
export function withCspNonce(html: string, nonce: string): string {
  return html.replaceAll(cspNoncePlaceholder, nonce);
}

/** A policy whose style-src also allows the `<style>` elements that carry `nonce`. */
export function withStyleNonce(policy: string, nonce: string): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .map((directive) => (directive.split(/\s+/)[0] === 'style-src' ? `${directive} 'nonce-${nonce}'` : directive))
    .join('; ');
}

/** The policy, with `connectSources` the only places the page may open connections to. */
export function rendererContentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Shared images are previewed from their bytes (blob:); data: for small inline icons.
    "img-src 'self' data: blob:",
    // A voicemail plays from its bytes (blob:); calls' streams are srcObject, which no directive governs.
    "media-src 'self' blob:",
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
