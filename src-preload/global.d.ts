/** What the preload adds to the page; the renderer imports these types only. */
import type { MeridianApi } from '../src-shared/protocol/api';

export type { MeridianApi };

declare global {
  interface Window {
    /** Present in Electron; undefined in the browser build, which uses its in-page bridge. */
    meridian?: MeridianApi;
  }
}
