// What each operation costs in Apps Script's currency: service calls and cells, counted by the
// emulator on the built bundle, on a realistic register (test/helpers/seed.ts) at several sizes,
// beside the same work done the naive per-cell way. Run with `npm run bench`; the table is
// printed and written to bench/results.md. BENCH_SIZES=1000,10000 picks other sizes.
//
// Cost models (projected Apps Script seconds = calls × per call + cells read and written × per cell):
//   low:  0.2 ms a call + 12.5 µs a cell
//   high: 3.5 ms a call + 100 µs a cell
// Calibrated on Google's "Best practices" page for Apps Script
// (https://developers.google.com/apps-script/guides/support/best-practices, "Use batch
// operations"): its per-cell loop (an offset() and a setBackgroundColor() call for each of
// 10,000 cells) took about 70 seconds, the same work batched into one call about 1 second. The
// high model reproduces both (20,000 calls × 3.5 ms = 70 s; 10,000 cells × 100 µs = 1 s); the
// low model is a fast day, about 15× cheaper a call and 8× cheaper a cell. Neither is a
// measurement of this add-on on Google's servers: they turn counts into an order of magnitude.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import type { Addon } from '../test/helpers/addon';
import { type Measured, runOperations } from '../test/helpers/operations';
import { MISSED_EDITS, type SeededRegister, startSeededRegister } from '../test/helpers/seed';

const MODELS = {
  low: { perCallMs: 0.2, perCellMs: 0.0125 },
  high: { perCallMs: 3.5, perCellMs: 0.1 },
} as const;

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map((s) => Number(s.trim()));
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results.md');

function seconds(model: keyof typeof MODELS, calls: number, cells: number): number {
  const m = MODELS[model];
  return (calls * m.perCallMs + cells * m.perCellMs) / 1000;
}

/** The columns a reminder scan needs: who is stalled in which stage since when, and when last reminded. */
const SCAN_COLUMNS = ['Output ID', 'Handoff ID', 'Logged at', 'Decision', 'Decided at', 'Shipped', 'Revision of', 'Input owner', 'Review owner', 'Next-step owner', 'Last reminder'];
const SCAN_HANDOFF_COLUMNS = ['Handoff ID', 'Stall after (h)', 'Status'];

interface Counted {
  calls: number;
  cells: number;
}

/** Runs `script` as a raw script inside an emulator execution and counts its calls and cells. */
function countScript(addon: Addon, script: (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => void): Counted {
  const app = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const run = addon.emulator.beginExecution('menu', {});
  addon.emulator.counters.reset();
  try {
    script(app.getActiveSpreadsheet());
  } finally {
    addon.emulator.endExecution(run);
  }
  const s = addon.emulator.counters.summary();
  return { calls: s.calls, cells: s.cellsRead + s.cellsWritten };
}

function headerIndex(sheet: GoogleAppsScript.Spreadsheet.Sheet): Map<string, number> {
  const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [];
  return new Map(header.map((h, i) => [String(h), i + 1]));
}

function column(columns: Map<string, number>, header: string): number {
  const c = columns.get(header);
  if (c === undefined) throw new Error(`no ${header} column`);
  return c;
}

/** (a) The reminder scan, naive: getValue on every needed cell, row by row. */
function naiveReminderScan(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  for (const [tab, headers] of [['Handoffs', SCAN_HANDOFF_COLUMNS], ['Register', SCAN_COLUMNS]] as const) {
    const sheet = ss.getSheetByName(tab) as GoogleAppsScript.Spreadsheet.Sheet;
    const columns = headerIndex(sheet);
    const last = sheet.getLastRow();
    for (let row = 2; row <= last; row++) for (const h of headers) sheet.getRange(row, column(columns, h)).getValue();
  }
}

/** (a) The same scan batched: one getValues per needed column. */
function batchedReminderScan(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  for (const [tab, headers] of [['Handoffs', SCAN_HANDOFF_COLUMNS], ['Register', SCAN_COLUMNS]] as const) {
    const sheet = ss.getSheetByName(tab) as GoogleAppsScript.Spreadsheet.Sheet;
    const columns = headerIndex(sheet);
    const last = sheet.getLastRow();
    for (const h of headers) sheet.getRange(2, column(columns, h), last - 1, 1).getValues();
  }
}

/** (b) onEdit's stamping of a pasted block, naive: per row, read Decision and Shipped, write Decided at, Decided by and Status. */
function naiveStamping(rows: readonly [number, number], now: Date) {
  return (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => {
    const sheet = ss.getSheetByName('Register') as GoogleAppsScript.Spreadsheet.Sheet;
    const c = headerIndex(sheet);
    for (let row = rows[0]; row <= rows[1]; row++) {
      const decision = String(sheet.getRange(row, column(c, 'Decision')).getValue());
      const shipped = sheet.getRange(row, column(c, 'Shipped')).getValue() === true;
      sheet.getRange(row, column(c, 'Decided at')).setValue(now);
      sheet.getRange(row, column(c, 'Decided by')).setValue('');
      sheet.getRange(row, column(c, 'Status')).setValue(decision === 'Reject' ? 'Rejected' : shipped ? 'Shipped' : 'Awaiting next step');
    }
  };
}

/** (b) The same stamping batched: one getValues or setValues per column over the block. */
function batchedStamping(rows: readonly [number, number], now: Date) {
  return (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => {
    const sheet = ss.getSheetByName('Register') as GoogleAppsScript.Spreadsheet.Sheet;
    const c = headerIndex(sheet);
    const n = rows[1] - rows[0] + 1;
    const block = (h: string) => sheet.getRange(rows[0], column(c, h), n, 1);
    const decisions = block('Decision').getValues();
    const shipped = block('Shipped').getValues();
    block('Decided at').setValues(decisions.map(() => [now]));
    block('Decided by').setValues(decisions.map(() => ['']));
    block('Status').setValues(decisions.map(([d], i) => [d === 'Reject' ? 'Rejected' : shipped[i]?.[0] === true ? 'Shipped' : 'Awaiting next step']));
  };
}

const fixed = (n: number, digits: number) => Number(n.toFixed(digits));

interface SizeResult {
  readonly size: number;
  readonly seedMs: number;
  readonly opsMs: number;
  readonly ops: Measured[];
  readonly naive: Record<string, string | number>[];
}

function benchSize(size: number): SizeResult {
  const t0 = performance.now();
  const { addon, seeded } = startSeededRegister(size);
  const seedMs = performance.now() - t0;
  const t1 = performance.now();
  const ops = runOperations(addon, seeded, (m) => console.log(`${size} rows: ${m.operation}: ${Math.round(m.ms)} ms`));
  const opsMs = performance.now() - t1;
  return { size, seedMs, opsMs, ops, naive: naiveRows(addon, seeded, ops, size) };
}

function naiveRows(addon: Addon, seeded: SeededRegister, ops: Measured[], size: number): Record<string, string | number>[] {
  const now = new Date(addon.emulator.clock.now());
  const addonOp = (name: Measured['operation']): Counted => {
    const m = ops.find((o) => o.operation === name) as Measured;
    return { calls: m.calls, cells: m.cellsRead + m.cellsWritten };
  };
  const groups: [string, [string, Counted][]][] = [
    ['(a) reminder scan', [
      ['naive: getValue per cell', countScript(addon, naiveReminderScan)],
      ['batched: getValues per column', countScript(addon, batchedReminderScan)],
      ['add-on: hourly job (repairs + reminders)', addonOp('hourly job: repairs + reminders')],
    ]],
    ['(b) onEdit stamping, 100-row paste', [
      ['naive: getValue/setValue per cell', countScript(addon, naiveStamping(seeded.pasteRows, now))],
      ['batched: getValues/setValues per column', countScript(addon, batchedStamping(seeded.pasteRows, now))],
      ['add-on: onEdit of the paste', addonOp('onEdit: 100-row paste of decisions')],
    ]],
  ];
  return groups.flatMap(([operation, ways]) => {
    const naive = ways[0]?.[1] as Counted;
    return ways.map(([way, c]) => ({
      rows: size,
      operation,
      way,
      calls: c.calls,
      cells: c.cells,
      'low s': fixed(seconds('low', c.calls, c.cells), 2),
      'high s': fixed(seconds('high', c.calls, c.cells), 1),
      'naive ÷ this (low)': fixed(seconds('low', naive.calls, naive.cells) / seconds('low', c.calls, c.cells), 1),
      'naive ÷ this (high)': fixed(seconds('high', naive.calls, naive.cells) / seconds('high', c.calls, c.cells), 1),
    }));
  });
}

function opRows(r: SizeResult): Record<string, string | number>[] {
  return r.ops.map((m) => ({
    rows: r.size,
    operation: m.operation,
    calls: m.calls,
    'cells read': m.cellsRead,
    'cells written': m.cellsWritten,
    'payload KB': m.payloadBytes === undefined ? '' : fixed(m.payloadBytes / 1024, 1),
    'Node ms': Math.round(m.ms),
    'low s': fixed(seconds('low', m.calls, m.cellsRead + m.cellsWritten), 2),
    'high s': fixed(seconds('high', m.calls, m.cellsRead + m.cellsWritten), 1),
  }));
}

function markdown(rows: Record<string, string | number>[]): string {
  const keys = Object.keys(rows[0] ?? {});
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)).join(' | ')} |`;
  const align = keys.map((k) => (typeof rows[0]?.[k] === 'number' ? '---:' : '---'));
  return [line(keys), `| ${align.join(' | ')} |`, ...rows.map((r) => line(keys.map((k) => r[k] ?? '')))].join('\n');
}

it('service calls and cells per operation, beside the naive per-cell way', () => {
  const results = SIZES.map(benchSize);
  const ops = results.flatMap(opRows);
  const naive = results.flatMap((r) => r.naive);
  console.table(ops);
  console.table(naive);
  const timing = results.map((r) => `${r.size.toLocaleString('en-US')} rows: seeded in ${(r.seedMs / 1000).toFixed(1)} s, operations in ${(r.opsMs / 1000).toFixed(1)} s`);
  console.log(timing.join('\n'));
  writeFileSync(
    RESULTS,
    `# Bench results

Written by \`npm run bench\` (bench/operations.bench.ts); overwritten on every run. Calls and cells are
counted by the emulator on the built bundle (dist/Code.js) and are deterministic; Node ms is not.
The register is test/helpers/seed.ts's: 4 handoffs, 24 owners, about 15% of rows stalled in each
stage, rejects with revisions, shipped work, ${MISSED_EDITS} missed edits for the hourly repair.

Projected Apps Script seconds = calls × per call + (cells read + written) × per cell, under two
models calibrated on Google's Apps Script best-practices page (per-cell loop over 10,000 cells
about 70 s, batched about 1 s): **low** 0.2 ms a call + 12.5 µs a cell; **high** 3.5 ms a call +
100 µs a cell.

## Operations

${markdown(ops)}

## The naive per-cell way, beside batched and the add-on

Run as raw scripts in an emulator execution against the same seeded sheet (after the operations
above). "naive ÷ this" is the naive row's projected time over this row's.

${markdown(naive)}

## Timing (this machine)

${timing.map((t) => `- ${t}`).join('\n')}
`,
  );
});
