// The pilot report: a tab named after the handoff ("Pilot H-001") and an email to the summary
// recipients and the handoff's three owners, once, when its pilot week is over. Written again
// (the same figures) and retried by each run until its email has gone out.
import type { HandoffRecord } from '../core/handoffs';
import { judgePilot, type PilotReport, pilotEnds } from '../core/pilot';
import type { OutputRecord } from '../core/register';
import { waitText } from '../core/summaryLayout';
import { escapeHtml } from '../core/text';
import { AUDIT_HEADERS, AUDIT_SHEET } from '../core/vocabulary';
import { type Context, errorMessage } from './context';
import { readJson } from './longProps';
import { timeFormatter } from './register';
import { type Session, toCell } from './session';
import { loadSettings } from './settings';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const PILOT_REPORTS_KEY = 'pilotReports';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Cell = string | number;

/** Reports due now: pilots whose week is over and whose report has not gone out for this start. */
export function duePilots(ctx: Context, handoffs: readonly HandoffRecord[]): HandoffRecord[] {
  const done = readJson<Record<string, string>>(ctx.props, PILOT_REPORTS_KEY, {});
  return handoffs.filter((h) => {
    const ends = pilotEnds(h);
    return ends !== null && ends <= ctx.now && done[h.handoffId] !== h.pilotStarted;
  });
}

/** Writes each due report and emails it; returns a line for the run's status, '' when none. */
export function reportPilots(ctx: Context, session: Session, handoffs: readonly HandoffRecord[], allOutputs: () => readonly OutputRecord[]): string {
  const due = duePilots(ctx, handoffs);
  if (due.length === 0) return '';
  const outputs = allOutputs();
  const formatTime = timeFormatter(ctx);
  const log = session.readAll(AUDIT_SHEET, AUDIT_HEADERS);
  const col = (h: (typeof AUDIT_HEADERS)[number]) => (log.table.columns.get(h) ?? 0) - 1;
  const lines: string[] = [];
  for (const handoff of due) {
    const report = judgePilot(handoff, outputs);
    const changes = log.rows
      .filter((r) => {
        const when = r[col('When')];
        // After the moment it became a pilot: the changes that set the pilot up are not news.
        return String(r[col('Field')] ?? '').startsWith(`${handoff.handoffId} `) && when instanceof Date && when > report.from && when < report.to;
      })
      .map((r) => [
        formatTime(r[col('When')] as Date),
        String(r[col('Who')] ?? ''),
        String(r[col('Field')] ?? '').slice(handoff.handoffId.length + 1),
        String(r[col('Old value')] ?? ''),
        String(r[col('New value')] ?? ''),
      ]);
    const name = `Pilot ${handoff.handoffId}`;
    const sheet = writeReportTab(ctx, name, renderPilot(report, changes, formatTime));
    const sent = emailReport(ctx, handoff, report, sheet);
    lines.push(`Pilot report for ${handoff.handoffId}: ${report.recommendation}${sent}`);
  }
  return lines.join('. ');
}

function renderPilot(report: PilotReport, changes: readonly string[][], formatTime: (d: Date) => string): Cell[][] {
  const pct = (n: number | null) => (n === null ? '' : `${Math.round(n * 100)}%`);
  const rows: Cell[][] = [
    [`Pilot of ${report.handoffId} ${report.task}: ${formatTime(report.from)} to ${formatTime(report.to)}`],
    [],
    ['Recommendation', report.recommendation],
    ['Why', report.reason],
    ...(report.part === '' ? [] : [['Repair', report.part]]),
    [],
    ['Outputs logged', report.logged],
    ['Outputs moved through', report.moved],
    ['Needed rework', report.neededRework],
    ['Rework rate', pct(report.reworkRate)],
    ['Shipped', report.shipped],
    ['Minutes per shipped output', report.minutesPerShipped ?? ''],
    ['Baseline (min per output)', report.baselineMin ?? ''],
    ['Against baseline', pct(report.vsBaseline)],
    ['Median log to ship', waitText(report.medianLogToShipH)],
    [],
    ['Rework causes'],
    ...report.causes.map((c) => [c.cause, c.count]),
    [],
    ['Changes to the handoff during the pilot'],
    ...(changes.length === 0 ? [['None: the handoff stayed as documented.']] : [['When', 'Who', 'Field', 'Old value', 'New value'], ...changes]),
  ];
  const width = Math.max(...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => '')]);
}

function writeReportTab(ctx: Context, name: string, grid: Cell[][]): Sheet {
  const sheet = ctx.book.getSheetByName(name) ?? ctx.book.insertSheet(name);
  sheet.clear();
  const width = grid[0]?.length ?? 1;
  const range = sheet.getRange(1, 1, grid.length, width);
  range.setNumberFormat('@');
  range.setValues(grid.map((row) => row.map((v) => toCell(v, '@'))));
  sheet.getRange(1, 1).setFontWeight('bold');
  return sheet;
}

/** Sends the report and records it (one write); '' on success, else why it waits. */
function emailReport(ctx: Context, handoff: HandoffRecord, report: PilotReport, sheet: Sheet): string {
  const settings = loadSettings(ctx.props);
  const to = [
    ...new Set([
      ...(settings.summaryRecipients.length > 0 ? settings.summaryRecipients : [ctx.owner]),
      handoff.inputOwner,
      handoff.reviewOwner,
      handoff.nextStepOwner,
    ]),
  ].filter((e) => EMAIL.test(e));
  const record = () =>
    ctx.props.set({
      [PILOT_REPORTS_KEY]: JSON.stringify({ ...readJson<Record<string, string>>(ctx.props, PILOT_REPORTS_KEY, {}), [handoff.handoffId]: handoff.pilotStarted }),
    });
  if (to.length === 0) {
    record();
    return ' (nobody to email it to)';
  }
  if (ctx.mail.remaining() < to.length) return ' (its email waits for the mail quota)';
  const link = `${ctx.book.getUrl()}#gid=${sheet.getSheetId()}`;
  const lines = [
    `Recommendation: ${report.recommendation}. ${report.reason}`,
    `Moved through: ${report.moved}; needed rework: ${report.neededRework}; shipped: ${report.shipped}.`,
    ...(report.minutesPerShipped === null
      ? []
      : [`Minutes per shipped output: ${report.minutesPerShipped}${report.baselineMin === null ? '' : ` (baseline ${report.baselineMin})`}.`]),
  ];
  try {
    ctx.mail.send({
      to: to.join(','),
      subject: `[Handoff Register] Pilot report: ${handoff.handoffId} ${handoff.task}`,
      body: [...lines, '', `The whole report: ${link}`].join('\n'),
      htmlBody: `<p><b>${escapeHtml(lines[0] ?? '')}</b></p><ul>${lines
        .slice(1)
        .map((l) => `<li>${escapeHtml(l)}</li>`)
        .join('')}</ul><p><a href="${escapeHtml(link)}">Open the pilot report</a></p>`,
    });
  } catch (error) {
    return ` (its email failed: ${errorMessage(error)}; the next run tries again)`;
  }
  record();
  return `, emailed to ${to.join(', ')}`;
}
