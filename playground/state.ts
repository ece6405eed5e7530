// The playground's save file: the whole emulated world plus the playground's own log of
// time-driven runs. Written after every change, atomically, so a crash mid-write never leaves
// half a file; read once at start, and never replaced when it cannot be read.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlaygroundState } from './api';
import type { SavedEmulator } from '../src/emulator/persist';

export const DEFAULT_STATE_FILE = '.handoff-register/state.json';

const FORMAT = 'handoff-register-playground';
const VERSION = 1;

export type RunLogEntry = PlaygroundState['runs'][number];

export interface SavedPlayground {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly emulator: SavedEmulator;
  /** Newest first, as the page lists them. */
  readonly runs: readonly RunLogEntry[];
}

/** A state file that exists but cannot be used; the message names the file and what is wrong. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `Cannot start from the saved playground in ${file}: ${problem}.\n` +
        'The file was left exactly as it is. Fix it, move it away, or start afresh with --reset (which overwrites it) or --demo.',
    );
    this.name = 'StateFileError';
  }
}

export function savedPlayground(emulator: SavedEmulator, runs: readonly RunLogEntry[]): SavedPlayground {
  return { format: FORMAT, version: VERSION, emulator, runs };
}

/** The saved playground, or undefined when there is no file yet. */
export function readStateFile(file: string): { emulator: unknown; runs: RunLogEntry[] } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(file, `it could not be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `it is not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new StateFileError(file, 'it does not hold a JSON object');
  const root = data as Record<string, unknown>;
  if (root.format !== FORMAT) throw new StateFileError(file, `it is not a Handoff Register playground save (format should be "${FORMAT}")`);
  if (root.version !== VERSION) throw new StateFileError(file, `it was saved in format version ${JSON.stringify(root.version)}; this playground reads version ${VERSION}`);
  if (!Array.isArray(root.runs)) throw new StateFileError(file, 'runs should be an array');
  const runs = root.runs.map((run, i): RunLogEntry => {
    const r = (typeof run === 'object' && run !== null ? run : {}) as Record<string, unknown>;
    const ok =
      typeof r.at === 'string' && typeof r.functionName === 'string' && typeof r.result === 'string' && (r.error === null || typeof r.error === 'string');
    if (!ok) throw new StateFileError(file, `runs[${i}] should be { at, functionName, error, result }`);
    return { at: r.at as string, functionName: r.functionName as string, error: r.error as string | null, result: r.result as string };
  });
  return { emulator: root.emulator, runs };
}

export function writeStateFile(file: string, saved: SavedPlayground): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(saved)}\n`);
  renameSync(temporary, file);
}
