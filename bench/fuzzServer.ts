/**
 * The backend `npm run fuzz` attacks, in a process of its own (so a crash is seen as one, and
 * its memory is its own): the basic seed, in memory, on a FakeClock (calls ring and meetings run
 * without real timers), rate limits relaxed (the fuzzer is about what is sent, not how often).
 * It reports over IPC: its address once listening, its RSS and the errors that escaped every
 * handler whenever asked.
 */
import { FakeClock } from '../src-backend/domain/clock';
import { installProcessGuards } from '../src-backend/processGuards';
import { startServer } from '../src-backend/server';
import { basicSeed, relaxedLimits } from '../src-backend/testing/testServer';

/** What the fuzz driver asks, and what this process answers. */
export type FuzzServerMessage = { type: 'listening'; url: string } | { type: 'status'; rss: number; escaped: number };

let escaped = 0;
installProcessGuards((message, error) => {
  escaped += 1;
  console.error(message, error);
});

async function main(): Promise<void> {
  const server = await startServer({ db: ':memory:', seed: basicSeed(), port: 0, webRoot: null, clock: new FakeClock(), limits: relaxedLimits });
  const send = (message: FuzzServerMessage) => process.send?.(message);
  send({ type: 'listening', url: server.url });
  process.on('message', (request: { type: 'status' } | { type: 'stop' }) => {
    if (request.type === 'status') {
      global.gc?.();
      send({ type: 'status', rss: process.memoryUsage().rss, escaped });
    } else void server.close().then(() => process.exit(0));
  });
}

void main();
