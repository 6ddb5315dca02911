/**
 * The media server meetings go through, as the backend has it: a Janus it started (`start`, what
 * the CLI, `npm run web`, `npm run demo` and the desktop app use), one already running (`{ url,
 * apiSecret }`), or none (`off`, the default for tests that do not ask for one). Where none can
 * be had, `unavailable` says why in one line and meetings fall back (./meetingMedia.ts).
 */
import { JanusGateway, type MediaGateway } from './janusGateway';
import { findJanus, startJanus, type JanusProcess } from './janusProcess';

export type MediaServerOption = 'start' | 'off' | { url: string; apiSecret: string };

export interface MediaServerRuntime {
  /** The connection to the media server, or null without one. */
  gateway: MediaGateway | null;
  /** One line for the start-up log: what meetings' media go through, or why there is no media server. */
  description: string;
  /** Why there is no media server (null when there is). */
  unavailable: string | null;
  /** The process id of a Janus this backend started (benchmarks read its CPU time), else null. */
  pid: number | null;
  close(): Promise<void>;
}

const noMediaServer = (why: string): MediaServerRuntime => ({
  gateway: null,
  description: `Meetings: no media server (${why}); meetings carry voice only, directly between up to 4 people who all see each other.`,
  unavailable: why,
  pid: null,
  close: async () => undefined,
});

export async function openMediaServer(option: MediaServerOption): Promise<MediaServerRuntime> {
  if (option === 'off') return noMediaServer('none configured');
  let janus: JanusProcess | null = null;
  let url: string;
  let apiSecret: string;
  let what: string;
  if (option === 'start') {
    const found = findJanus();
    if ('missing' in found) return noMediaServer(found.missing);
    try {
      // On loopback, Janus gathers only loopback and this machine's own addresses anyway; elsewhere, every interface.
      janus = await startJanus({ found, iceEnforce: [] });
    } catch (error) {
      return noMediaServer(`Janus did not start: ${(error as Error).message}`);
    }
    ({ url, apiSecret } = janus);
    what = `Janus (${found.executable}, pid ${janus.pid}) on ${url}`;
  } else {
    ({ url, apiSecret } = option);
    what = `Janus at ${url}`;
  }
  let gateway: JanusGateway;
  try {
    gateway = await JanusGateway.connect(url, apiSecret);
  } catch (error) {
    await janus?.stop();
    return noMediaServer(`cannot reach Janus at ${url}: ${(error as Error).message}`);
  }
  gateway.onClosed(() => console.error('[meridian] Lost the connection to Janus: meetings fall back to voice between people who all see each other.'));
  return {
    gateway,
    description: `Meetings: media through ${what}.`,
    unavailable: null,
    pid: janus?.pid ?? null,
    async close() {
      await gateway.close();
      await janus?.stop();
    },
  };
}
