/**
 * A backend started by its CLI in a child process: how to start it, and when it is ready (it
 * prints `Listening on URL`). Shared by the suites that start the CLI (../cluster/*.cluster.test.ts,
 * ./clusterDeployment.ts, and the backend suites about the command line).
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(__dirname, '..', 'cli.ts');

/**
 * Node's arguments that start the CLI with `args` as `npm run backend` does: node with tsx's
 * loader, no tsx process in between (its wrapper SIGKILLs a child slow to answer a signal).
 * `spawn(process.execPath, cliArguments('--port', '0'))`.
 */
export function cliArguments(...args: string[]): string[] {
  return ['--import', 'tsx', cli, ...args];
}

/** The URL, with everything the child printed kept in `output` (for a failing test's message). */
export function listeningUrl(child: ChildProcess, name: string, output: string[], timeoutMs = 90_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend ${name} did not start in time:\n${output.join('')}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output.push(chunk.toString());
      const found = /Listening on (http:\/\/\S+)/.exec(output.join(''));
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backend ${name} exited (${code}) before listening:\n${output.join('')}`));
    });
  });
}
