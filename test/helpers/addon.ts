// Starts the built add-on (dist/) in a fresh emulator, the way every bundle test does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index';
import { restoreEmulator, type SavedEmulator, saveEmulator } from '../../src/emulator/persist';
import { loadBundle } from '../../src/emulator/runner';
import type { SheetSnapshot, WorkbookSnapshot } from '../../src/emulator/spreadsheet/index';

export const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
export const OWNER = 'owner@example.com';

export function startAddon(options: Partial<EmulatorOptions> = {}) {
  const emulator = createEmulator({
    now: new Date('2026-11-16T09:00:00Z'),
    timeZone: 'Europe/London',
    user: OWNER,
    owner: OWNER,
    ...options,
  } as EmulatorOptions);
  return wrapAddon(emulator);
}

/** The add-on again from a saved world: fault tests start each trial from the same state. */
export function restoreAddon(saved: SavedEmulator) {
  return wrapAddon(restoreEmulator(saved));
}

export function saveAddon(addon: { emulator: Emulator }): SavedEmulator {
  return JSON.parse(JSON.stringify(saveEmulator(addon.emulator))) as SavedEmulator;
}

function wrapAddon(emulator: Emulator) {
  const runner = loadBundle(emulator, { dir: DIST });
  const sheet = (name: string): SheetSnapshot => {
    const found = (emulator.snapshot().workbook as WorkbookSnapshot).sheets.find((s) => s.name === name);
    if (!found) throw new Error(`no tab named ${name}`);
    return found;
  };
  /** The tab's rows as objects keyed by header (display values), header row excluded. */
  const records = (name: string): Record<string, string>[] => {
    const snap = sheet(name);
    const [header = [], ...rows] = snap.display;
    return rows
      .filter((row) => row.some((cell) => cell !== ''))
      .map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])).valueOf() as Record<string, string>)
      .map((r) => {
        delete r[''];
        return r;
      });
  };
  return { emulator, runner, sheet, records };
}

export type Addon = ReturnType<typeof wrapAddon>;
