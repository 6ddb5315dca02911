/**
 * `npm run bench` keeps every run's figures, per machine, in bench-history/MACHINE.jsonl (one
 * JSON line per run; not committed), and sets each row beside the same row of the last run on
 * this machine that measured it at the same sizes (`--quick` or not). The same-run
 * baseline says how Meridian compares with bare socket.io today; the last run says whether
 * Meridian moved since, on the same hardware.
 *
 *   const history = new BenchHistory(folder);
 *   const earlier = history.comparable({ quick });   // runs at the same sizes, newest first
 *   changeSince(row, earlier);                         // the row then, and how it moved
 *   history.append({ …, rows });                       // after this run
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The figures of one row that a later run compares with. */
export interface HistoryRow {
  group: string;
  what: string;
  unit: string;
  meridian: number;
  baseline: number | null;
  ratio: number | null;
}

export interface HistoryRun {
  at: string;
  machine: string;
  quick: boolean;
  runs: number;
  /** The commit measured, when known. */
  commit: string | null;
  node: string;
  /** The machine's 1-minute load average when the run started and ended. */
  load: [number, number];
  rows: HistoryRow[];
}

/** This machine, as far as figures go: its CPU model and count, its memory, its name. */
export function machineId(): string {
  const cpus = os.cpus();
  const description = [os.hostname(), cpus[0]?.model ?? 'cpu', cpus.length, Math.round(os.totalmem() / 2 ** 30), os.platform(), os.arch()].join('|');
  return createHash('sha256').update(description).digest('hex').slice(0, 12);
}

export class BenchHistory {
  readonly file: string;

  constructor(folder: string, readonly machine = machineId()) {
    this.file = path.join(folder, `${machine}.jsonl`);
  }

  /** Every run kept for this machine, oldest first (a line that does not parse is skipped). */
  runs(): HistoryRun[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as HistoryRun];
        } catch {
          return [];
        }
      });
  }

  /** The runs at the same sizes, newest first (a run of some groups only holds only their rows). */
  comparable(options: { quick: boolean }): HistoryRun[] {
    return this.runs()
      .filter((run) => run.quick === options.quick)
      .reverse();
  }

  append(run: HistoryRun): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(run)}\n`);
  }
}

/** How a row moved since the last run that measured it: its figure and its ratio then, and the change of the figure in percent. */
export interface RowChange {
  at: string;
  meridian: number;
  ratio: number | null;
  /** (now − then) ÷ then, in percent; positive means a larger figure. */
  percent: number;
}

/** The same row (group, what and unit) in the newest of `earlier` (newest first) that has it, and how it moved; null when none has. */
export function changeSince(row: HistoryRow, earlier: readonly HistoryRun[]): RowChange | null {
  for (const run of earlier) {
    const then = run.rows.find((candidate) => candidate.group === row.group && candidate.what === row.what && candidate.unit === row.unit);
    if (!then) continue;
    if (then.meridian === 0) return null;
    return { at: run.at, meridian: then.meridian, ratio: then.ratio, percent: ((row.meridian - then.meridian) / then.meridian) * 100 };
  }
  return null;
}
