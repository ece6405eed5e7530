// The one hourly job. An editor add-on may hold one time-driven trigger per user per document,
// at most hourly, so this handler does all timed work in order: repair what onEdit missed,
// remind stalled owners, and (issue 5) write the Friday summary. Triggers belong to users, so a
// document-level guard makes each hour's work happen once however many triggers fire.
import { renderDigest } from '../core/emails';
import { issueIds } from '../core/ids';
import { type AuditEntry, HOURLY_ACTOR, countMissingIds, reconcileRows, revisedIds } from '../core/register';
import { decodeCounts, encodeCounts, findStalled, itemKey, planReminders, pruneCounts } from '../core/stall';
import { WEEKDAY_NAMES, localParts } from '../core/zone';
import { OUTPUT_COUNTER } from './api';
import { appendAudit, auditNow } from './audit';
import { applyHighlights } from './highlight';
import { withDocumentLock } from './lock';
import { formatTimeIn, readWorkbook, tab } from './register';
import { HELD_BACK_KEY, type StoredJob, readJob, readJson, readLongProperty, writeJob, writeLongProperty } from './jobstate';
import { loadSettings } from './settings';
import { readHeader, writeCells } from './sheets';
import { type CellWrite, columnOf } from '../core/table';
import { spreadsheetZone } from './zone';
import { emailSummary, writeSummary } from './summary';
import { weekContaining } from '../core/zone';
import { REGISTER_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';

export const HANDLER = 'runHourlyJob';
const HOUR_MS = 3_600_000;
/** Apps Script stops a run at 6 minutes; stopping at 4½ leaves room to save where we are. */
const BUDGET_MS = 270_000;
const COUNTS_KEY = 'reminderCounts';
const REPORTED_KEY = 'reportedOwnerProblems';
const TITLE = 'Handoff Register';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Props = GoogleAppsScript.Properties.Properties;

function me(): string {
  return Session.getEffectiveUser().getEmail();
}

function myTriggers(ss: Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getUserTriggers(ss).filter((t) => t.getHandlerFunction() === HANDLER);
}

function tell(message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(TITLE, message, ui.ButtonSet.OK);
}

function auditJob(ss: Spreadsheet, field: string, oldValue: string, newValue: string, who: string): void {
  appendAudit(ss, [{ when: auditNow(), who, outputId: '', field, oldValue, newValue, source: 'sidebar' }]);
}

export function turnOn(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const user = me();
  const message = withDocumentLock(10_000, () => {
    const props = PropertiesService.getDocumentProperties();
    const job = readJob(props);
    if (myTriggers(ss).length > 0) {
      writeJob(props, { ...job, runBy: user, disabled: false });
      return 'Reminders and the Friday summary are already on, run by you.';
    }
    if (job.runBy && job.runBy !== user && !job.disabled) {
      return `Reminders and the Friday summary are already on for this document: ${job.runBy} runs them, for everyone. Nothing was added.`;
    }
    ScriptApp.newTrigger(HANDLER).timeBased().everyHours(1).create();
    writeJob(props, { ...job, runBy: user, disabled: false });
    auditJob(ss, 'Hourly job', job.runBy ? `off (was ${job.runBy})` : 'off', `on, run by ${user}`, user);
    return 'Turned on. Every hour the add-on repairs missed edits and reminds stalled owners (one digest each); on Fridays it writes the summary. Emails go out from your account.';
  });
  tell(message);
}

export function turnOff(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const user = me();
  const message = withDocumentLock(10_000, () => {
    const props = PropertiesService.getDocumentProperties();
    const job = readJob(props);
    const mine = myTriggers(ss);
    for (const trigger of mine) ScriptApp.deleteTrigger(trigger);
    if (mine.length > 0 || job.runBy === user || !job.runBy) {
      writeJob(props, { ...job, runBy: '', disabled: false, unfinished: false });
      if (mine.length > 0 || job.runBy) auditJob(ss, 'Hourly job', `on, run by ${job.runBy || user}`, 'off', user);
      return mine.length > 0 || job.runBy ? 'Turned off: no more reminders or Friday summaries.' : 'Reminders were not on.';
    }
    // A trigger belongs to its creator; only their own run can delete it. Their next run sees this and removes itself.
    writeJob(props, { ...job, disabled: true });
    auditJob(ss, 'Hourly job', `on, run by ${job.runBy}`, `off (asked by ${user})`, user);
    return `Turned off. The hourly job belongs to ${job.runBy}; it stops now and removes its trigger at its next run.`;
  });
  tell(message);
}

export function sendNow(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const result = remind(ss, { onDemand: true, deadline: Date.now() + BUDGET_MS });
  tell(result.summary);
}

/** The trigger's handler. */
export function runHourly(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const deadline = Date.now() + BUDGET_MS;
  const props = PropertiesService.getDocumentProperties();
  const lock = LockService.getDocumentLock();
  // Users are saving: this hour's work waits for the next run rather than blocking them.
  if (!lock.tryLock(30_000)) return;
  let job: StoredJob;
  let repaired = 0;
  try {
    job = readJob(props);
    if (job.disabled) {
      for (const trigger of myTriggers(ss)) ScriptApp.deleteTrigger(trigger);
      writeJob(props, { ...job, runBy: '', disabled: false, unfinished: false });
      return;
    }
    const hour = Math.floor(Date.now() / HOUR_MS);
    if (job.lastHour === hour && !job.unfinished) return;
    job = { ...job, lastHour: hour, unfinished: true };
    writeJob(props, job);
    repaired = repair(ss);
  } finally {
    lock.releaseLock();
  }
  const reminders = remind(ss, { onDemand: false, deadline });
  let summary = '';
  try {
    summary = Date.now() < deadline ? scheduledSummary(ss) : '';
  } catch (error) {
    // Reported on the job's status and retried next hour; the repairs and reminders stand.
    summary = `The Friday summary failed: ${typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error)}`;
  }
  withDocumentLock(30_000, () => {
    const latest = readJob(props);
    writeJob(props, {
      ...latest,
      unfinished: reminders.unfinished,
      lastRunAt: new Date().toISOString(),
      lastResult: `${repaired === 0 ? 'Nothing to repair' : `Repaired ${repaired} row${repaired === 1 ? '' : 's'}`}. ${reminders.summary}${summary ? ` ${summary}` : ''}`,
    });
  });
}

const SUMMARY_WEEK_KEY = 'summaryWeek';

/** The first run at or after Friday at the summary hour, once a week (spreadsheet's time zone). */
function scheduledSummary(ss: Spreadsheet): string {
  const props = PropertiesService.getDocumentProperties();
  const now = new Date();
  const zone = spreadsheetZone(ss);
  const local = localParts(zone, now);
  const hour = loadSettings(props).summaryHour;
  const due = local.isoWeekday > 5 || (local.isoWeekday === 5 && local.hour >= hour);
  const week = weekContaining(zone, now).startDate;
  if (!due || props.getProperty(SUMMARY_WEEK_KEY) === week) return '';
  const { summary, sheet } = writeSummary(ss, now);
  props.setProperty(SUMMARY_WEEK_KEY, week);
  return emailSummary(ss, summary, sheet);
}

export function summaryNow(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { summary, sheet } = writeSummary(ss, new Date());
  sheet.activate();
  ss.toast(summary.sentence, 'Friday Summary written (no email)');
}

/** Brings every Register row in line, as onEdit would have; returns how many rows changed. */
function repair(ss: Spreadsheet): number {
  const book = readWorkbook(ss);
  const { table, rows, sheet } = book.registerSheet;
  const props = PropertiesService.getDocumentProperties();
  const missing = countMissingIds(table, rows);
  const idColumn = table.columns.get('Output ID') as number;
  const issued = missing > 0 ? issueIds('O', missing, Number(props.getProperty(OUTPUT_COUNTER) ?? '0') || 0, rows.map((r) => r[idColumn - 1])) : null;
  const revisionColumn = table.columns.get('Revision of') as number;
  const result = reconcileRows({
    table,
    rows,
    firstRow: 2,
    handoffs: book.handoffs,
    revised: revisedIds(rows.map((r) => r[revisionColumn - 1])),
    now: auditNow(),
    editor: '',
    source: 'hourly check',
    newIds: issued?.ids ?? [],
    formatTime: formatTimeIn(ss),
  });
  if (issued && result.idsUsed > 0) props.setProperty(OUTPUT_COUNTER, String(issued.counter));
  writeCells(sheet, result.writes);
  applyHighlights(sheet, table.width, result.highlight);
  appendAudit(ss, result.audit);
  return new Set(result.writes.map((w) => w.row)).size;
}

interface ReminderResult {
  readonly summary: string;
  readonly unfinished: boolean;
}

function remind(ss: Spreadsheet, options: { onDemand: boolean; deadline: number }): ReminderResult {
  const props = PropertiesService.getDocumentProperties();
  const settings = loadSettings(props);
  if (!settings.remindersOn) return { summary: 'Reminders are off in Settings: none sent.', unfinished: false };
  const now = new Date();
  const weekday = WEEKDAY_NAMES[localParts(spreadsheetZone(ss), now).isoWeekday - 1] ?? 'Mon';
  if (!options.onDemand && settings.quietDays.includes(weekday)) return { summary: `${weekday} is a quiet day: no reminders.`, unfinished: false };

  const book = readWorkbook(ss);
  const stalled = findStalled(book.handoffs, book.outputs, now);
  const counts = decodeCounts(readLongProperty(props, COUNTS_KEY));
  const plan = planReminders(stalled, counts, now, settings.reminderIntervalH);
  const formatTime = formatTimeIn(ss);
  const audit: AuditEntry[] = [];
  const reported = new Set(readJson<string[]>(props, REPORTED_KEY, []));
  for (const item of plan.unreachable) {
    const key = `${itemKey(item)}:${item.owner}`;
    if (reported.has(key)) continue;
    reported.add(key);
    audit.push({ when: auditNow(), who: HOURLY_ACTOR, outputId: item.outputId, field: 'Reminder', oldValue: '', newValue: `not sent: owner "${item.owner}" is not an email address`, source: 'hourly check' });
  }
  props.setProperty(REPORTED_KEY, JSON.stringify([...reported].slice(-100)));

  const escalation = settings.escalationEmail || ss.getOwner()?.getEmail() || '';
  const register = tab(ss, REGISTER_SHEET);
  const url = `${ss.getUrl()}#gid=${register.getSheetId()}`;
  let quota = MailApp.getRemainingDailyQuota();
  const held: string[] = [];
  const failed: string[] = [];
  let sent = 0;
  let items = 0;
  let unfinished = false;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  plan.digests.forEach((digest, i) => {
    if (unfinished) return;
    if (Date.now() > options.deadline) {
      unfinished = true;
      for (const rest of plan.digests.slice(i)) held.push(`${rest.owner}: ${plural(rest.items.length, 'item')}, held back for the next run (time limit)`);
      return;
    }
    const cc = digest.escalated.length > 0 && escalation !== '' && escalation.toLowerCase() !== digest.owner.toLowerCase() ? escalation : '';
    const cost = cc ? 2 : 1;
    if (quota < cost) {
      held.push(`${digest.owner}: ${plural(digest.items.length, 'item')}, held back by the daily mail quota`);
      return;
    }
    const email = renderDigest(digest, { spreadsheetName: ss.getName(), rowLink: (row) => `${url}&range=${row}:${row}` });
    try {
      MailApp.sendEmail({ to: digest.owner, ...(cc ? { cc } : {}), subject: email.subject, body: email.body, htmlBody: email.htmlBody, name: TITLE });
    } catch (error) {
      // The rows stay unstamped, so the next run tries this owner again.
      const message = typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : String(error);
      failed.push(`${digest.owner}: ${message}`);
      audit.push({ when: auditNow(), who: HOURLY_ACTOR, outputId: '', field: 'Reminder', oldValue: '', newValue: `failed for ${digest.owner}: ${message}`, source: 'hourly check' });
      return;
    }
    quota -= cost;
    sent++;
    items += digest.items.length;
    // Stamped straight after the send, so a run that dies later never mails this owner twice.
    stamp(ss, digest.items.map((item) => item.outputId), formatTime, cc);
    for (const item of digest.items) counts[itemKey(item)] = (counts[itemKey(item)] ?? 0) + 1;
    writeLongProperty(props, COUNTS_KEY, encodeCounts(counts));
  });
  writeLongProperty(props, COUNTS_KEY, encodeCounts(pruneCounts(counts, stalled)));
  // The sidebar lists the first few; the Audit log keeps every line.
  props.setProperty(HELD_BACK_KEY, JSON.stringify(held.length > 20 ? [...held.slice(0, 20), `and ${held.length - 20} more owners`] : held));
  for (const line of held) audit.push({ when: auditNow(), who: HOURLY_ACTOR, outputId: '', field: 'Reminder', oldValue: '', newValue: line, source: 'hourly check' });
  if (audit.length > 0) withDocumentLock(30_000, () => appendAudit(ss, audit));
  const parts = [sent === 0 && held.length === 0 && failed.length === 0 ? 'No reminders due' : `Sent ${plural(sent, 'reminder')} (${plural(items, 'item')})`];
  if (held.length > 0) parts.push(`${held.length} held back`);
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.join('; ')})`);
  if (plan.unreachable.length > 0) parts.push(`${plural(plan.unreachable.length, 'item')} with an owner who cannot be emailed`);
  return { summary: `${parts.join('; ')}.`, unfinished };
}

/** Writes Last reminder on the rows (found by Output ID, so a sort during the run does no harm). */
function stamp(ss: Spreadsheet, outputIds: readonly string[], formatTime: (d: Date) => string, cc: string): void {
  withDocumentLock(60_000, () => {
    const sheet = tab(ss, REGISTER_SHEET);
    const table = readHeader(sheet, REGISTER_HEADERS);
    const rowCount = Math.max(sheet.getLastRow() - 1, 1);
    const column = (header: RegisterHeader) => sheet.getRange(2, columnOf(table, header), rowCount, 1).getValues().map((r) => r[0]);
    const ids = column('Output ID');
    const previous = column('Last reminder');
    const now = auditNow();
    const wanted = new Set(outputIds);
    const writes: CellWrite[] = [];
    const audit: AuditEntry[] = [];
    ids.forEach((id, i) => {
      if (typeof id !== 'string' || !wanted.has(id)) return;
      writes.push({ row: i + 2, column: columnOf(table, 'Last reminder'), value: now });
      const old = previous[i];
      audit.push({
        when: now,
        who: HOURLY_ACTOR,
        outputId: id,
        field: 'Last reminder',
        oldValue: old instanceof Date ? formatTime(old) : '',
        newValue: `${formatTime(now)}${cc ? ` (escalation copied to ${cc})` : ''}`,
        source: 'hourly check',
      });
    });
    writeCells(sheet, writes);
    appendAudit(ss, audit);
  });
}
