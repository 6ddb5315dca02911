/**
 * `npm run fuzz`: the socket fuzzer (src-backend/testing/fuzz.ts) at full strength against a
 * backend in its own process: 2,800 generated payloads for each of the 37 socket commands
 * (103,600 in all; FUZZ_RUNS_PER_COMMAND changes it, FUZZ_SEED replays a run). Prints what each
 * command answered, crashes, `internal` errors, errors that escaped every handler, and the
 * backend's RSS before and after. Exits 1 on any failure.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { io } from 'socket.io-client';
import { commandNames } from '../src-shared/protocol/events';
import { fuzzServer, seedIds } from '../src-backend/testing/fuzz';
import type { FuzzServerMessage } from './fuzzServer';

const runsPerCommand = Number(process.env.FUZZ_RUNS_PER_COMMAND ?? 2_800);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const people = ['alice@northwind.example', 'bella@contoso.example', 'bob@fabrikam.example', 'dana@tailspin.example'];

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const child = fork(path.join(__dirname, 'fuzzServer.ts'), [], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  let crashed = false;
  child.on('exit', (code) => {
    if (code !== 0) crashed = true;
  });
  const next = (type: FuzzServerMessage['type']) => new Promise<FuzzServerMessage>((resolve) => child.once('message', (message: FuzzServerMessage) => message.type === type && resolve(message)));
  const status = async () => {
    const answer = next('status');
    child.send({ type: 'status' });
    return (await answer) as Extract<FuzzServerMessage, { type: 'status' }>;
  };
  const { url } = (await next('listening')) as Extract<FuzzServerMessage, { type: 'listening' }>;

  const tokens: string[] = [];
  for (const email of people) {
    const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo' }) });
    tokens.push(((await response.json()) as { data: { token: string } }).data.token);
  }
  // A meeting under way (its organizer stays connected), so joins and leaves reach deep.
  const organizer = io(url, { auth: { token: tokens[1] }, transports: ['websocket'] });
  const meeting = (await organizer.timeout(5_000).emitWithAck('meeting:start', { conversationId: 'ch-ct-deal' })) as { data: { id: string } };
  const before = await status();
  console.log(`fuzzing ${url}: ${runsPerCommand} payloads × ${commandNames.length} commands, seed ${seed}; backend RSS before ${megabytes(before.rss)}`);
  const started = Date.now();
  const report = await fuzzServer({
    url,
    tokens,
    ids: seedIds({ meetings: [meeting.data.id] }),
    runsPerCommand,
    seed,
    onCommandDone: (command) => console.log(`${command.command.padEnd(24)} ${String(command.runs).padStart(6)} runs  ${String(command.ok).padStart(5)} ok  refused ${JSON.stringify(command.refused)}`),
  });
  const after = crashed ? null : await status();
  console.log('');
  console.log(`payloads sent:        ${report.runs.toLocaleString('en-US')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`crashes:              ${crashed || !report.stillServing ? 1 : 0}`);
  console.log(`internal errors:      ${report.internal}`);
  console.log(`malformed answers:    ${report.failures.length - report.internal}`);
  console.log(`escaped every handler: ${after?.escaped ?? 'unknown (crashed)'}`);
  console.log(`backend RSS:          before ${megabytes(before.rss)}, after ${after ? megabytes(after.rss) : 'crashed'}`);
  for (const failure of report.failures.slice(0, 10)) console.log(`FAILED ${failure.command} ${failure.payload} → ${failure.answer}`);
  if (crashed) console.log(stderr);
  organizer.close();
  child.send({ type: 'stop' });
  const failed = crashed || !report.stillServing || report.failures.length > 0 || (after?.escaped ?? 1) > 0;
  process.exit(failed ? 1 : 0);
}

void main();
