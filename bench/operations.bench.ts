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
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, it } from 'vitest';
import { type Addon, DIST } from '../test/helpers/addon';
import { type Measured, measure, runOperations, tabExtents } from '../test/helpers/operations';
import { columnLetter } from '../test/helpers/register';
import {
  MISSED_EDITS,
  OUTPUTS_PER_DAY,
  SEED_HANDOFFS,
  type SeededRegister,
  startSeededRegister,
  startYearRegister,
  YEAR_WEEKS,
  type YearRegister,
} from '../test/helpers/seed';

const MODELS = {
  low: { perCallMs: 0.2, perCellMs: 0.0125 },
  high: { perCallMs: 3.5, perCellMs: 0.1 },
} as const;

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => Number(s.trim()));
/** BENCH_YEAR=0 leaves out the year scenario. */
const YEAR = process.env.BENCH_YEAR !== '0';
/** An operation projected above this many seconds under the high model gets its calls and cells broken down by method. */
const PROFILE_ABOVE_S = 60;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results.md');

function seconds(model: keyof typeof MODELS, calls: number, cells: number): number {
  const m = MODELS[model];
  return (calls * m.perCallMs + cells * m.perCellMs) / 1000;
}

/** The columns a reminder scan needs: who is stalled in which stage since when, and when last reminded. */
const SCAN_COLUMNS = [
  'Output ID',
  'Handoff ID',
  'Logged at',
  'Decision',
  'Decided at',
  'Shipped',
  'Revision of',
  'Input owner',
  'Review owner',
  'Next-step owner',
  'Last reminder',
];
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
  for (const [tab, headers] of [
    ['Handoffs', SCAN_HANDOFF_COLUMNS],
    ['Register', SCAN_COLUMNS],
  ] as const) {
    const sheet = ss.getSheetByName(tab) as GoogleAppsScript.Spreadsheet.Sheet;
    const columns = headerIndex(sheet);
    const last = sheet.getLastRow();
    for (let row = 2; row <= last; row++) for (const h of headers) sheet.getRange(row, column(columns, h)).getValue();
  }
}

/** (a) The same scan batched: one getValues per needed column. */
function batchedReminderScan(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  for (const [tab, headers] of [
    ['Handoffs', SCAN_HANDOFF_COLUMNS],
    ['Register', SCAN_COLUMNS],
  ] as const) {
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

interface MethodCost {
  readonly method: string;
  readonly calls: number;
  readonly cellsRead: number;
  readonly cellsWritten: number;
}

/** Calls and cells per method of the operation just measured (measure's own tab reads after it are left out). */
function profileOf(addon: Addon, m: Measured): MethodCost[] {
  const byMethod = new Map<string, { calls: number; cellsRead: number; cellsWritten: number }>();
  for (const r of addon.emulator.counters.log.slice(0, m.calls)) {
    const key = `${r.service}.${r.method}`;
    const c = byMethod.get(key) ?? { calls: 0, cellsRead: 0, cellsWritten: 0 };
    c.calls++;
    c.cellsRead += r.cellsRead;
    c.cellsWritten += r.cellsWritten;
    byMethod.set(key, c);
  }
  return [...byMethod].map(([method, c]) => ({ method, ...c }));
}

const highSeconds = (c: { calls: number; cellsRead: number; cellsWritten: number }) => seconds('high', c.calls, c.cellsRead + c.cellsWritten);

/** The operations that project above PROFILE_ABOVE_S under the high model, with their calls and cells by method. */
const profiles: { rows: string; operation: string; total: number; methods: MethodCost[] }[] = [];

function keepProfile(addon: Addon, rows: string, operation: string, m: Measured): void {
  const total = highSeconds(m);
  if (total > PROFILE_ABOVE_S) profiles.push({ rows, operation, total, methods: profileOf(addon, m) });
}

function benchSize(size: number): SizeResult {
  const t0 = performance.now();
  const { addon, seeded } = startSeededRegister(size);
  const seedMs = performance.now() - t0;
  const t1 = performance.now();
  const ops = runOperations(addon, seeded, (m) => {
    keepProfile(addon, size.toLocaleString('en-US'), m.operation, m);
    console.log(`${size} rows: ${m.operation}: ${Math.round(m.ms)} ms`);
  });
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
    [
      '(a) reminder scan',
      [
        ['naive: getValue per cell', countScript(addon, naiveReminderScan)],
        ['batched: getValues per column', countScript(addon, batchedReminderScan)],
        ['add-on: hourly job (repairs + reminders)', addonOp('hourly job: repairs + reminders')],
      ],
    ],
    [
      '(b) onEdit stamping, 100-row paste',
      [
        ['naive: getValue/setValue per cell', countScript(addon, naiveStamping(seeded.pasteRows, now))],
        ['batched: getValues/setValues per column', countScript(addon, batchedStamping(seeded.pasteRows, now))],
        ['add-on: onEdit of the paste', addonOp('onEdit: 100-row paste of decisions')],
      ],
    ],
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

function opRows(r: { size: number | string; ops: readonly (Measured & { label?: string })[] }): Record<string, string | number>[] {
  return r.ops.map((m) => ({
    rows: r.size,
    operation: m.label ?? m.operation,
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

/** The bundle the runs load: another build during the bench would mix two bundles in one table. */
function bundleHash(): string {
  try {
    return createHash('sha256')
      .update(readFileSync(join(DIST, 'Code.js')))
      .digest('hex')
      .slice(0, 12);
  } catch {
    return 'missing';
  }
}

// ---------------------------------------------------------------------------------------------
// The year scenario (issue 9, "Archive"): the hourly job for a team logging 50 outputs a working
// day, after a year, with the archive on.

type Labelled = Measured & { readonly label: string };

interface RowCounts {
  readonly stage: string;
  readonly register: number;
  readonly archive: number;
  readonly audit: number;
}

interface YearResult {
  readonly year: YearRegister;
  readonly seedMs: number;
  readonly catchUp: { readonly clicks: number; readonly calls: number; readonly cells: number; readonly ms: number; readonly first: string };
  readonly day: { readonly logged: number; readonly reviewed: number; readonly shipped: number };
  readonly counts: RowCounts[];
  readonly ops: Labelled[];
  readonly opsMs: number;
  readonly jobResults: string[];
}

const YEAR_LABEL = 'year';

function lastAlert(addon: Addon): string {
  const alerts = addon.emulator.world.ui.alerts;
  return alerts[alerts.length - 1]?.prompt ?? '';
}

/** The hourly job's own line for its last run (the sidebar shows it). */
function jobResult(addon: Addon): string {
  const raw = (addon.emulator.properties.document as Map<string, string>).get('hourlyJob') ?? '{}';
  return String((JSON.parse(raw) as { lastResult?: unknown }).lastResult ?? '');
}

/** A sidebar call that answers with form errors did not do the work being measured. */
function sidebar(addon: Addon, name: string, form: Record<string, unknown>): unknown {
  const result = addon.runner.scriptRun(name, [form]);
  if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === false) {
    throw new Error(`${name} refused the bench's form: ${JSON.stringify(result)}`);
  }
  return result;
}

function advanceTo(addon: Addon, ms: number): void {
  const now = addon.emulator.clock.now();
  if (ms > now) addon.emulator.clock.advance(ms - now);
}

/**
 * One working day from the clock's time: an output logged every 9 minutes through the sidebar;
 * each reviewed (Approve) five outputs later; three in four of them shipped, by ticking Shipped
 * in the sheet (onEdit), ten outputs after their review. No hourly run in between.
 */
function workDay(addon: Addon, year: YearRegister): { logged: number; reviewed: number; shipped: number } {
  const shippedColumn = columnLetter(addon, 'Register', 'Shipped');
  const start = addon.emulator.clock.now() + 5 * MINUTE_MS;
  const logged: { id: string; row: number }[] = [];
  let reviewed = 0;
  let shipped = 0;
  for (let i = 0; i < OUTPUTS_PER_DAY; i++) {
    advanceTo(addon, start + i * 9 * MINUTE_MS);
    const { outputId } = sidebar(addon, 'logOutput', {
      handoffId: year.handoffIds[i % year.handoffIds.length],
      output: `Today's output ${i + 1}`,
      link: `https://docs.example.com/d/today-${i + 1}`,
    }) as { outputId: string };
    // logOutput appends below the last row with content.
    logged.push({ id: outputId, row: tabExtents(addon).Register?.lastRow ?? 0 });
    const review = logged[i - 5];
    if (review) {
      // The approval rule: a High-risk Approve needs its whole checklist passed.
      const checklistPassed = SEED_HANDOFFS[(i - 5) % SEED_HANDOFFS.length]?.checklist ?? [];
      sidebar(addon, 'reviewOutput', { outputId: review.id, decision: 'Approve', reviewMinutes: 4, checklistPassed });
      reviewed++;
    }
    const ship = logged[i - 15];
    if (ship && (i - 15) % 4 !== 3) {
      addon.emulator.userEdit('Register', `${shippedColumn}${ship.row}`, [[true]]);
      shipped++;
    }
  }
  return { logged: logged.length, reviewed, shipped };
}

function benchYear(): YearResult {
  const t0 = performance.now();
  const { addon, year } = startYearRegister();
  const seedMs = performance.now() - t0;
  const counts: RowCounts[] = [];
  const count = (stage: string) => {
    const tabs = tabExtents(addon);
    const rows = (tab: string) => Math.max(0, (tabs[tab]?.lastRow ?? 1) - 1);
    counts.push({ stage, register: rows('Register'), archive: rows('Archive'), audit: rows('Audit log') });
  };
  count('seeded (a year of outputs, nothing archived yet)');

  // The archive keeps up: the menu item (forced, so any number of times a day) until it has nothing to move.
  const t1 = performance.now();
  let clicks = 0;
  let calls = 0;
  let cells = 0;
  let first = '';
  for (;;) {
    addon.emulator.counters.reset();
    addon.runner.clickMenu('Archive old rows now');
    clicks++;
    const s = addon.emulator.counters.summary();
    calls += s.calls;
    cells += s.cellsRead + s.cellsWritten;
    const said = lastAlert(addon);
    if (clicks === 1) first = said;
    if (said.startsWith('Nothing to archive')) break;
    if (!said.startsWith('Archived')) throw new Error(`Archive old rows now answered: ${said}`);
    if (clicks >= 2000) throw new Error('Archive old rows now still archiving after 2,000 runs');
  }
  addon.emulator.counters.reset();
  const catchUp = { clicks, calls, cells, ms: performance.now() - t1, first };
  count(`archive kept up (${clicks} runs of Archive old rows now)`);

  const t2 = performance.now();
  const ops: Labelled[] = [];
  const hourly = () => addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
  const jobResults: string[] = [];
  const take = (label: string, operation: Measured['operation'], what: () => unknown) => {
    const m = measure(addon, operation, what);
    keepProfile(addon, YEAR_LABEL, label, m);
    ops.push({ ...m, label });
    console.log(`year: ${label}: ${Math.round(m.ms)} ms`);
  };
  // Monday 09:00 (startAddon's clock): a weekday inside working hours.
  addon.runner.clickMenu('Turn on reminders & Friday summary');
  take('hourly job: repairs + reminders', 'hourly job: repairs + reminders', hourly);
  jobResults.push(`repairs + reminders: ${jobResult(addon)}`);
  addon.emulator.clock.advance(HOUR_MS);
  take('hourly job: idle (next hour)', 'hourly job: idle (next hour)', hourly);
  jobResults.push(`idle (next hour): ${jobResult(addon)}`);

  const day = workDay(addon, year);
  count(`after a day's work (${day.logged} logged, ${day.reviewed} approved, ${day.shipped} shipped)`);
  // The next day's first hourly run (just after local midnight; London is on UTC in November) is the one that archives.
  const DAY_MS = 24 * HOUR_MS;
  const midnight = Math.floor(addon.emulator.clock.now() / DAY_MS) * DAY_MS + DAY_MS;
  advanceTo(addon, midnight + 5 * MINUTE_MS);
  take("hourly job: next day's first run (daily archive)", 'hourly job: idle (next hour)', hourly);
  jobResults.push(`next day's first run: ${jobResult(addon)}`);
  count("after the next day's archive run");

  advanceTo(addon, midnight + 9 * HOUR_MS);
  take('getSidebarState', 'getSidebarState', () => addon.runner.scriptRun('getSidebarState', []));
  take('logOutput', 'logOutput', () =>
    sidebar(addon, 'logOutput', { handoffId: year.handoffIds[1], output: 'Weekly status for Acme', link: 'https://docs.example.com/d/acme-week-47' }),
  );
  return { year, seedMs, catchUp, day, counts, ops, opsMs: performance.now() - t2, jobResults };
}

// ---------------------------------------------------------------------------------------------

const bundles: string[] = [];
let sizeResults: SizeResult[] = [];
let yearResult: YearResult | undefined;
const started = performance.now();

it('service calls and cells per operation, beside the naive per-cell way', () => {
  bundles.push(bundleHash());
  sizeResults = SIZES.map(benchSize);
});

it.runIf(YEAR)('a year at 50 outputs a working day, with the archive on', () => {
  yearResult = benchYear();
});

afterAll(() => {
  bundles.push(bundleHash());
  const ops = sizeResults.flatMap(opRows);
  const yearOps = yearResult ? opRows({ size: YEAR_LABEL, ops: yearResult.ops }) : [];
  const naive = sizeResults.flatMap((r) => r.naive);
  console.table([...ops, ...yearOps]);
  console.table(naive);
  const timing = sizeResults.map(
    (r) => `${r.size.toLocaleString('en-US')} rows: seeded in ${(r.seedMs / 1000).toFixed(1)} s, operations in ${(r.opsMs / 1000).toFixed(1)} s`,
  );
  if (yearResult) {
    const y = yearResult;
    timing.push(
      `year: seeded in ${(y.seedMs / 1000).toFixed(1)} s, archive catch-up in ${(y.catchUp.ms / 1000).toFixed(1)} s, the rest in ${(y.opsMs / 1000).toFixed(1)} s`,
    );
  }
  timing.push(`whole bench: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const sameBundle = bundles.every((b) => b === bundles[0]);
  timing.push(`dist/Code.js sha256 ${bundles.join(' → ')}${sameBundle ? '' : ' (REBUILT during the run: the rows may come from two bundles)'}`);
  console.log(timing.join('\n'));
  for (const p of profiles) console.log(profileText(p));
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

Each size's first operation is "Archive old rows now". The seeded rows are 30 minutes apart, so the
1,000-row register spans three weeks and nothing moves; at 10,000 and 50,000 rows most shipped rows
are older than 8 weeks, but one run deletes at most 20 runs of rows, so the Register stays about
the seeded size for the operations after it.

${markdown(ops)}
${yearResult ? yearSection(yearResult) : ''}
## The naive per-cell way, beside batched and the add-on

Run as raw scripts in an emulator execution against the same seeded sheet (after the operations
above). "naive ÷ this" is the naive row's projected time over this row's.

${markdown(naive)}
${profiles.length > 0 ? `\n## Where the cost goes: operations above ${PROFILE_ABOVE_S} s under the high model\n\nService methods by their share of the high model's projection (calls × 3.5 ms + cells × 100 µs), largest first.\n\n${profiles.map(profileMarkdown).join('\n\n')}\n` : ''}
## Timing (this machine)

${timing.map((t) => `- ${t}`).join('\n')}
`,
  );
});

function yearSection(y: YearResult): string {
  const kinds = Object.entries(y.year.kinds)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(', ');
  const counts = y.counts.map((c) => ({ stage: c.stage, 'Register rows': c.register, 'Archive rows': c.archive, 'Audit log rows': c.audit }));
  return `
## A year at ${OUTPUTS_PER_DAY} outputs a working day, with the archive on

The register a team has after ${YEAR_WEEKS} weeks (${y.year.firstDay.toISOString().slice(0, 10)} to ${y.year.lastDay.toISOString().slice(0, 10)},
Monday to Friday, no holidays) at ${OUTPUTS_PER_DAY} outputs a working day: ${y.year.outputs.toLocaleString('en-US')} outputs, oldest first, one every
12 minutes from 08:00, in seed.ts's mix shuffled over the year (${kinds}); the missed edits are
in the last day, and one row typed by hand is at the bottom. The archive kept up: "Archive old rows
now" (the menu) ran ${y.catchUp.clicks} times at Monday 09:00 until it answered that there was nothing to
archive (it is not limited to once a day, so the clock did not need to move); those runs made
${y.catchUp.calls.toLocaleString('en-US')} calls over ${y.catchUp.cells.toLocaleString('en-US')} cells in all (${y.catchUp.clicks > 0 ? `first run: "${y.catchUp.first}"` : ''}).
Rows stalled in any stage are never archived, whatever their age, so they stay in the Register.

Then, measured: reminders turned on from the menu and the hourly job run at Monday 09:00 (repairs
and reminders), again at 10:00 (idle); a day's work through the sidebar and the sheet; the next
day's first hourly run at 00:05, the one that archives; getSidebarState and logOutput at 09:00.

${markdown(counts)}

${markdown(opRows({ size: YEAR_LABEL, ops: y.ops }))}

What the hourly job reported (its status line):

${y.jobResults.map((r) => `- ${r}`).join('\n')}

The next day's archive run deleted ${dailyDeletes(y)} runs of rows (deleteRows calls), of the 20 a day it may.
`;
}

function dailyDeletes(y: YearResult): number {
  const daily = y.ops.find((m) => m.label.startsWith("hourly job: next day's first run"));
  return daily?.byMethod['SpreadsheetApp.Sheet.deleteRows'] ?? 0;
}

function topMethods(p: (typeof profiles)[number]): MethodCost[] {
  return [...p.methods].sort((a, b) => highSeconds(b) - highSeconds(a)).slice(0, 6);
}

function profileText(p: (typeof profiles)[number]): string {
  return [
    `${p.rows} rows, ${p.operation}: ${p.total.toFixed(1)} s (high)`,
    ...topMethods(p).map((c) => `  ${c.method}: ${c.calls} calls, ${c.cellsRead} read, ${c.cellsWritten} written, ${highSeconds(c).toFixed(1)} s`),
  ].join('\n');
}

function profileMarkdown(p: (typeof profiles)[number]): string {
  const rows = topMethods(p).map((c) => ({
    method: c.method,
    calls: c.calls,
    'cells read': c.cellsRead,
    'cells written': c.cellsWritten,
    'high s': fixed(highSeconds(c), 1),
    share: `${Math.round((100 * highSeconds(c)) / p.total)}%`,
  }));
  return `### ${p.rows} rows: ${p.operation} (${p.total.toFixed(1)} s)\n\n${markdown(rows)}`;
}
