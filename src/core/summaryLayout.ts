// The Friday Summary tab as one grid of values and formats, so the server writes it in one call
// each. Labels are part of the user-visible contract: each in one cell, its value to the right.
import type { HistoryRow, WeekSummary } from './summary';

type Cell = string | number;
/** The widest table: History, one column a figure. */
const WIDTH = 14;
const HOURS = '0.0';
const PERCENT = '0%';
const TEXT = '@';

export const HISTORY_TITLE = 'History';

/** Each History column: its header, the figure it holds, and how it is shown. */
const HISTORY_COLUMNS = [
  ['Week start', 'weekStart', TEXT],
  ['Logged', 'logged', '0'],
  ['Moved through', 'moved', '0'],
  ['Needed rework', 'neededRework', '0'],
  ['Rework rate', 'reworkRate', PERCENT],
  ['Shipped', 'shipped', '0'],
  ['Median review wait h', 'medianReviewH', HOURS],
  ['Approved', 'approved', '0'],
  ['Light edits', 'lightEdits', '0'],
  ['Rejected', 'rejected', '0'],
  ['Edits over review cap', 'editsOverCap', '0'],
  ['First-pass approval rate', 'firstPassRate', PERCENT],
  ['Shipped without approval', 'shippedWithoutApproval', '0'],
  ['Decided on behalf', 'decidedOnBehalf', '0'],
] as const satisfies readonly (readonly [string, keyof HistoryRow, string])[];

export const HISTORY_HEADERS = HISTORY_COLUMNS.map(([header]) => header);

/** Waits of 48 hours or more read in days. */
export function waitText(hours: number | null): string {
  if (hours === null) return '';
  return hours >= 48 ? `${(hours / 24).toFixed(1)} days` : `${hours.toFixed(1)} h`;
}

export interface SummaryGrid {
  readonly values: Cell[][];
  readonly formats: string[][];
  readonly bold: boolean[];
  /** 1-based first row and count of the history's data rows (below its header). */
  readonly history: { readonly row: number; readonly count: number };
}

export function renderSummary(summary: WeekSummary, history: readonly HistoryRow[]): SummaryGrid {
  const values: Cell[][] = [];
  const formats: string[][] = [];
  const bold: boolean[] = [];
  const add = (cells: (readonly [Cell | null, string?])[], isBold = false) => {
    const row = cells.map(([v]) => (v === null ? '' : v));
    const fmt = cells.map(([v, f]) => (v === null || v === '' ? 'General' : (f ?? (typeof v === 'number' ? '0' : TEXT))));
    while (row.length < WIDTH) row.push('');
    while (fmt.length < WIDTH) fmt.push('General');
    values.push(row);
    formats.push(fmt);
    bold.push(isBold);
  };
  const blank = () => add([]);
  const pct = (n: number | null) => [n, PERCENT] as const;

  add([[summary.sentence]], true);
  blank();
  const figures: [string, readonly [Cell | null, string?]][] = [
    ['Week', [summary.week.label]],
    ['Outputs logged', [summary.logged]],
    ['Outputs moved through', [summary.moved]],
    ['Approved', [summary.approved]],
    ['Light edits', [summary.lightEdits]],
    ['Edited', [summary.edited]],
    ['Rejected', [summary.rejected]],
    ['Needed rework', [summary.neededRework]],
    ['Rework rate', pct(summary.reworkRate)],
    ['First-pass approval rate', pct(summary.firstPassRate)],
    ['Edits over review cap', [summary.editsOverCap]],
    ['Shipped', [summary.shipped]],
    ['Shipped without approval', [summary.shippedWithoutApproval]],
    ['Decided on behalf of the review owner', [summary.decidedOnBehalf]],
    ['Slowest stage', [summary.slowest]],
    ['Still waiting', [summary.stillWaiting]],
  ];
  for (const [label, value] of figures) add([[label], value]);
  blank();
  add([['Stages']], true);
  add(
    ['Stage', 'Completed this week', 'Median wait', 'Longest wait', 'Waiting now', 'Oldest waiting'].map((t) => [t] as const),
    true,
  );
  for (const s of summary.stages) add([[s.stage], [s.completed], [waitText(s.medianH)], [waitText(s.longestH)], [s.waitingNow], [waitText(s.oldestH)]]);
  blank();
  add([['Per handoff']], true);
  add(
    [
      'Handoff ID',
      'Task',
      'Logged',
      'Moved through',
      'Needed rework',
      'Rework rate',
      'First-pass approval rate',
      'Top cause',
      'Median review wait',
      'Median next-step wait',
    ].map((t) => [t] as const),
    true,
  );
  for (const p of summary.perHandoff) {
    add([
      [p.handoffId],
      [p.task],
      [p.logged],
      [p.moved],
      [p.neededRework],
      pct(p.reworkRate),
      pct(p.firstPassRate),
      [p.topCause === '' ? '' : `${p.topCause} (${p.topCauseCount})`],
      [waitText(p.medianReviewH)],
      [waitText(p.medianNextStepH)],
    ]);
  }
  blank();
  add([['Measurement per handoff']], true);
  add(
    ['Handoff ID', 'Shipped', 'Minutes per shipped output', 'Baseline (min)', 'Against baseline', 'Median log to ship', 'Decided on behalf'].map(
      (t) => [t] as const,
    ),
    true,
  );
  for (const p of summary.perHandoff) {
    add([
      [p.handoffId],
      [p.shipped],
      [p.minutesPerShipped, '0.0'],
      [p.baselineMin, '0.0'],
      pct(p.vsBaseline),
      [waitText(p.medianLogToShipH)],
      [p.decidedOnBehalf],
    ]);
  }
  blank();
  add([['Rework by prompt version']], true);
  add(
    ['Handoff ID', 'Prompt version', 'Decided', 'Needed rework', 'Rework rate'].map((t) => [t] as const),
    true,
  );
  if (summary.prompts.length === 0) add([['Nothing was decided this week.']]);
  for (const p of summary.prompts) add([[p.handoffId], [p.promptVersion], [p.decided], [p.neededRework], pct(p.reworkRate)]);
  blank();
  add([['Rework causes']], true);
  for (const c of summary.causes) add([[c.cause], [c.count]]);
  blank();
  add([['Owners with the most stalled items']], true);
  add(
    ['Owner', 'Stalled items', 'Oldest wait'].map((t) => [t] as const),
    true,
  );
  if (summary.stalledOwners.length === 0) add([['Nobody is stalled right now.']]);
  for (const o of summary.stalledOwners) add([[o.owner], [o.items], [waitText(o.oldestH)]]);
  blank();
  add([[HISTORY_TITLE]], true);
  add(
    HISTORY_HEADERS.map((t) => [t] as const),
    true,
  );
  const historyRow = values.length + 1;
  for (const r of history) add(HISTORY_COLUMNS.map(([, key, format]) => [r[key], format] as const));
  if (summary.notes.length > 0) {
    blank();
    add([['Notes']], true);
    for (const note of summary.notes) add([[note]]);
  }
  return { values, formats, bold, history: { row: historyRow, count: history.length } };
}

/**
 * The history rows already on the tab, found below its "History" title and read by header, so a
 * History written with fewer columns (before these figures existed) still reads; a missing
 * figure reads as 0 (a rate as blank).
 */
export function parseHistory(values: readonly (readonly unknown[])[]): HistoryRow[] {
  const title = values.findIndex((row) => row[0] === HISTORY_TITLE);
  if (title < 0) return [];
  const header = (values[title + 1] ?? []).map((cell) => String(cell ?? ''));
  const rows: HistoryRow[] = [];
  for (const row of values.slice(title + 2)) {
    const start = row[0] instanceof Date ? '' : String(row[0] ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) break;
    const entry: Record<string, unknown> = { weekStart: start };
    for (const [name, key, format] of HISTORY_COLUMNS) {
      if (key === 'weekStart') continue;
      const cell = row[header.indexOf(name)];
      entry[key] = typeof cell === 'number' ? cell : format === PERCENT || key === 'medianReviewH' ? null : 0;
    }
    rows.push(entry as unknown as HistoryRow);
  }
  return rows;
}

/** This week's row replaces any earlier one for the same week; newest first. */
export function mergeHistory(existing: readonly HistoryRow[], current: HistoryRow): HistoryRow[] {
  return [...existing.filter((r) => r.weekStart !== current.weekStart), current].sort((a, b) => b.weekStart.localeCompare(a.weekStart));
}
