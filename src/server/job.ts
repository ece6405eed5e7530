// The one hourly job. An editor add-on may hold one time-driven trigger per user per document,
// at most hourly, so this handler does all timed work in order: repair what onEdit missed, move
// old rows to the Archive, remind stalled owners, and write the Friday summary.
//
// Never twice: the hour is claimed under the document lock, and the whole run holds the lock, so
// a second trigger firing in the same hour finds the claim and stops; a claim whose run died is
// taken over after six minutes (Apps Script's limit). Each email is recorded by one property
// write straight after it is sent, so a run that fails later never sends it again; the stamps
// in the Register follow from that record in the run's one commit, or in the next run's.
import { renderDigest } from '../core/emails';
import { type AuditEntry, type OutputRecord, resealed } from '../core/register';
import { HOURLY_ACTOR } from '../core/register';
import { decodeCounts, encodeCounts, findStalled, itemKey, planReminders, pruneCounts } from '../core/stall';
import type { CellWrite, Table } from '../core/table';
import { WEEKDAY_NAMES, localParts, weekContaining } from '../core/zone';
import { ARCHIVE_SHEET, REGISTER_OWNED_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';
import { type Context, HOUR_MS, MINUTE_MS, errorMessage } from './context';
import { archiveOldRows, readArchive } from './archive';
import {
  HELD_BACK_KEY,
  JOB_KEY,
  type PendingEmail,
  SENT_KEY,
  SUMMARY_KEY,
  type SentDigest,
  type StoredJob,
  readJob,
  readSent,
  readSummaryState,
} from './jobstate';
import { readLong, writeLong } from './longProps';
import { planReconcile, sealKey } from './reconcile';
import { readHandoffs, readRegister, timeFormatter } from './register';
import { type Plan, type Session, commit, locked, openSession } from './session';
import { loadSettings } from './settings';
import { summaryEmail, writeSummary } from './summary';
import { planTints } from './tints';
import { spreadsheetZone } from './zone';

/** Apps Script stops a run at 6 minutes; stopping sends at 4 leaves two for the commit. */
const BUDGET_MS = 240_000;
/** A claim older than a run can live belongs to a run that died. */
const CLAIM_EXPIRES_MS = 6 * MINUTE_MS;
/** The hourly run waits this long for people's saves before leaving the hour to the next run. */
const JOB_LOCK_WAIT_MS = 60_000;
const COUNTS_KEY = 'reminderCounts';
const REPORTED_KEY = 'reportedOwnerProblems';
/** A transient failure of the one write that records a send is retried, so it is not sent twice. */
const RECORD_ATTEMPTS = 3;
const TITLE = 'Handoff Register';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function turnOn(ctx: Context): string {
  return locked(ctx, 10_000, () => {
    const job = readJob(ctx.props);
    const user = ctx.runAs;
    const session = openSession(ctx);
    if (ctx.triggers.countMine() > 0) {
      commit(session, { props: { [JOB_KEY]: JSON.stringify({ ...job, runBy: user, disabled: false }) } });
      return 'Reminders and the Friday summary are already on, run by you.';
    }
    if (job.runBy && job.runBy !== user && !job.disabled) {
      return `Reminders and the Friday summary are already on for this document: ${job.runBy} runs them, for everyone. Nothing was added.`;
    }
    ctx.triggers.createHourly();
    try {
      commit(session, {
        audit: [jobAudit(ctx, job.runBy ? `off (was ${job.runBy})` : 'off', `on, run by ${user}`)],
        props: { [JOB_KEY]: JSON.stringify({ ...job, runBy: user, disabled: false }) },
      });
    } catch (error) {
      ctx.triggers.deleteMine();
      throw error;
    }
    return 'Turned on. Every hour the add-on repairs missed edits and reminds stalled owners (one digest each); on Fridays it writes the summary. Emails go out from your account.';
  });
}

export function turnOff(ctx: Context): string {
  return locked(ctx, 10_000, () => {
    const job = readJob(ctx.props);
    const user = ctx.runAs;
    const session = openSession(ctx);
    const mine = ctx.triggers.countMine();
    if (mine > 0 || job.runBy === user || !job.runBy) {
      const wasOn = mine > 0 || Boolean(job.runBy);
      commit(session, {
        audit: wasOn ? [jobAudit(ctx, `on, run by ${job.runBy || user}`, 'off')] : [],
        props: { [JOB_KEY]: JSON.stringify({ ...job, runBy: '', disabled: false }) },
      });
      // Deleted after the record: a failure before leaves the job on and saying so.
      if (mine > 0) ctx.triggers.deleteMine();
      return wasOn ? 'Turned off: no more reminders or Friday summaries.' : 'Reminders were not on.';
    }
    // A trigger belongs to its creator; only their own run can delete it. Their next run sees this and removes itself.
    commit(session, { audit: [jobAudit(ctx, `on, run by ${job.runBy}`, `off (asked by ${user})`)], props: { [JOB_KEY]: JSON.stringify({ ...job, disabled: true }) } });
    return `Turned off. The hourly job belongs to ${job.runBy}; it stops now and removes its trigger at its next run.`;
  });
}

function jobAudit(ctx: Context, oldValue: string, newValue: string): AuditEntry {
  return { when: ctx.now, who: ctx.runAs || ctx.user, outputId: '', field: 'Hourly job', oldValue, newValue, source: 'sidebar' };
}

/** The trigger's handler. */
export function runHourly(ctx: Context): void {
  if (!ctx.lock.tryLock(JOB_LOCK_WAIT_MS)) return;
  try {
    const job = readJob(ctx.props);
    if (job.disabled) {
      ctx.triggers.deleteMine();
      ctx.props.set({ [JOB_KEY]: JSON.stringify({ ...job, runBy: '', disabled: false }) });
      return;
    }
    const hour = Math.floor(ctx.now.getTime() / HOUR_MS);
    const claim = job.claim;
    if (claim && claim.hour === hour && (claim.done || ctx.now.getTime() - claim.at < CLAIM_EXPIRES_MS)) return;
    ctx.props.set({ [JOB_KEY]: JSON.stringify({ ...job, claim: { hour, at: ctx.now.getTime(), done: false } }) });
    try {
      work(ctx, { onDemand: false });
    } catch (error) {
      // Add-on triggers send no failure email: the sidebar shows this line instead.
      const lastResult = `The last run failed: ${errorMessage(error)}. The next run tries again.`;
      ctx.props.set({ [JOB_KEY]: JSON.stringify({ ...readJob(ctx.props), lastRunAt: ctx.now.toISOString(), lastResult }) });
      throw error;
    }
  } finally {
    ctx.lock.release();
  }
}

/** "Send reminders now": the same work on demand (quiet days ignored, the interval never). */
export function sendNow(ctx: Context): string {
  return locked(ctx, JOB_LOCK_WAIT_MS, () => work(ctx, { onDemand: true }));
}

/** "Generate Friday summary now": the tab, no email. */
export function summaryNow(ctx: Context): string {
  return locked(ctx, 30_000, () => {
    const session = openSession(ctx);
    const handoffs = readHandoffs(session);
    const { outputs } = readRegister(session);
    const { summary, sheet } = writeSummary(session, handoffs, [...outputs, ...archivedOutputs(session)], ctx.now);
    sheet.activate();
    return summary.sentence;
  });
}

function archivedOutputs(session: Session): OutputRecord[] {
  return session.sheet(ARCHIVE_SHEET) === null ? [] : readArchive(session);
}

interface Work {
  readonly onDemand: boolean;
}

/**
 * Everything the hour does, under the lock the caller holds. One read of each tab; the repairs,
 * stamps, counters and job status go out in one commit at the end; mail goes out before it,
 * each send recorded at once.
 */
function work(ctx: Context, options: Work): string {
  const deadline = ctx.now.getTime() + BUDGET_MS;
  const settings = loadSettings(ctx.props);
  const zone = spreadsheetZone(ctx);
  const local = localParts(zone, ctx.now);
  const formatTime = timeFormatter(ctx);
  const lines: string[] = [];

  const session = openSession(ctx);
  if (!options.onDemand) {
    const archived = archiveOldRows(session, settings);
    if (archived !== '') lines.push(archived);
  }
  const handoffs = readHandoffs(session);
  const { data, outputs: read } = readRegister(session);

  // 1. Repair what onEdit missed: the same rules, every row.
  const repair = planReconcile(session, ctx, handoffs, { table: data.table, rows: data.rows, firstRow: 2, everyRow: true }, { editor: '' });
  const tints = planTints(ctx.props, repair.tints, true);
  lines.push(repair.rowsChanged === 0 ? 'Nothing to repair' : `Repaired ${plural(repair.rowsChanged, 'row')}`);

  // 2. Sends recorded by a run that did not reach its commit count as reminders already.
  const sentBefore = readSent(ctx.props);
  const lastSent = new Map<string, Date>();
  for (const digest of sentBefore) for (const item of digest.items) lastSent.set(item.split(':')[0] as string, new Date(digest.at));
  const outputs = read.map((o) => {
    const sent = lastSent.get(o.outputId);
    return sent && (!o.lastReminder || o.lastReminder < sent) ? { ...o, lastReminder: sent } : o;
  });

  // 3. The Friday summary: its tab now, its email with the reminders.
  const summaryState = readSummaryState(ctx.props);
  let pendingSummary: PendingEmail | null = summaryState.pending ?? null;
  const week = weekContaining(zone, ctx.now).startDate;
  const summaryDue = !options.onDemand && (local.isoWeekday > 5 || (local.isoWeekday === 5 && local.hour >= settings.summaryHour));
  const written = summaryDue && summaryState.week !== week;
  if (written) {
    const { summary, sheet } = writeSummary(session, handoffs, [...outputs, ...archivedOutputs(session)], ctx.now);
    pendingSummary = summaryEmail(ctx, summary, sheet);
    commit(session, { props: { [SUMMARY_KEY]: JSON.stringify({ week, pending: pendingSummary }) } });
  }

  // 4. Reminders: one digest per owner, each recorded the moment it is sent.
  const mail = remind(ctx, session, handoffs, outputs, options, deadline);
  lines.push(mail.summary);
  if (pendingSummary !== null) lines.push(sendSummary(ctx, pendingSummary, written));
  else if (written) lines.push('Friday summary written; nobody to email it to');

  // 5. One commit: repairs, stamps for every recorded send, counters, status.
  const sent = [...sentBefore, ...mail.sent];
  const stamps = stampPlan(ctx, data.table, read, sent, formatTime, repair.cells, data.rows);
  const counts = decodeCounts(readLong(ctx.props, COUNTS_KEY));
  for (const digest of sent) for (const key of digest.items) counts[key] = (counts[key] ?? 0) + 1;
  const stalled = findStalled(handoffs, outputs, ctx.now, settings.whoMayDecide);
  const job = readJob(ctx.props);
  const result = `${lines.join('. ')}.`;
  const plan: Plan = {
    writes: [{ tab: REGISTER_SHEET, cells: [...repair.cells, ...stamps.cells], spanColumns: ownedColumns(data.table) }],
    tints: [{ tab: REGISTER_SHEET, rows: tints.rows }],
    audit: [...repair.audit, ...stamps.audit, ...mail.audit],
    props: {
      ...repair.props,
      ...tints.props,
      ...writeLong(ctx.props, COUNTS_KEY, encodeCounts(pruneCounts(counts, stalled))),
      ...writeLong(ctx.props, SENT_KEY, ''),
      [HELD_BACK_KEY]: JSON.stringify(mail.heldBack.length > 20 ? [...mail.heldBack.slice(0, 20), `and ${mail.heldBack.length - 20} more owners`] : mail.heldBack),
      [REPORTED_KEY]: JSON.stringify(mail.reported),
      [JOB_KEY]: JSON.stringify({
        ...job,
        ...(job.claim && !options.onDemand ? { claim: { ...job.claim, done: true } } : {}),
        lastRunAt: ctx.now.toISOString(),
        lastResult: result,
      } satisfies StoredJob),
    },
  };
  commit(session, plan);
  return result;
}

function ownedColumns(table: Table<RegisterHeader>): Set<number> {
  return new Set(REGISTER_OWNED_HEADERS.flatMap((h) => table.columns.get(h) ?? []));
}

interface MailOutcome {
  readonly summary: string;
  readonly sent: SentDigest[];
  readonly heldBack: string[];
  readonly audit: AuditEntry[];
  readonly reported: string[];
}

function remind(ctx: Context, session: Session, handoffs: Parameters<typeof findStalled>[0], outputs: readonly OutputRecord[], options: Work, deadline: number): MailOutcome {
  const settings = loadSettings(ctx.props);
  const reported = new Set(readJsonList(ctx, REPORTED_KEY));
  const none = (summary: string): MailOutcome => ({ summary, sent: [], heldBack: [], audit: [], reported: [...reported] });
  if (!settings.remindersOn) return none('Reminders are off in Settings: none sent');
  const weekday = WEEKDAY_NAMES[localParts(spreadsheetZone(ctx), ctx.now).isoWeekday - 1] ?? 'Mon';
  if (!options.onDemand && settings.quietDays.includes(weekday)) return none(`${weekday} is a quiet day: no reminders`);

  const stalled = findStalled(handoffs, outputs, ctx.now, settings.whoMayDecide);
  const counts = decodeCounts(readLong(ctx.props, COUNTS_KEY));
  const plan = planReminders(stalled, counts, ctx.now, settings.reminderIntervalH);
  const audit: AuditEntry[] = [];
  const note = (outputId: string, newValue: string) => audit.push({ when: ctx.now, who: HOURLY_ACTOR, outputId, field: 'Reminder', oldValue: '', newValue, source: 'hourly check' });
  for (const item of plan.unreachable) {
    const key = `${itemKey(item)}:${item.owner}`;
    if (reported.has(key)) continue;
    reported.add(key);
    note(item.outputId, `not sent: owner "${item.owner}" is not an email address`);
  }

  const escalation = settings.escalationEmail || ctx.book.getOwner()?.getEmail() || '';
  const register = session.sheet(REGISTER_SHEET);
  const url = `${ctx.book.getUrl()}#gid=${register?.getSheetId() ?? 0}`;
  let quota = plan.digests.length > 0 ? ctx.mail.remaining() : 0;
  const spreadsheetName = plan.digests.length > 0 ? ctx.book.getName() : '';
  const held: string[] = [];
  const failed: string[] = [];
  const sent: SentDigest[] = [];
  let items = 0;
  for (const [i, digest] of plan.digests.entries()) {
    if (ctx.clock() > deadline) {
      for (const rest of plan.digests.slice(i)) held.push(`${rest.owner}: ${plural(rest.items.length, 'item')}, held back for the next run (time limit)`);
      break;
    }
    const cc = digest.escalated.length > 0 && escalation !== '' && escalation.toLowerCase() !== digest.owner.toLowerCase() ? escalation : '';
    const cost = cc ? 2 : 1;
    if (quota < cost) {
      held.push(`${digest.owner}: ${plural(digest.items.length, 'item')}, held back by the daily mail quota`);
      continue;
    }
    const email = renderDigest(digest, { spreadsheetName, rowLink: (row) => `${url}&range=${row}:${row}` });
    try {
      ctx.mail.send({ to: digest.owner, ...(cc ? { cc } : {}), subject: email.subject, body: email.body, htmlBody: email.htmlBody });
    } catch (error) {
      // Not recorded, so the next run tries this owner again.
      failed.push(`${digest.owner}: ${errorMessage(error)}`);
      note('', `failed for ${digest.owner}: ${errorMessage(error)}`);
      continue;
    }
    quota -= cost;
    items += digest.items.length;
    const record: SentDigest = { at: ctx.now.toISOString(), owner: digest.owner, cc, items: digest.items.map(itemKey) };
    sent.push(record);
    recordSent(ctx, [...readSent(ctx.props), record]);
  }
  for (const line of held) note('', line);
  const parts = [sent.length === 0 && held.length === 0 && failed.length === 0 ? 'No reminders due' : `Sent ${plural(sent.length, 'reminder')} (${plural(items, 'item')})`];
  if (held.length > 0) parts.push(`${held.length} held back`);
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.join('; ')})`);
  if (plan.unreachable.length > 0) parts.push(`${plural(plan.unreachable.length, 'item')} with an owner who cannot be emailed`);
  return { summary: parts.join('; '), sent, heldBack: held, audit, reported: [...reported].slice(-100) };
}

function readJsonList(ctx: Context, key: string): string[] {
  try {
    const list: unknown = JSON.parse(ctx.props.get(key) ?? '[]');
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

/** The one property write after a send; retried, since failing it would mean sending again. */
function recordSent(ctx: Context, sent: readonly SentDigest[]): void {
  for (let attempt = 1; ; attempt++) {
    try {
      ctx.props.set(writeLong(ctx.props, SENT_KEY, JSON.stringify(sent)));
      return;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
}

/** Sends the week's pending summary email; `written` says the tab was written in this run. */
function sendSummary(ctx: Context, email: PendingEmail, written: boolean): string {
  const recipients = email.to.split(',').length;
  const lead = written ? 'Friday summary written' : 'The Friday summary email was still waiting';
  if (ctx.mail.remaining() < recipients) return `${lead}; its email waits for the mail quota`;
  try {
    ctx.mail.send(email);
  } catch (error) {
    return `${lead}; its email failed (${errorMessage(error)}) and goes out at the next run`;
  }
  const state = readSummaryState(ctx.props);
  for (let attempt = 1; ; attempt++) {
    try {
      ctx.props.set({ [SUMMARY_KEY]: JSON.stringify({ ...state, pending: null }) });
      break;
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
  return `${written ? 'Friday summary written and emailed' : 'Friday summary emailed'} to ${email.to.split(',').join(', ')}`;
}

/** Last reminder for every recorded send, and the stamped rows' seals (the commit writes each column as one span). */
function stampPlan(
  ctx: Context,
  table: Table<RegisterHeader>,
  outputs: readonly OutputRecord[],
  sent: readonly SentDigest[],
  formatTime: (d: Date) => string,
  repairs: readonly CellWrite[],
  rows: readonly (readonly unknown[])[],
): { cells: CellWrite[]; audit: AuditEntry[] } {
  const byId = new Map(outputs.map((o) => [o.outputId, o]));
  const stamped = new Map<number, { at: Date; output: OutputRecord; cc: string }>();
  for (const digest of sent) {
    for (const key of digest.items) {
      const output = byId.get(key.split(':')[0] as string);
      if (output) stamped.set(output.row, { at: new Date(digest.at), output, cc: digest.cc });
    }
  }
  const cells: CellWrite[] = [];
  const audit: AuditEntry[] = [];
  if (stamped.size === 0) return { cells, audit };
  const column = table.columns.get('Last reminder') as number;
  const sealColumn = table.columns.get('Seal');
  const { key } = sealKey(ctx);
  for (const [row, stamp] of stamped) {
    cells.push({ row, column, value: stamp.at });
    audit.push({
      when: ctx.now,
      who: HOURLY_ACTOR,
      outputId: stamp.output.outputId,
      field: 'Last reminder',
      oldValue: stamp.output.lastReminder ? formatTime(stamp.output.lastReminder) : '',
      newValue: `${formatTime(stamp.at)}${stamp.cc ? ` (escalation copied to ${stamp.cc})` : ''}`,
      source: 'hourly check',
    });
    if (sealColumn === undefined) continue;
    // The row as the commit leaves it: read, repaired, stamped; then sealed again.
    const after = [...(rows[row - 2] ?? [])];
    for (const w of repairs) if (w.row === row) after[w.column - 1] = w.value;
    after[column - 1] = stamp.at;
    cells.push({ row, column: sealColumn, value: resealed(table, after, key) });
  }
  return { cells, audit };
}
