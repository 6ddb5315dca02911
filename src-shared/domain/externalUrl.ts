import { stripBidiControls } from './text';

/** Schemes a link may open outside the app with (Electron's openExternal, or a new tab). */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    return allowedSchemes.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * A link as it is shown and opened: without a user name or password before the host (in
 * `https://bank.example@evil.example/` the host is evil.example, and that is what shows), and
 * without bidirectional controls that could reorder what the reader sees. Anything else is
 * left exactly as written.
 */
export function honestLink(url: string): string {
  const plain = stripBidiControls(url);
  try {
    const parsed = new URL(plain);
    if (!parsed.username && !parsed.password) return plain;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return plain;
  }
}
