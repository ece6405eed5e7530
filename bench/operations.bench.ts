// What each operation costs in Apps Script's currency: service calls and cells, counted by the
// emulator on the built bundle, at several register sizes. Run with `npm run bench`.
import { it } from 'vitest';
import { REGISTER_HEADERS } from '../src/core/vocabulary';
import { columnLetter, startRegister } from '../test/helpers/register';

type Addon = ReturnType<typeof startRegister>;

/** Fills the Register with `n` logged outputs in one script write, as a long-used sheet would be. */
function seed(addon: Addon, n: number): void {
  const app = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const run = addon.emulator.beginExecution('menu', {});
  try {
    const sheet = app.getActiveSpreadsheet().getSheetByName('Register') as GoogleAppsScript.Spreadsheet.Sheet;
    if (n + 1 > sheet.getMaxRows()) sheet.insertRowsAfter(sheet.getMaxRows(), n + 1 - sheet.getMaxRows());
    const logged = new Date('2026-11-10T09:00:00Z');
    const rows = Array.from({ length: n }, (_, i) => {
      const cells: Record<string, unknown> = {
        'Output ID': `O-${String(i + 1).padStart(6, '0')}`, 'Logged at': logged, 'Handoff ID': 'H-001', Task: 'Social posts', Output: `Post ${i + 1}`,
        Version: 1, 'Input owner': 'ines@example.com', 'Review owner': 'rae@example.com', 'Next-step owner': 'nick@example.com', Shipped: false, Status: 'Awaiting review',
      };
      return REGISTER_HEADERS.map((h) => cells[h] ?? '');
    });
    sheet.getRange(2, 1, n, REGISTER_HEADERS.length).setValues(rows);
  } finally {
    addon.emulator.endExecution(run);
  }
  addon.emulator.world.currentUser = 'owner@example.com';
  (addon.emulator.properties.document as Map<string, string>).set('outputCounter', String(n));
}

function measure(addon: Addon, what: () => void) {
  addon.emulator.counters.reset();
  what();
  const s = addon.emulator.counters.summary();
  return { calls: s.calls, cellsRead: s.cellsRead, cellsWritten: s.cellsWritten };
}

it('service calls and cells per operation', () => {
  const table: Record<string, unknown>[] = [];
  for (const size of [100, 1000, 10000]) {
    const addon = startRegister();
    seed(addon, size);
    const decision = columnLetter(addon, 'Register', 'Decision');
    const ops: [string, () => void][] = [
      ['logOutput (sidebar)', () => addon.runner.scriptRun('logOutput', [{ handoffId: 'H-001', output: 'New post' }])],
      ['reviewOutput (sidebar)', () => addon.runner.scriptRun('reviewOutput', [{ outputId: 'O-000002', decision: 'Approve', reviewMinutes: 3 }])],
      ['getSidebarState', () => addon.runner.scriptRun('getSidebarState', [])],
      ['onEdit: one decision', () => addon.emulator.userEdit('Register', `${decision}3`, [['Edit']])],
      ['onEdit: paste of 50 decisions', () => addon.emulator.userEdit('Register', `${decision}10:${decision}59`, Array.from({ length: 50 }, () => ['Approve']))],
      ['setUpRegister (nothing to repair)', () => addon.runner.clickMenu('Set up register')],
      ['Generate Friday summary now', () => addon.runner.clickMenu('Generate Friday summary now')],
      ['hourly job: repair the paste + remind', () => addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' })],
      ['hourly job: nothing to do', () => {
        addon.emulator.clock.advance(3_600_000);
        addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
      }],
    ];
    for (const [name, op] of ops) table.push({ rows: size, operation: name, ...measure(addon, op) });
  }
  console.table(table);
});
