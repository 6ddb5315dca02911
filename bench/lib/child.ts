/**
 * Child processes for benchmarks: servers and clients each run in a process of their own, so a
 * server's CPU time is its own and clients do not compete with it for the event loop. A child
 * answers requests ({ id, type, … }) over Node's IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ChildHandle {
  process: ChildProcess;
  request<T = unknown>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Starts `bench/<relativeFile>` under tsx with IPC; extra node flags (e.g. --expose-gc) allowed. */
export function startChild(relativeFile: string, nodeFlags: string[] = [], env: Record<string, string> = {}): ChildHandle {
  const child = fork(path.resolve(import.meta.dirname, '..', relativeFile), [], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    if (!entry) return;
    waiting.delete(message.id);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(new Error(`${relativeFile}: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const entry of waiting.values()) entry.reject(new Error(`${relativeFile} exited (${code ?? signal})`));
    waiting.clear();
  });
  return {
    process: child,
    request<T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 600_000) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${relativeFile}: ${type} took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value as T)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        child.send({ id, type, ...payload });
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: answers each request with its handler's result (or its error). */
export function serveRequests(handlers: Record<string, (request: Record<string, unknown>) => unknown>): void {
  process.on('message', async (message: { id: number; type: string } & Record<string, unknown>) => {
    const handler = handlers[message.type];
    try {
      if (!handler) throw new Error(`no handler for ${message.type}`);
      process.send!({ id: message.id, ok: true, value: await handler(message) });
    } catch (error) {
      process.send!({ id: message.id, ok: false, error: (error as Error).stack ?? String(error) });
    }
  });
  // process.exit, not a kill: a CPU profile (--cpu-prof) is written on the way out.
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

/** What a server process reports of its own cost. */
export interface Usage {
  cpuMs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export function usageNow(collectGarbage = false): Usage {
  if (collectGarbage) {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      gc();
    }
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed };
}
