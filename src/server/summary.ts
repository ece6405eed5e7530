// The Friday Summary tab: figures from one read of the Handoffs and the Register (and the
// Archive), written with one call each for values, formats and weights, and the history chart.
// The old grid is read first, so a failure part-way puts it back and the tab is never half new.
import type { HandoffRecord } from '../core/handoffs';
import type { OutputRecord } from '../core/register';
import { type HistoryRow, summarizeWeek, type WeekSummary, weeksSince } from '../core/summary';
import { HISTORY_HEADERS, mergeHistory, parseHistory, renderSummary } from '../core/summaryLayout';
import { escapeHtml } from '../core/text';
import { SUMMARY_SHEET } from '../core/vocabulary';
import type { Context } from './context';
import type { PendingEmail } from './jobstate';
import { type Session, toCell } from './session';
import { loadSettings } from './settings';
import { spreadsheetZone } from './zone';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function writeSummary(
  session: Session,
  handoffs: readonly HandoffRecord[],
  outputs: readonly OutputRecord[],
  now: Date,
): { summary: WeekSummary; sheet: Sheet; previous: HistoryRow | undefined } {
  const { ctx } = session;
  const zone = spreadsheetZone(ctx);
  const summary = summarizeWeek(handoffs, outputs, now, zone);
  let sheet = session.sheet(SUMMARY_SHEET);
  let history: HistoryRow[];
  let restore: (() => void) | null = null;
  if (sheet === null) {
    // A new or deleted tab: rebuild every week's history from the register.
    sheet = ctx.book.insertSheet(SUMMARY_SHEET);
    const created = sheet;
    restore = () => ctx.book.deleteSheet(created);
    history = weeksSince(outputs, now, zone).map((at) => summarizeWeek(handoffs, outputs, at, zone).history);
  } else {
    const old = sheet.getDataRange();
    const values = old.getValues();
    const formats = old.getNumberFormats();
    const weights = old.getFontWeights();
    const target = sheet;
    restore = () => {
      target.clear();
      target
        .getRange(1, 1, values.length, values[0]?.length ?? 1)
        .setNumberFormats(formats)
        .setValues(values.map((r, i) => r.map((v, j) => toCell(v, formats[i]?.[j]))))
        .setFontWeights(weights);
    };
    history = parseHistory(values);
  }
  const merged = mergeHistory(history, summary.history);
  const grid = renderSummary(summary, merged);
  const width = grid.values[0]?.length ?? 1;
  const oldCharts = sheet.getCharts();
  let added: GoogleAppsScript.Spreadsheet.EmbeddedChart | null = null;
  try {
    sheet.clear();
    const range = sheet.getRange(1, 1, grid.values.length, width);
    range.setNumberFormats(grid.formats);
    // Each value as its cell's format takes it: text into '@' cells as itself.
    range.setValues(grid.values.map((row, i) => row.map((v, j) => toCell(v, grid.formats[i]?.[j]))));
    range.setFontWeights(grid.bold.map((b) => Array.from({ length: width }, () => (b ? 'bold' : 'normal'))));
    const rows = Math.max(grid.history.count, 1);
    const header = grid.history.row - 1;
    added = sheet
      .newChart()
      .setChartType(ctx.app.columnChart)
      .addRange(sheet.getRange(header, 1, rows + 1, 1))
      .addRange(sheet.getRange(header, 3, rows + 1, 3))
      .setNumHeaders(1)
      .setOption('title', 'Moved through, needed rework and rework rate, per week')
      // The rate is a share, the others counts: it gets the right-hand axis.
      .setOption('series', { 2: { targetAxisIndex: 1, type: 'line' } })
      .setPosition(1, HISTORY_HEADERS.length + 5, 0, 0)
      .build();
    sheet.insertChart(added);
    for (const chart of oldCharts) sheet.removeChart(chart);
  } catch (error) {
    try {
      if (added !== null && sheet.getCharts().length > oldCharts.length) sheet.removeChart(added);
      restore();
    } catch {
      // Putting it back failed too: the next summary rebuilds the tab.
    }
    throw error;
  }
  return { summary, sheet, previous: merged.find((r) => r.weekStart < summary.week.startDate) };
}

/** The Friday email, rendered now and kept until it has gone out. */
export function summaryEmail(ctx: Context, summary: WeekSummary, sheet: Sheet, previous: HistoryRow | undefined): PendingEmail | null {
  const settings = loadSettings(ctx.props);
  const recipients = settings.summaryRecipients.length > 0 ? settings.summaryRecipients : [ctx.owner].filter((e) => e !== '');
  if (recipients.length === 0) return null;
  const link = `${ctx.book.getUrl()}#gid=${sheet.getSheetId()}`;
  const rate = summary.reworkRate === null ? '' : ` (${Math.round(summary.reworkRate * 100)}%)`;
  // Each figure beside the week before's, so a change is seen, not remembered.
  const was = (n: number | null | undefined, pct = false) =>
    previous === undefined || n === undefined || n === null ? '' : ` (week before: ${pct ? `${Math.round(n * 100)}%` : n})`;
  const lines = [
    `Moved through: ${summary.moved}${was(previous?.moved)}`,
    `Needed rework: ${summary.neededRework}${rate}${was(previous?.neededRework)}`,
    `First-pass approval rate: ${summary.firstPassRate === null ? 'none decided' : `${Math.round(summary.firstPassRate * 100)}%`}${was(previous?.firstPassRate, true)}`,
    `Slowest stage: ${summary.slowest}`,
  ];
  return {
    to: recipients.join(','),
    subject: `[Handoff Register] Friday summary, ${summary.week.label}`,
    body: [`${summary.sentence}`, '', ...lines, '', `The whole summary: ${link}`].join('\n'),
    htmlBody: `<p><b>${escapeHtml(summary.sentence)}</b></p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul><p><a href="${escapeHtml(link)}">Open the Friday Summary</a></p>`,
  };
}
