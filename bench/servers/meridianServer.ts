/**
 * A Meridian backend in its own process, for benchmarks: started from a seed (or a database
 * file that already holds one), with session tokens made directly for the people a scenario
 * connects (signing thousands in over HTTP would measure password hashing instead).
 */
import { serveRequests, usageNow } from '../lib/child';
import { startServer, type RunningServer } from '../../src-backend/server';

let server: RunningServer | null = null;

serveRequests({
  async start(request) {
    const started = performance.now();
    server = await startServer({
      db: (request.db as string | undefined) ?? ':memory:',
      seed: request.seed,
      seedFile: request.seedFile as string | undefined,
      port: 0,
      webRoot: null,
    });
    const startMs = performance.now() - started;
    const tokens: Record<string, string> = {};
    for (const userId of (request.tokensFor as string[] | undefined) ?? []) tokens[userId] = server.context.sessions.create(userId);
    return { url: server.url, tokens, startMs };
  },
  tokens(request) {
    const tokens: Record<string, string> = {};
    for (const userId of request.userIds as string[]) tokens[userId] = server!.context.sessions.create(userId);
    return tokens;
  },
  usage(request) {
    return usageNow(request.gc === true);
  },
  async close() {
    await server?.close();
    server = null;
    return null;
  },
});
