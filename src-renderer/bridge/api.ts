/**
 * The renderer's one way out: the Electron preload's `window.meridian`, or, in the browser
 * build, the same API implemented in-page over the same session code.
 */
import type { MeridianApi } from '../../src-shared/protocol/api';

let api: MeridianApi | null = null;

export async function initializeApi(): Promise<MeridianApi> {
  if (api) return api;
  if (window.meridian) {
    api = window.meridian;
  } else {
    const { createBrowserApi } = await import('./browserBridge');
    api = createBrowserApi(window.location.origin);
  }
  return api;
}

export function getApi(): MeridianApi {
  if (!api) throw new Error('The Meridian API is not initialized yet.');
  return api;
}

/** Tests of the store: the API the slices reach, standing in for the preload's or the page's. */
export function provideApi(replacement: MeridianApi): void {
  api = replacement;
}
