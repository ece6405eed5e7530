// A spreadsheet world for the emulator's own tests: no runner, no bundle, just SpreadsheetApp.
import { createClock } from '../../src/emulator/clock';
import { createCounters } from '../../src/emulator/counters';
import { createSpreadsheetApp, createWorkbook } from '../../src/emulator/spreadsheet/index';
import { createUiLog, DEFAULT_READINGS, type World } from '../../src/emulator/world';

export const OWNER = 'owner@example.com';

/** A world at 2026-03-10 12:00 UTC, spreadsheet in New York time, the owner at the keyboard. */
export function setup(overrides: Partial<World> = {}) {
  const world: World = {
    clock: createClock(new Date('2026-03-10T12:00:00Z')),
    readings: { ...DEFAULT_READINGS },
    counters: createCounters(),
    timeZone: 'America/New_York',
    scriptTimeZone: 'America/New_York',
    ownerEmail: OWNER,
    currentUser: OWNER,
    revealActiveUserToSimpleTriggers: false,
    serviceCallCostMs: 0,
    htmlDir: '',
    ui: createUiLog(),
    executions: [],
    ...overrides,
  };
  const book = createWorkbook(world, { id: 'sheet-123', name: 'Handoff Register' });
  const app = createSpreadsheetApp(world, book, () => {
    throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
  });
  const sheet = app.getActiveSheet();
  world.counters.reset();
  return { world, book, app, sheet };
}

/** Runs fn and returns the Error it throws, so tests can assert the exact message. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an exception, none was thrown');
}
