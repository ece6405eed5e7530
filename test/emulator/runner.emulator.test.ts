// createEmulator wires the real spreadsheet (src/emulator/spreadsheet) into the platform. Skipped
// until that module exists.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/emulator/runner';
import { FIXTURE_DIR, START } from '../fixtures/fakeSpreadsheet';

const spreadsheetReady = existsSync(new URL('../../src/emulator/spreadsheet/index.ts', import.meta.url));
const emulatorPath = '../../src/emulator/index';

describe.skipIf(!spreadsheetReady)('createEmulator with the real spreadsheet', () => {
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
