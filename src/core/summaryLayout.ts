// The Friday Summary tab as one grid of values and formats, so the server writes it in one call
// each. Labels are part of the user-visible contract: each in one cell, its value to the right.
import type { HistoryRow, WeekSummary } from './summary';

type Cell = string | number;
const WIDTH = 10;
const HOURS = '0.0';
const PERCENT = '0%';
const TEXT = '@';

export const HISTORY_TITLE = 'History';
export const HISTORY_HEADERS = ['Week start', 'Logged', 'Moved through', 'Needed rework', 'Rework rate', 'Shipped', 'Median review wait h'] as const;

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
  const h = (n: number | null) => [n, HOURS] as const;
  const pct = (n: number | null) => [n, PERCENT] as const;

  add([[summary.sentence]], true);
  blank();
  const figures: [string, readonly [Cell | null, string?]][] = [
    ['Week', [summary.week.label]],
    ['Outputs logged', [summary.logged]],
    ['Outputs moved through', [summary.moved]],
    ['Approved', [summary.approved]],
    ['Edited', [summary.edited]],
    ['Rejected', [summary.rejected]],
    ['Needed rework', [summary.neededRework]],
    ['Rework rate', pct(summary.reworkRate)],
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
  add(['Stage', 'Completed this week', 'Median wait (h)', 'Longest wait (h)', 'Waiting now', 'Oldest waiting (h)'].map((t) => [t] as const), true);
  for (const s of summary.stages) add([[s.stage], [s.completed], h(s.medianH), h(s.longestH), [s.waitingNow], h(s.oldestH)]);
  blank();
  add([['Per handoff']], true);
  add(['Handoff ID', 'Task', 'Logged', 'Moved through', 'Approved', 'Edited', 'Rejected', 'Rework rate', 'Median review wait (h)', 'Shipped'].map((t) => [t] as const), true);
  for (const p of summary.perHandoff) add([[p.handoffId], [p.task], [p.logged], [p.moved], [p.approved], [p.edited], [p.rejected], pct(p.reworkRate), h(p.medianReviewH), [p.shipped]]);
  blank();
  add([['Rework causes']], true);
  for (const c of summary.causes) add([[c.cause], [c.count]]);
  blank();
  add([['Owners with the most stalled items']], true);
  add(['Owner', 'Stalled items', 'Oldest wait (h)'].map((t) => [t] as const), true);
  if (summary.stalledOwners.length === 0) add([['Nobody is stalled right now.']]);
  for (const o of summary.stalledOwners) add([[o.owner], [o.items], h(o.oldestH)]);
  blank();
  add([[HISTORY_TITLE]], true);
  add(HISTORY_HEADERS.map((t) => [t] as const), true);
  const historyRow = values.length + 1;
  for (const r of history) add([[r.weekStart], [r.logged], [r.moved], [r.neededRework], pct(r.reworkRate), [r.shipped], h(r.medianReviewH)]);
  if (summary.notes.length > 0) {
    blank();
    add([['Notes']], true);
    for (const note of summary.notes) add([[note]]);
  }
  return { values, formats, bold, history: { row: historyRow, count: history.length } };
}

/** The history rows already on the tab, found below its "History" title. */
export function parseHistory(values: readonly (readonly unknown[])[]): HistoryRow[] {
  const title = values.findIndex((row) => row[0] === HISTORY_TITLE);
  if (title < 0) return [];
  const rows: HistoryRow[] = [];
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const opt = (v: unknown) => (typeof v === 'number' ? v : null);
  for (const row of values.slice(title + 2)) {
    const start = row[0] instanceof Date ? '' : String(row[0] ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) break;
    rows.push({ weekStart: start, logged: num(row[1]), moved: num(row[2]), neededRework: num(row[3]), reworkRate: opt(row[4]), shipped: num(row[5]), medianReviewH: opt(row[6]) });
  }
  return rows;
}

/** This week's row replaces any earlier one for the same week; newest first. */
export function mergeHistory(existing: readonly HistoryRow[], current: HistoryRow): HistoryRow[] {
  return [...existing.filter((r) => r.weekStart !== current.weekStart), current].sort((a, b) => b.weekStart.localeCompare(a.weekStart));
}
