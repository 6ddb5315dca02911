/** Schemes a link may open outside the app with (Electron's openExternal, or a new tab). */
const allowedSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);

export function isAllowedExternalUrl(url: string): boolean {
  try {
    return allowedSchemes.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
