/**
 * A Meridian backend in its own process, for benchmarks: started from a seed (or a database
 * file that already holds one), with session tokens made directly for the people a scenario
 * connects (signing thousands in over HTTP would measure password hashing instead).
 */
import { serveRequests, usageNow } from '../lib/child';
import { commandClasses, type CommandClass } from '../../src-backend/limits/limits';
import { startServer, type RunningServer } from '../../src-backend/server';

// The benchmarks measure what the backend can do, not its limits per person: none apply.
const unlimited = { burst: 1e9, perSecond: 1e9 };
const noLimits = { commands: Object.fromEntries([...new Set(Object.values(commandClasses))].map((name) => [name, unlimited])) as Record<CommandClass, typeof unlimited>, socketsPerPerson: 1e6 };

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
      limits: noLimits,
    });
    const startMs = performance.now() - started;
    const tokens: Record<string, string> = {};
    for (const userId of (request.tokensFor as string[] | undefined) ?? []) tokens[userId] = await server.context.sessions.create(userId);
    return { url: server.url, tokens, startMs };
  },
  async tokens(request) {
    const tokens: Record<string, string> = {};
    for (const userId of request.userIds as string[]) tokens[userId] = await server!.context.sessions.create(userId);
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
