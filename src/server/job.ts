import type { HandoffRecord } from '../core/handoffs';
import { type AuditEntry, HOURLY_ACTOR, type OutputRecord, resealed } from '../core/register';
import { decodeCounts, encodeCounts, findStalled, findWaitingItems, itemKey, planReminders, pruneCounts } from '../core/stall';
import type { CellWrite, Table } from '../core/table';
import { plural } from '../core/text';
import { ARCHIVE_SHEET, REGISTER_OWNED_HEADERS, REGISTER_SHEET, type RegisterHeader, SUMMARY_SHEET } from '../core/vocabulary';
import { instantOf, localParts, weekContaining } from '../core/zone';
import { archiveOldRows, readArchive } from './archive';
import { type Context, errorMessage, HOUR_MS, MINUTE_MS } from './context';
import {
  HELD_BACK_KEY,
  JOB_KEY,
  type PendingEmail,
  readJob,
  readSent,
  readSummaryState,
  SENT_KEY,
  type SentDigest,
  type StoredJob,
  SUMMARY_KEY,
} from './jobstate';
import { readLong, writeLong } from './longProps';
import { deliver, sendingWindow } from './notices';
import { reportPilots } from './pilot';
import { planReconcile, sealKey } from './reconcile';
import { readHandoffs, readRegister, timeFormatter } from './register';
import { commit, locked, openSession, type Plan, type Session } from './session';
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

/** Who may turn the job off or take it over: the person who runs it, or the spreadsheet's owner. */
function mayManage(ctx: Context, job: StoredJob): boolean {
  const me = ctx.runAs.toLowerCase();
  const owner = ctx.owner;
  return me === (job.runBy ?? '').toLowerCase() || (owner !== '' && me === owner.toLowerCase());
}

function onlyWho(ctx: Context, job: StoredJob): string {
  const owner = ctx.owner;
  if (!owner || owner.toLowerCase() === (job.runBy ?? '').toLowerCase()) return `${job.runBy}, who runs it and owns the spreadsheet,`;
  return `${job.runBy} (who runs it) or the spreadsheet's owner (${owner})`;
}

export function turnOn(ctx: Context): string {
  return locked(ctx, 10_000, () => {
    const job = readJob(ctx.props);
    const user = ctx.runAs;
    const session = openSession(ctx);
    const mine = ctx.triggers.countMine() > 0;
    if (mine && job.runBy === user) return 'Reminders and the Friday summary are already on, run by you.';
    if (job.runBy && job.runBy !== user && !mayManage(ctx, job)) {
      return `Reminders and the Friday summary are already on for this document: ${job.runBy} runs them, for everyone. Only ${onlyWho(ctx, job)} can hand them over; nothing was added.`;
    }
    // Taking over: the former runner's trigger finds it is no longer the runner and removes itself.
    if (!mine) ctx.triggers.createHourly();
    try {
      commit(session, {
        audit: [jobAudit(ctx, job.runBy ? `on, run by ${job.runBy}` : 'off', `on, run by ${user}`)],
        props: { [JOB_KEY]: JSON.stringify({ ...job, runBy: user, disabled: false, onSince: ctx.now.toISOString() }) },
      });
    } catch (error) {
      if (!mine) ctx.triggers.deleteMine();
      throw error;
    }
    return job.runBy && job.runBy !== user
      ? `Taken over from ${job.runBy}: the hourly job now runs as you, and emails go out from your account.`
      : 'Turned on. Every hour the add-on repairs missed edits and tells owners what waits on them (one digest each, in sending hours); on Fridays it writes the summary. Emails go out from your account.';
  });
}

export function turnOff(ctx: Context): string {
  return locked(ctx, 10_000, () => {
    const job = readJob(ctx.props);
    const session = openSession(ctx);
    const mine = ctx.triggers.countMine();
    if (!job.runBy && mine === 0) return 'Reminders were not on.';
    if (job.runBy && !mayManage(ctx, job)) {
      return `Not turned off: only ${onlyWho(ctx, job)} can turn off the hourly job.`;
    }
    commit(session, {
      audit: [jobAudit(ctx, `on, run by ${job.runBy || ctx.runAs}`, job.runBy && job.runBy !== ctx.runAs ? `off (asked by ${ctx.runAs})` : 'off')],
      props: { [JOB_KEY]: JSON.stringify({ ...job, runBy: '', disabled: false }) },
    });
    // Deleted after the record: a failure before leaves the job on and saying so. Another
    // person's trigger sees it is no longer the runner at its next run and removes itself.
    if (mine > 0) ctx.triggers.deleteMine();
    return job.runBy && job.runBy !== ctx.runAs
      ? `Turned off. The hourly job belonged to ${job.runBy}; its trigger removes itself at its next run.`
      : 'Turned off: no more reminders or Friday summaries.';
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
    // A trigger whose owner no longer runs the job (turned off, or taken over) removes itself.
    if ((job.runBy ?? '').toLowerCase() !== ctx.runAs.toLowerCase()) {
      ctx.triggers.deleteMine();
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

/**
 * "Generate Friday summary now": the tab, no email. With a History row selected on the Friday
 * Summary tab it writes that past week as it stood when the week ended; otherwise this week so far.
 */
export function summaryNow(ctx: Context): string {
  return locked(ctx, 30_000, () => {
    const session = openSession(ctx);
    const handoffs = readHandoffs(session);
    const { outputs } = readRegister(session);
    const past = selectedPastWeek(ctx);
    const { summary, sheet } = writeSummary(session, handoffs, [...outputs, ...archivedOutputs(session)], past ?? ctx.now);
    sheet.activate();
    return past === null ? summary.sentence : `Week of ${summary.week.startDate}: ${summary.sentence}`;
  });
}

/**
 * The last moment of the week whose History row is selected on the Friday Summary tab, or null.
 * A menu item acts on the selection, as the Review panel does, so no dialog is needed; only a
 * finished week counts (the current one is what the menu writes anyway).
 */
function selectedPastWeek(ctx: Context): Date | null {
  const sheet = ctx.book.getActiveSheet();
  if (sheet.getName() !== SUMMARY_SHEET) return null;
  const row = ctx.book.getActiveRange()?.getRow() ?? 0;
  if (row < 2) return null;
  const label = sheet.getRange(row, 1).getDisplayValue();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) return null;
  const [year, month, day] = label.split('-').map(Number) as [number, number, number];
  const zone = spreadsheetZone(ctx);
  const week = weekContaining(zone, new Date(instantOf(zone, year, month, day).getTime() + 12 * HOUR_MS));
  return week.startDate === label && week.end <= ctx.now ? new Date(week.end.getTime() - 1) : null;
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
  // With the Archive, for the summary and the pilots; read and parsed once, and only if one is due.
  let all: OutputRecord[] | undefined;
  const allOutputs = (): OutputRecord[] => (all ??= [...outputs, ...archivedOutputs(session)]);

  // 3. The Friday summary: its tab now, its email with the reminders. Friday's is a preview of
  // a week that runs to Monday 00:00; the first run after the week ends finishes its History row
  // with the figures at the week's end, the same a rebuild of History gives.
  const summaryState = readSummaryState(ctx.props);
  let pendingSummary: PendingEmail | null = summaryState.pending ?? null;
  const thisWeek = weekContaining(zone, ctx.now);
  const week = thisWeek.startDate;
  const lastWeek = weekContaining(zone, new Date(thisWeek.start.getTime() - 1));
  if (!options.onDemand && summaryState.week === lastWeek.startDate && summaryState.finished !== lastWeek.startDate) {
    writeSummary(session, handoffs, allOutputs(), new Date(lastWeek.end.getTime() - 1));
    commit(session, { props: { [SUMMARY_KEY]: JSON.stringify({ ...readSummaryState(ctx.props), finished: lastWeek.startDate }) } });
    lines.push(`Week of ${lastWeek.startDate} finished in History`);
  }
  const summaryDue = !options.onDemand && (local.isoWeekday > 5 || (local.isoWeekday === 5 && local.hour >= settings.summaryHour));
  const written = summaryDue && summaryState.week !== week;
  if (written) {
    const { summary, sheet, previous } = writeSummary(session, handoffs, allOutputs(), ctx.now);
    pendingSummary = summaryEmail(ctx, summary, sheet, previous);
    commit(session, { props: { [SUMMARY_KEY]: JSON.stringify({ ...readSummaryState(ctx.props), week, pending: pendingSummary }) } });
  }

  // The one-week pilot, judged once its week is over.
  if (!options.onDemand) {
    // The Archive is read only when a report is due, not every hour.
    const pilots = reportPilots(ctx, session, handoffs, allOutputs);
    if (pilots !== '') lines.push(pilots);
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
  // Escalation counts reminders about stalled work, not the notice that work arrived.
  for (const digest of sent) for (const key of digest.reminded ?? digest.items) counts[key] = (counts[key] ?? 0) + 1;
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
      [HELD_BACK_KEY]: JSON.stringify(
        mail.heldBack.length > 20 ? [...mail.heldBack.slice(0, 20), `and ${mail.heldBack.length - 20} more owners`] : mail.heldBack,
      ),
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

function remind(
  ctx: Context,
  session: Session,
  handoffs: readonly HandoffRecord[],
  outputs: readonly OutputRecord[],
  options: Work,
  deadline: number,
): MailOutcome {
  const settings = loadSettings(ctx.props);
  const reported = new Set(readJsonList(ctx, REPORTED_KEY));
  const none = (summary: string): MailOutcome => ({ summary, sent: [], heldBack: [], audit: [], reported: [...reported] });
  if (!settings.remindersOn) return none('Reminders are off in Settings: none sent');
  const window = sendingWindow(ctx, settings);
  if (!options.onDemand && !window.open) return none(`Outside sending hours (${window.text}): nothing sent`);

  const waiting = findWaitingItems(handoffs, outputs, ctx.now, settings.whoMayDecide);
  const counts = decodeCounts(readLong(ctx.props, COUNTS_KEY));
  const plan = planReminders(waiting, counts, ctx.now, settings.reminderIntervalH, settings.tellOwners);
  const audit: AuditEntry[] = [];
  for (const item of plan.unreachable) {
    const key = `${itemKey(item)}:${item.owner}`;
    if (reported.has(key)) continue;
    reported.add(key);
    audit.push({
      when: ctx.now,
      who: HOURLY_ACTOR,
      outputId: item.outputId,
      field: 'Reminder',
      oldValue: '',
      newValue: `not sent: owner "${item.owner}" is not an email address`,
      source: 'hourly check',
    });
  }
  const delivery = deliver(ctx, session, plan, settings, deadline);
  const { sent, held, failed } = delivery;
  const parts = [
    sent.length === 0 && held.length === 0 && failed.length === 0
      ? 'No reminders due'
      : `Sent ${plural(sent.length, 'reminder')} (${plural(delivery.items, 'item')})`,
  ];
  if (held.length > 0) parts.push(`${held.length} held back`);
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.join('; ')})`);
  if (plan.unreachable.length > 0) parts.push(`${plural(plan.unreachable.length, 'item')} with an owner who cannot be emailed`);
  return { summary: parts.join('; '), sent, heldBack: held, audit: [...audit, ...delivery.audit], reported: [...reported].slice(-100) };
}

function readJsonList(ctx: Context, key: string): string[] {
  try {
    const list: unknown = JSON.parse(ctx.props.get(key) ?? '[]');
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
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
