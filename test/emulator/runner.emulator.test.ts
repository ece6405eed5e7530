// createEmulator wires the real spreadsheet (src/emulator/spreadsheet) into the platform. Skipped
// until that module exists.
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/emulator/runner';
import { FIXTURE_DIR, START } from '../fixtures/fakeSpreadsheet';

const emulatorPath = '../../src/emulator/index';

describe('createEmulator with the real spreadsheet', () => {
  it('runs the fixture bundle: menu, script write without onEdit, person edit with onEdit', async () => {
    const { createEmulator } = (await import(/* @vite-ignore */ emulatorPath)) as typeof import('../../src/emulator/index');
    const emulator = createEmulator({ now: START, timeZone: 'Europe/London', user: 'ana@example.com', htmlDir: FIXTURE_DIR });
    const runner = loadBundle(emulator, { dir: FIXTURE_DIR });
    expect(runner.loadCalls).toEqual([]);
    runner.open();
    expect(emulator.ui.addonMenu?.items.length).toBe(2);
    runner.run('writeCell', ['by script']);
    expect(runner.edits.delivered).toBe(0);
    const sheetName = 'Sheet1';
    emulator.userEdit(sheetName, 'B2', [['typed']]);
    expect(runner.edits.delivered).toBe(1);
    const onEdit = emulator.logs.find((entry) => entry.message.startsWith('onEdit '));
    expect(onEdit?.message).toContain('"value":"typed"');
  });
});

describe('AuthMode.NONE and the spreadsheet', () => {
  it('refuses the spreadsheet to a run in AuthMode.NONE but gives it to LIMITED', async () => {
    const { createEmulator } = await import('../../src/emulator/index');
    const emulator = createEmulator({ now: new Date('2026-11-16T09:00:00Z'), timeZone: 'Europe/London', user: 'a@example.com' });
    const app = emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    const none = emulator.beginExecution('simpleTrigger', { authMode: 'NONE' });
    try {
      expect(() => app.getActiveSpreadsheet()).toThrow(
        'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: https://www.googleapis.com/auth/spreadsheets.currentonly',
      );
      expect(() => app.getActiveRange()).toThrow('You do not have permission to call SpreadsheetApp.getActiveRange.');
      expect(() => app.getUi()).not.toThrow();
    } finally {
      emulator.endExecution(none);
    }
    const limited = emulator.beginExecution('simpleTrigger', { authMode: 'LIMITED' });
    try {
      expect(app.getActiveSpreadsheet().getName()).toBe('Handoff Register');
    } finally {
      emulator.endExecution(limited);
    }
  });
});
