// The operations whose cost issue 9 sets targets for, run in order on a seeded register through
// the add-on's public surface only, each measured by the emulator's call counters. The bench
// prints them; test/bundle/cost.test.ts asserts on them. Counts are deterministic; `ms` is not.
import type { Addon } from './addon';
import { columnLetter } from './register';
import type { SeededRegister } from './seed';

const HOUR_MS = 3_600_000;

export const OPERATIONS = [
  'Archive old rows now (first day)',
  'onEdit: one decision',
  'onEdit: 100-row paste of decisions',
  'logOutput',
  'reviewOutput',
  'getSidebarState',
  'hourly job: repairs + reminders',
  'hourly job: idle (next hour)',
  'Friday summary (menu)',
  'Set up register (nothing to repair)',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** The tabs whose first row is a header the add-on finds columns by. */
const HEADER_TABS = new Set(['Register', 'Handoffs', 'Audit log', 'Archive']);

export interface TabExtent {
  /** Last row with content, header included: rows + 1. */
  readonly lastRow: number;
  /** Header width for header tabs; the used width for any other tab (the Friday Summary). */
  readonly width: number;
}

export interface Measured {
  readonly operation: Operation;
  readonly calls: number;
  readonly cellsRead: number;
  readonly cellsWritten: number;
  /** Calls per "Service.Class.method". */
  readonly byMethod: Readonly<Record<string, number>>;
  /** JSON length of getSidebarState's result, in bytes; undefined for other operations. */
  readonly payloadBytes: number | undefined;
  /** Emails the operation sent. */
  readonly emails: number;
  /** Wall-clock time of the operation in Node (not deterministic). */
  readonly ms: number;
  /** Every tab's extent, the larger of before and after the operation. */
  readonly tabs: Readonly<Record<string, TabExtent>>;
  /** Σ over tabs of (rows + 1) × width: reading every cell of the workbook once. */
  readonly readBound: number;
}

/** Each tab's extent, read through SpreadsheetApp in an execution of its own (its calls are not measured). */
export function tabExtents(addon: Addon): Record<string, TabExtent> {
  const app = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const run = addon.emulator.beginExecution('menu', {});
  try {
    const extents: Record<string, TabExtent> = {};
    for (const sheet of app.getActiveSpreadsheet().getSheets()) {
      const name = sheet.getName();
      const lastRow = sheet.getLastRow();
      const lastColumn = sheet.getLastColumn();
      let width = lastColumn;
      if (HEADER_TABS.has(name) && lastColumn > 0) {
        const header = sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? [];
        width = header.reduce<number>((w, cell, i) => (String(cell).trim() !== '' ? i + 1 : w), 0);
      }
      extents[name] = { lastRow, width };
    }
    return extents;
  } finally {
    addon.emulator.endExecution(run);
  }
}

function larger(a: Record<string, TabExtent>, b: Record<string, TabExtent>): Record<string, TabExtent> {
  const out: Record<string, TabExtent> = {};
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    out[name] = { lastRow: Math.max(a[name]?.lastRow ?? 0, b[name]?.lastRow ?? 0), width: Math.max(a[name]?.width ?? 0, b[name]?.width ?? 0) };
  }
  return out;
}

export function measure(addon: Addon, operation: Operation, what: () => unknown): Measured {
  const before = tabExtents(addon);
  const sent = addon.emulator.outbox.length;
  addon.emulator.counters.reset();
  const start = performance.now();
  const result = what();
  const ms = performance.now() - start;
  const s = addon.emulator.counters.summary();
  const tabs = larger(before, tabExtents(addon));
  return {
    operation,
    calls: s.calls,
    cellsRead: s.cellsRead,
    cellsWritten: s.cellsWritten,
    byMethod: s.byMethod,
    payloadBytes: operation === 'getSidebarState' ? Buffer.byteLength(JSON.stringify(result)) : undefined,
    emails: addon.emulator.outbox.length - sent,
    ms,
    tabs,
    readBound: Object.values(tabs).reduce((sum, t) => sum + t.lastRow * t.width, 0),
  };
}

/** The 100 decisions pasted into the Decision column: mostly Approve, some Edit, a few Reject. */
export function pastedDecisions(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [i % 10 === 9 ? 'Reject' : i % 5 === 2 ? 'Edit' : 'Approve']);
}

/**
 * Runs every operation once, in order, on a freshly seeded register (the emulator's clock at a
 * weekday morning, as startAddon sets it). Reminders are turned on from the menu before the
 * first hourly run; the idle run is the next hour. `after` sees each result as it is measured.
 */
export function runOperations(addon: Addon, seeded: SeededRegister, after?: (m: Measured) => void): Measured[] {
  const decision = columnLetter(addon, 'Register', 'Decision');
  // The archive runs first, as it would have on a register used for a year: the hourly runs
  // measured after it are the steady state, and the rows it removed shift the tail up.
  let shift = 0;
  const rowsNow = () => addon.sheet('Register').values.length;
  const hourly = () => addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
  // A sidebar call that answers with form errors did not do the work being measured.
  const sidebar = (name: string, form: Record<string, unknown>) => {
    const result = addon.runner.scriptRun(name, [form]);
    if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false) {
      throw new Error(`${name} refused the bench's form: ${JSON.stringify(result)}`);
    }
    return result;
  };
  const steps: [Operation, () => unknown][] = [
    [
      'Archive old rows now (first day)',
      () => {
        const before = rowsNow();
        addon.runner.clickMenu('Archive old rows now');
        shift = before - rowsNow();
      },
    ],
    ['onEdit: one decision', () => addon.emulator.userEdit('Register', `${decision}${seeded.decisionRow - shift}`, [['Approve']])],
    [
      'onEdit: 100-row paste of decisions',
      () => {
        const [first, last] = seeded.pasteRows.map((r) => r - shift) as [number, number];
        addon.emulator.userEdit('Register', `${decision}${first}:${decision}${last}`, pastedDecisions(last - first + 1));
      },
    ],
    [
      'logOutput',
      () => sidebar('logOutput', { handoffId: seeded.handoffIds[1], output: 'Weekly status for Acme', link: 'https://docs.example.com/d/acme-week-47' }),
    ],
    ['reviewOutput', () => sidebar('reviewOutput', { outputId: seeded.reviewOutputId, decision: 'Approve', reviewMinutes: 4 })],
    ['getSidebarState', () => addon.runner.scriptRun('getSidebarState', [])],
    ['hourly job: repairs + reminders', hourly],
    [
      'hourly job: idle (next hour)',
      () => {
        addon.emulator.clock.advance(HOUR_MS);
        return hourly();
      },
    ],
    ['Friday summary (menu)', () => addon.runner.clickMenu('Generate Friday summary now')],
    ['Set up register (nothing to repair)', () => addon.runner.clickMenu('Set up register')],
  ];
  const results: Measured[] = [];
  for (const [operation, step] of steps) {
    if (operation === 'hourly job: repairs + reminders') addon.runner.clickMenu('Turn on reminders & Friday summary');
    const m = measure(addon, operation, step);
    results.push(m);
    after?.(m);
  }
  return results;
}
