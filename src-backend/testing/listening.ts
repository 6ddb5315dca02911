/**
 * A backend started by its CLI in a child process is ready when it prints `Listening on URL`:
 * the URL, with everything the child printed kept in `output` (for a failing test's message).
 * Shared by the multi-process suites (../cluster/*.cluster.test.ts, ./clusterDeployment.ts).
 */
import type { ChildProcess } from 'node:child_process';

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
