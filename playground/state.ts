// The playground's save file: the whole emulated world plus the playground's own log of
// time-driven runs. Written after every change, atomically, so a crash mid-write never leaves
// half a file; read once at start, and never replaced when it cannot be read.
import { constants, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import type { SavedEmulator } from '../src/emulator/persist';
import type { PlaygroundState } from './api';

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
        'The file was left exactly as it is. Fix it, move it away, or start afresh with --reset or --demo (either first moves it to a dated backup beside it).',
    );
    this.name = 'StateFileError';
  }
}

/** A saved state file that --demo or --reset could not move out of the way; nothing was changed. */
export class StateBackupError extends Error {
  constructor(
    readonly file: string,
    backup: string,
    problem: string,
  ) {
    super(
      `Cannot move the saved playground ${file} to ${backup}: ${problem}.\nNothing was changed. Move the file away yourself, or pick another file with --state <path>.`,
    );
    this.name = 'StateBackupError';
  }
}

/** `dir/state.json` taken at 2026-11-30 08:15:02 UTC → `dir/state.2026-11-30T08-15-02.json` (then `…-2.json`, `…-3.json` if taken). */
export function backupName(file: string, at: Date, attempt = 1): string {
  const { dir, name, ext } = parse(file);
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
  return join(dir, `${name}.${stamp}${attempt > 1 ? `-${attempt}` : ''}${ext}`);
}

/**
 * Before --demo or --reset: moves a saved state file to a dated backup beside it, never over
 * another file, and answers where it went (undefined when there was no file).
 */
export function backUpStateFile(file: string, at: Date): string | undefined {
  if (!existsSync(file)) return undefined;
  for (let attempt = 1; ; attempt++) {
    const backup = backupName(file, at, attempt);
    try {
      copyFileSync(file, backup, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      rmSync(backup, { force: true });
      throw new StateBackupError(file, backup, (error as Error).message);
    }
    unlinkSync(file);
    return backup;
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
  if (root.version !== VERSION)
    throw new StateFileError(file, `it was saved in format version ${JSON.stringify(root.version)}; this playground reads version ${VERSION}`);
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
