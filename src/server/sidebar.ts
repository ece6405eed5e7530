// The functions the sidebar calls through google.script.run. Each checks its form with the same
// schema the sidebar used (never trusting the client) and returns the form's problems as data.
// Then, under the document lock: read what it needs once, let core/ decide, commit once.

import type { HandoffRecord } from '../core/handoffs';
import { handoffFormOf, renderHandoff } from '../core/handoffs';
import { issueIds } from '../core/ids';
import type { FieldError } from '../core/model';
import { checkNewOutput, checkReview, newOutputCells, planReview } from '../core/outputs';
import { type AuditEntry, EDITOR_UNKNOWN, type OutputRecord, parseOutput, resealed, tintOfStatus, withCells } from '../core/register';
import { statusOf } from '../core/rules';
import { contentHash } from '../core/seal';
import { findWaitingItems, planReminders } from '../core/stall';
import { rowCells } from '../core/table';
import { cellToText } from '../core/text';
import { HANDOFF_HEADERS, HANDOFFS_SHEET, type OutputStatus, REGISTER_HEADERS, REGISTER_SHEET } from '../core/vocabulary';
import { computeWaiting, queueFor, rejectedAwaitingRevision, reviewTarget, statusReader } from '../core/waiting';
import {
  FIELD_LABELS,
  handoffFormSchema,
  outputFormSchema,
  parseForm,
  reviewFormSchema,
  type Settings,
  settingsFormSchema,
  shipFormSchema,
} from '../shared/forms';
import type { ReviewTarget, Saved, SidebarState } from '../shared/rpc';
import type { Context } from './context';
import { heldBackReminders, jobStatus, readJob, summaryPending } from './jobstate';
import { deliver, sendingWindow } from './notices';
import { sealKey } from './reconcile';
import { findOutput, HANDOFF_COUNTER, OUTPUT_COUNTER, readHandoffs, readRegister, registerHeader, requireColumns, timeFormatter } from './register';
import { commit, locked, openSession, type Session } from './session';
import { loadSettings, SETTINGS_KEY } from './settings';
import { repairTabs, tabsMissing } from './setup';
import { planTints } from './tints';

/** A save that tells someone at once spends at most this long sending. */
const NOTICE_BUDGET_MS = 20_000;
/** Sidebar saves wait this long for someone else's save (or the hourly job) to finish. */
const SAVE_LOCK_WAIT_MS = 30_000;
/** The sidebar lists at most this many items a list, with the total beside it. */
export const LIST_LIMIT = 50;

const rejected = (errors: readonly FieldError[]) => ({ ok: false as const, errors });

function counter(ctx: Context, key: string): number {
  const n = Number(ctx.props.get(key) ?? '0');
  return Number.isFinite(n) ? n : 0;
}

/** A save's session: the tabs repaired first if one is missing (set up audits that on its own). */
function saveSession(ctx: Context): Session {
  const session = openSession(ctx);
  if (!tabsMissing(session)) return session;
  repairTabs(ctx);
  return openSession(ctx);
}

export function saveHandoff(ctx: Context, form: unknown): Saved<{ handoffId: string }> {
  const parsed = parseForm(handoffFormSchema, form);
  if (!parsed.ok) return parsed;
  const handoff = parsed.value;
  return locked(ctx, SAVE_LOCK_WAIT_MS, () => {
    const session = saveSession(ctx);
    const data = session.readAll(HANDOFFS_SHEET, HANDOFF_HEADERS);
    requireColumns(HANDOFFS_SHEET, data.table);
    const handoffs = readHandoffs(session);
    const who = ctx.user || EDITOR_UNKNOWN;
    const formatTime = timeFormatter(ctx);
    const audit: AuditEntry[] = [];
    const props: Record<string, string> = {};
    let handoffId: string;
    let row: number;
    if (handoff.handoffId !== undefined) {
      const existing = handoffs.find((h) => h.handoffId === handoff.handoffId);
      if (!existing) return rejected([{ field: 'handoffId', message: `Handoff ID: ${handoff.handoffId} does not exist` }]);
      handoffId = existing.handoffId;
      row = existing.row;
      const before = renderHandoff(handoffFormOf(existing), ctx.now, false);
      const after = renderHandoff({ ...handoff, handoffId }, ctx.now, false);
      for (const header of HANDOFF_HEADERS) {
        if (header === 'Updated') continue;
        const oldText = cellToText(before[header] ?? '', formatTime);
        const newText = cellToText(after[header] ?? '', formatTime);
        if (oldText !== newText)
          audit.push({ when: ctx.now, who, outputId: '', field: `${handoffId} ${header}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
      }
    } else {
      const issued = issueIds(
        'H',
        1,
        counter(ctx, HANDOFF_COUNTER),
        handoffs.map((h) => h.handoffId),
      );
      handoffId = issued.ids[0] as string;
      row = data.lastRow + 1;
      props[HANDOFF_COUNTER] = String(issued.counter);
      audit.push({ when: ctx.now, who, outputId: '', field: `${handoffId} Task`, oldValue: '', newValue: handoff.task, source: 'sidebar' });
    }
    // A pilot's week starts when the handoff becomes a Pilot (new, or switched back to Pilot).
    const previous = handoffs.find((h) => h.handoffId === handoffId);
    const pilotStarts = handoff.status === 'Pilot' && previous?.status !== 'Pilot';
    if (pilotStarts)
      audit.push({
        when: ctx.now,
        who,
        outputId: '',
        field: `${handoffId} Pilot started`,
        oldValue: previous?.pilotStarted ? formatTime(new Date(previous.pilotStarted)) : '',
        newValue: formatTime(ctx.now),
        source: 'sidebar',
      });
    const cells = rowCells(data.table, row, {
      ...renderHandoff({ ...handoff, handoffId }, ctx.now, handoff.handoffId === undefined),
      ...(pilotStarts ? { 'Pilot started': ctx.now } : {}),
    });
    commit(session, { writes: [{ tab: HANDOFFS_SHEET, cells }], audit, props });
    return { ok: true as const, handoffId };
  });
}

export function logOutput(ctx: Context, form: unknown): Saved<{ outputId: string }> {
  const parsed = parseForm(outputFormSchema, form);
  if (!parsed.ok) return parsed;
  const entry = parsed.value;
  return locked(ctx, SAVE_LOCK_WAIT_MS, () => {
    const session = saveSession(ctx);
    const handoffs = readHandoffs(session);
    const { table, lastRow } = registerHeader(session);
    const ids = session.readColumn(REGISTER_SHEET, REGISTER_HEADERS, 'Output ID');
    const previous = entry.revisionOf === '' ? undefined : findOutput(session, entry.revisionOf);
    const existingRevision =
      previous === undefined
        ? undefined
        : session.readColumn(REGISTER_SHEET, REGISTER_HEADERS, 'Revision of').findIndex((id) => typeof id === 'string' && id.trim() === previous.outputId);
    const plan = checkNewOutput(entry, handoffs, {
      previous,
      existingRevision: existingRevision === undefined || existingRevision < 0 ? undefined : String(ids[existingRevision] ?? ''),
    });
    if (!plan.ok) return rejected(plan.errors);
    const issued = issueIds('O', 1, counter(ctx, OUTPUT_COUNTER), ids);
    const outputId = issued.ids[0] as string;
    const who = ctx.user || EDITOR_UNKNOWN;
    const fresh = newOutputCells(entry, plan.handoff, outputId, plan.version, ctx.now);
    const { key } = sealKey(ctx);
    const cells = rowCells(table, lastRow + 1, { ...fresh, Seal: resealed(table, withCells(table, [], fresh), key) });
    const audit: AuditEntry[] = [
      {
        when: ctx.now,
        who,
        outputId,
        field: 'Logged',
        oldValue: '',
        newValue: `${entry.output} (${plan.handoff.handoffId}, version ${plan.version})`,
        source: 'sidebar',
      },
    ];
    if (plan.previous) {
      const previousRow = session.readRows(REGISTER_SHEET, REGISTER_HEADERS, plan.previous.row, plan.previous.row)[0] ?? [];
      const revisedCells = { Status: 'Revised' as const };
      cells.push(...rowCells(table, plan.previous.row, { ...revisedCells, Seal: resealed(table, withCells(table, previousRow, revisedCells), key) }));
      audit.push({
        when: ctx.now,
        who,
        outputId: plan.previous.outputId,
        field: 'Status',
        oldValue: plan.previous.status,
        newValue: 'Revised',
        source: 'sidebar',
      });
    }
    commit(session, { writes: [{ tab: REGISTER_SHEET, cells }], audit, props: { [OUTPUT_COUNTER]: String(issued.counter) } });
    tellAtOnce(ctx, session, handoffs, parseOutput(table, withCells(table, [], { ...fresh }), lastRow + 1));
    return { ok: true as const, outputId };
  });
}

export function reviewOutput(ctx: Context, form: unknown): Saved<{ outputId: string; status: OutputStatus }> {
  const parsed = parseForm(reviewFormSchema, form);
  if (!parsed.ok) return parsed;
  const review = parsed.value;
  return locked(ctx, SAVE_LOCK_WAIT_MS, () => {
    const session = saveSession(ctx);
    const handoffs = readHandoffs(session);
    const { table } = registerHeader(session);
    const output = findOutput(session, review.outputId);
    const handoff = output ? handoffs.find((h) => h.handoffId === output.handoffId) : undefined;
    const policy = loadSettings(ctx.props).whoMayDecide;
    const errors = checkReview(review, output, handoff, { reviewer: ctx.user, policy });
    if (errors.length > 0 || !output) return rejected(errors);
    const revised = new Set<string>();
    const revisions = session.readColumn(REGISTER_SHEET, REGISTER_HEADERS, 'Revision of');
    if (revisions.some((id) => typeof id === 'string' && id.trim() === output.outputId)) revised.add(output.outputId);
    const formatTime = timeFormatter(ctx);
    const plan = planReview(review, output, handoff, {
      now: ctx.now,
      reviewer: ctx.user,
      who: ctx.user || EDITOR_UNKNOWN,
      revised,
      policy,
      formatTime,
      noteStamp: formatTime(ctx.now),
    });
    const row = session.readRows(REGISTER_SHEET, REGISTER_HEADERS, output.row, output.row)[0] ?? [];
    const { key } = sealKey(ctx);
    const seal = resealed(table, withCells(table, row, plan.cells), key, contentHash(output.output, output.link));
    const tints = planTints(ctx.props, [{ outputId: output.outputId, row: output.row, tint: tintOfStatus(plan.status) }], false);
    commit(session, {
      writes: [{ tab: REGISTER_SHEET, cells: rowCells(table, output.row, { ...plan.cells, Seal: seal }) }],
      tints: [{ tab: REGISTER_SHEET, rows: tints.rows }],
      audit: plan.audit,
      props: tints.props,
    });
    tellAtOnce(ctx, session, handoffs, parseOutput(table, withCells(table, row, { ...plan.cells, Seal: seal }), output.row));
    return { ok: true as const, outputId: output.outputId, status: plan.status };
  });
}

/**
 * In "At once", a save that lands work on someone tells them straight away, in sending hours,
 * from the saver's account; outside them, or if the send fails, the next digest tells them. The
 * save itself is already committed and stands either way.
 */
function tellAtOnce(ctx: Context, session: Session, handoffs: readonly HandoffRecord[], output: OutputRecord): void {
  const settings = loadSettings(ctx.props);
  if (settings.tellOwners !== 'At once' || !settings.remindersOn || !sendingWindow(ctx, settings).open) return;
  const fresh = findWaitingItems(handoffs, [output], ctx.now, settings.whoMayDecide).filter((item) => item.isNew);
  const plan = planReminders(fresh, {}, ctx.now, settings.reminderIntervalH, settings.tellOwners);
  try {
    deliver(ctx, session, plan, settings, ctx.clock() + NOTICE_BUDGET_MS);
  } catch {
    // Recorded or not, the hourly job's next digest covers what this did not.
  }
}

/**
 * "Mark shipped": the next step is done. Only an approved, complete and unchanged output can
 * ship this way; anything else is refused here (the grid keeps such a tick and flags it).
 */
export function markShipped(ctx: Context, form: unknown): Saved<{ outputId: string; status: OutputStatus }> {
  const parsed = parseForm(shipFormSchema, form);
  if (!parsed.ok) return parsed;
  const { outputId, destination } = parsed.value;
  return locked(ctx, SAVE_LOCK_WAIT_MS, () => {
    const session = saveSession(ctx);
    const handoffs = readHandoffs(session);
    const { table } = registerHeader(session);
    const output = findOutput(session, outputId);
    if (!output) return rejected([{ field: 'outputId', message: `Output ID: ${outputId} does not exist` }]);
    const handoff = handoffs.find((h) => h.handoffId === output.handoffId);
    const policy = loadSettings(ctx.props).whoMayDecide;
    const status = statusOf(output, new Set(), { handoff, policy });
    if (output.shipped) return rejected([{ field: 'outputId', message: `Output ID: ${outputId} is already shipped` }]);
    if (status !== 'Awaiting next step') {
      return rejected([{ field: 'outputId', message: `Output ID: ${outputId} is ${status}; only an approved output can be marked shipped` }]);
    }
    const who = ctx.user || EDITOR_UNKNOWN;
    const formatTime = timeFormatter(ctx);
    const cells = { Shipped: true, 'Shipped at': ctx.now, Destination: destination, Status: 'Shipped' as const };
    const row = session.readRows(REGISTER_SHEET, REGISTER_HEADERS, output.row, output.row)[0] ?? [];
    const { key } = sealKey(ctx);
    const audit: AuditEntry[] = [
      { when: ctx.now, who, outputId, field: 'Shipped', oldValue: 'FALSE', newValue: 'TRUE', source: 'sidebar' },
      { when: ctx.now, who, outputId, field: 'Shipped at', oldValue: '', newValue: formatTime(ctx.now), source: 'sidebar' },
      { when: ctx.now, who, outputId, field: 'Destination', oldValue: output.destination, newValue: destination, source: 'sidebar' },
      { when: ctx.now, who, outputId, field: 'Status', oldValue: output.status, newValue: 'Shipped', source: 'sidebar' },
      { when: ctx.now, who, outputId, field: 'Shipped version', oldValue: '', newValue: `"${output.output}" ${output.link}`.trim(), source: 'sidebar' },
    ];
    commit(session, {
      writes: [{ tab: REGISTER_SHEET, cells: rowCells(table, output.row, { ...cells, Seal: resealed(table, withCells(table, row, cells), key) }) }],
      audit,
    });
    return { ok: true as const, outputId, status: 'Shipped' as const };
  });
}

export function saveSettings(ctx: Context, form: unknown): Saved<{ settings: Settings }> {
  const parsed = parseForm(settingsFormSchema, form);
  if (!parsed.ok) return parsed;
  const settings = parsed.value;
  const errors = settingsProblems(ctx, settings);
  if (errors.length > 0) return rejected(errors);
  return locked(ctx, SAVE_LOCK_WAIT_MS, () => {
    const session = saveSession(ctx);
    const before = loadSettings(ctx.props);
    const who = ctx.user || EDITOR_UNKNOWN;
    const audit: AuditEntry[] = [];
    for (const key of Object.keys(settings) as (keyof Settings)[]) {
      const oldText = JSON.stringify(before[key]);
      const newText = JSON.stringify(settings[key]);
      if (oldText !== newText)
        audit.push({ when: ctx.now, who, outputId: '', field: `Setting ${key}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
    }
    commit(session, { audit, props: { [SETTINGS_KEY]: JSON.stringify(settings) } });
    return { ok: true as const, settings };
  });
}

/** MailApp sends one message to at most 50 recipients, and the summary goes out as one message. */
const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Where mail goes and when: only the person who runs the hourly job, or the spreadsheet's owner, may change these. */
const MAIL_SETTINGS = ['escalationEmail', 'summaryRecipients', 'quietDays', 'sendFrom', 'sendUntil'] as const;

function settingsProblems(ctx: Context, settings: Settings): FieldError[] {
  const before = loadSettings(ctx.props);
  const changed = MAIL_SETTINGS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(settings[key]));
  if (changed.length > 0) {
    const runBy = readJob(ctx.props).runBy ?? '';
    const owner = ctx.owner;
    const allowed = [runBy, owner].filter((e) => e !== '').map((e) => e.toLowerCase());
    if (!allowed.includes(ctx.user.toLowerCase())) {
      const who =
        runBy && runBy.toLowerCase() !== owner.toLowerCase()
          ? `${runBy} (who runs the hourly job) or ${owner || "the spreadsheet's owner"} (its owner)`
          : `${owner || "the spreadsheet's owner"} (its owner${runBy ? ', who runs the hourly job' : ''})`;
      return changed.map((field) => ({ field, message: `${FIELD_LABELS[field]}: only ${who} can change where and when mail goes` }));
    }
  }
  if (settings.sendUntil <= settings.sendFrom) {
    return [{ field: 'sendUntil', message: `Send until (hour): must be later than Send from (hour) (${settings.sendFrom})` }];
  }
  const count = settings.summaryRecipients.length;
  if (count > MAX_RECIPIENTS_PER_MESSAGE) {
    return [{ field: 'summaryRecipients', message: `Summary recipients: ${count} addresses, but one email reaches at most ${MAX_RECIPIENTS_PER_MESSAGE}` }];
  }
  const quota = ctx.mail.remaining();
  if (count > quota) {
    return [{ field: 'summaryRecipients', message: `Summary recipients: ${count} addresses, but this account can email only ${quota} more recipients today` }];
  }
  return [];
}

export function getSidebarState(ctx: Context): SidebarState {
  const settings = loadSettings(ctx.props);
  const base = { user: ctx.user, timeZone: ctx.zone, settings, job: jobStatus(ctx.props, ctx.now), summaryPending: summaryPending(ctx.props) };
  const noQueue = {
    toReview: [],
    toFinish: [],
    toShip: [],
    toRevise: [],
    sentBack: [],
    totals: { toReview: 0, toFinish: 0, toShip: 0, toRevise: 0, sentBack: 0 },
  };
  const empty = { handoffs: [], selection: null, queue: noQueue, awaitingReview: [], awaitingReviewTotal: 0, rejected: [], rejectedTotal: 0 };
  const session = openSession(ctx);
  if (tabsMissing(session)) {
    const waiting = {
      handoffs: [],
      needsDetails: [],
      needsDetailsTotal: 0,
      unapproved: [],
      changedAfterShipping: [],
      ownerProblems: [],
      ownerProblemsTotal: 0,
      heldBack: [],
    };
    return { ...base, setUp: false, ...empty, waiting };
  }
  const handoffs = readHandoffs(session);
  const { outputs } = readRegister(session);
  const status = statusReader(handoffs, outputs, settings.whoMayDecide);
  const target = (o: (typeof outputs)[number]): ReviewTarget => reviewTarget(o, handoffs, status);
  let selection: ReviewTarget | null = null;
  const active = ctx.book.getActiveRange();
  if (active !== null && active.getSheet().getName() === REGISTER_SHEET) {
    const row = active.getRow();
    const output = outputs.find((o) => o.row === row && o.outputId !== '');
    if (output) selection = target(output);
  }
  const waiting = computeWaiting(handoffs, outputs, ctx.now, settings.whoMayDecide);
  const awaiting = outputs.filter((o) => o.outputId !== '' && (o.decision === '' || status(o) === 'Needs details'));
  const rejectedList = rejectedAwaitingRevision(outputs);
  return {
    ...base,
    setUp: true,
    handoffs: handoffs.map(({ row: _row, ...view }) => view),
    selection,
    queue: queueFor(ctx.user, handoffs, outputs, ctx.now, settings.whoMayDecide, LIST_LIMIT),
    awaitingReview: awaiting.slice(0, LIST_LIMIT).map(target),
    awaitingReviewTotal: awaiting.length,
    rejected: rejectedList.slice(0, LIST_LIMIT),
    rejectedTotal: rejectedList.length,
    waiting: {
      handoffs: waiting.handoffs,
      needsDetails: waiting.needsDetails.slice(0, LIST_LIMIT),
      needsDetailsTotal: waiting.needsDetails.length,
      unapproved: waiting.unapproved.slice(0, LIST_LIMIT),
      changedAfterShipping: waiting.changedAfterShipping.slice(0, LIST_LIMIT),
      ownerProblems: waiting.ownerProblems.slice(0, LIST_LIMIT),
      ownerProblemsTotal: waiting.ownerProblems.length,
      heldBack: heldBackReminders(ctx.props),
    },
  };
}
