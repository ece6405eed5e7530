// Writes the Friday Summary tab: one read of the Handoffs and the Register, one write of the
// figures (values, formats, weights), and the chart of the history.
import { type HistoryRow, type WeekSummary, summarizeWeek, weeksSince } from '../core/summary';
import { HISTORY_HEADERS, mergeHistory, parseHistory, renderSummary } from '../core/summaryLayout';
import { escapeHtml } from '../core/text';
import { SUMMARY_SHEET } from '../core/vocabulary';
import { withDocumentLock } from './lock';
import { readWorkbook } from './register';
import { loadSettings } from './settings';
import { toCell } from './sheets';
import { spreadsheetZone } from './zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function writeSummary(ss: Spreadsheet, now: Date): { summary: WeekSummary; sheet: GoogleAppsScript.Spreadsheet.Sheet } {
  const book = readWorkbook(ss);
  const zone = spreadsheetZone(ss);
  const summary = summarizeWeek(book.handoffs, book.outputs, now, zone);
  return withDocumentLock(30_000, () => {
    let sheet = ss.getSheetByName(SUMMARY_SHEET);
    let history: HistoryRow[];
    if (sheet === null) {
      // A new or deleted tab: rebuild every week's history from the Register.
      sheet = ss.insertSheet(SUMMARY_SHEET);
      history = weeksSince(book.outputs, now, zone).map((at) => summarizeWeek(book.handoffs, book.outputs, at, zone).history);
    } else {
      history = parseHistory(sheet.getDataRange().getValues());
    }
    history = mergeHistory(history, summary.history);
    const grid = renderSummary(summary, history);
    const width = grid.values[0]?.length ?? 1;
    sheet.clear();
    const range = sheet.getRange(1, 1, grid.values.length, width);
    range.setNumberFormats(grid.formats);
    range.setValues(grid.values.map((row) => row.map(toCell)));
    range.setFontWeights(grid.bold.map((b) => Array.from({ length: width }, () => (b ? 'bold' : 'normal'))));
    for (const chart of sheet.getCharts()) sheet.removeChart(chart);
    const rows = Math.max(grid.history.count, 1);
    const header = grid.history.row - 1;
    sheet.insertChart(
      sheet
        .newChart()
        .setChartType(Charts.ChartType.COLUMN)
        .addRange(sheet.getRange(header, 1, rows + 1, 1))
        .addRange(sheet.getRange(header, 3, rows + 1, 2))
        .setNumHeaders(1)
        .setOption('title', 'Moved through and needed rework, per week')
        .setPosition(1, HISTORY_HEADERS.length + 5, 0, 0)
        .build(),
    );
    return { summary, sheet };
  });
}

export function emailSummary(ss: Spreadsheet, summary: WeekSummary, sheet: GoogleAppsScript.Spreadsheet.Sheet): string {
  const settings = loadSettings(PropertiesService.getDocumentProperties());
  const recipients = settings.summaryRecipients.length > 0 ? settings.summaryRecipients : [ss.getOwner()?.getEmail() ?? ''].filter((e) => e !== '');
  if (recipients.length === 0) return 'Friday summary written; nobody to email it to.';
  if (MailApp.getRemainingDailyQuota() < recipients.length) return 'Friday summary written; its email waits for the mail quota.';
  const link = `${ss.getUrl()}#gid=${sheet.getSheetId()}`;
  const rate = summary.reworkRate === null ? '' : ` (${Math.round(summary.reworkRate * 100)}%)`;
  const lines = [
    `Moved through: ${summary.moved}`,
    `Needed rework: ${summary.neededRework}${rate}`,
    `Slowest stage: ${summary.slowest}`,
  ];
  MailApp.sendEmail({
    to: recipients.join(','),
    subject: `[Handoff Register] Friday summary, ${summary.week.label}`,
    body: [`${summary.sentence}`, '', ...lines, '', `The whole summary: ${link}`].join('\n'),
    htmlBody: `<p><b>${escapeHtml(summary.sentence)}</b></p><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul><p><a href="${escapeHtml(link)}">Open the Friday Summary</a></p>`,
    name: 'Handoff Register',
  });
  return `Friday summary written and emailed to ${recipients.join(', ')}.`;
}
