// The functions the sidebar calls through google.script.run. Each checks its form with the same
// schema the sidebar used (never trusting the client) and returns the form's problems as data.
// Then, under the document lock: read what it needs once, let core/ decide, commit once.
import { handoffFormOf, renderHandoff } from '../core/handoffs';
import { issueIds } from '../core/ids';
import type { FieldError } from '../core/model';
import { checkNewOutput, checkReview, newOutputCells, planReview } from '../core/outputs';
import { type AuditEntry, EDITOR_UNKNOWN, parseOutput, tintOf } from '../core/register';
import { rowCells } from '../core/table';
import { cellToText } from '../core/text';
import { DEFAULT_REVIEW_CAP_MIN, HANDOFF_HEADERS, HANDOFFS_SHEET, type OutputStatus, REGISTER_HEADERS, REGISTER_SHEET } from '../core/vocabulary';
import { computeWaiting, rejectedAwaitingRevision, revisedSet, reviewTarget } from '../core/waiting';
import { handoffFormSchema, outputFormSchema, parseForm, reviewFormSchema, type Settings, settingsFormSchema } from '../shared/forms';
import type { ReviewTarget, Saved, SidebarState } from '../shared/rpc';
import type { Context } from './context';
import { heldBackReminders, jobStatus, summaryPending } from './jobstate';
import { HANDOFF_COUNTER, OUTPUT_COUNTER, findOutput, readHandoffs, readRegister, registerHeader, requireColumns, timeFormatter } from './register';
import { commit, locked, openSession, type Session } from './session';
import { SETTINGS_KEY, loadSettings } from './settings';
import { repairTabs, tabsMissing } from './setup';
import { TABS } from './tabs';
import { planTints } from './tints';

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
  if (!TABS.some((tab) => session.sheet(tab.name) === null)) return session;
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
        if (oldText !== newText) audit.push({ when: ctx.now, who, outputId: '', field: `${handoffId} ${header}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
      }
    } else {
      const issued = issueIds('H', 1, counter(ctx, HANDOFF_COUNTER), handoffs.map((h) => h.handoffId));
      handoffId = issued.ids[0] as string;
      row = data.lastRow + 1;
      props[HANDOFF_COUNTER] = String(issued.counter);
      audit.push({ when: ctx.now, who, outputId: '', field: `${handoffId} Task`, oldValue: '', newValue: handoff.task, source: 'sidebar' });
    }
    const cells = rowCells(data.table, row, renderHandoff({ ...handoff, handoffId }, ctx.now, handoff.handoffId === undefined));
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
    const cells = rowCells(table, lastRow + 1, newOutputCells(entry, plan.handoff, outputId, plan.version, ctx.now));
    const audit: AuditEntry[] = [
      { when: ctx.now, who, outputId, field: 'Logged', oldValue: '', newValue: `${entry.output} (${plan.handoff.handoffId}, version ${plan.version})`, source: 'sidebar' },
    ];
    if (plan.previous) {
      cells.push(...rowCells(table, plan.previous.row, { Status: 'Revised' }));
      audit.push({ when: ctx.now, who, outputId: plan.previous.outputId, field: 'Status', oldValue: plan.previous.status, newValue: 'Revised', source: 'sidebar' });
    }
    commit(session, { writes: [{ tab: REGISTER_SHEET, cells }], audit, props: { [OUTPUT_COUNTER]: String(issued.counter) } });
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
    const errors = checkReview(review, output, handoff);
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
      formatTime,
      noteStamp: formatTime(ctx.now),
    });
    const after = parseOutput(table, applyCells(table, session.readRows(REGISTER_SHEET, REGISTER_HEADERS, output.row, output.row)[0] ?? [], plan.cells), output.row);
    const tints = planTints(ctx.props, [{ outputId: output.outputId, row: output.row, tint: tintOf(after, handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN) }], false);
    commit(session, {
      writes: [{ tab: REGISTER_SHEET, cells: rowCells(table, output.row, plan.cells) }],
      tints: [{ tab: REGISTER_SHEET, rows: tints.rows }],
      audit: plan.audit,
      props: tints.props,
    });
    return { ok: true as const, outputId: output.outputId, status: plan.status };
  });
}

/** A row's cells with some of them replaced, as they will read after the commit. */
function applyCells(table: { columns: ReadonlyMap<string, number> }, row: readonly unknown[], cells: Readonly<Record<string, unknown>>): unknown[] {
  const next = [...row];
  for (const [header, value] of Object.entries(cells)) {
    const column = table.columns.get(header);
    if (column !== undefined) next[column - 1] = value;
  }
  return next;
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
      if (oldText !== newText) audit.push({ when: ctx.now, who, outputId: '', field: `Setting ${key}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
    }
    commit(session, { audit, props: { [SETTINGS_KEY]: JSON.stringify(settings) } });
    return { ok: true as const, settings };
  });
}

/** MailApp sends one message to at most 50 recipients, and the summary goes out as one message. */
const MAX_RECIPIENTS_PER_MESSAGE = 50;

function settingsProblems(ctx: Context, settings: Settings): FieldError[] {
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
  const base = { user: ctx.user, timeZone: ctx.zone, settings, job: jobStatus(ctx.props), summaryPending: summaryPending(ctx.props) };
  const empty = { handoffs: [], selection: null, awaitingReview: [], awaitingReviewTotal: 0, rejected: [], rejectedTotal: 0 };
  if (tabsMissing(ctx.book)) {
    return { ...base, setUp: false, ...empty, waiting: { handoffs: [], needsCause: [], needsCauseTotal: 0, ownerProblems: [], ownerProblemsTotal: 0, heldBack: [] } };
  }
  const session = openSession(ctx);
  const handoffs = readHandoffs(session);
  const { outputs } = readRegister(session);
  const revised = revisedSet(outputs);
  const target = (o: (typeof outputs)[number]): ReviewTarget => reviewTarget(o, handoffs, revised);
  let selection: ReviewTarget | null = null;
  const active = ctx.book.getActiveRange();
  if (active !== null && active.getSheet().getName() === REGISTER_SHEET) {
    const row = active.getRow();
    const output = outputs.find((o) => o.row === row && o.outputId !== '');
    if (output) selection = target(output);
  }
  const waiting = computeWaiting(handoffs, outputs, ctx.now);
  const awaiting = outputs.filter((o) => o.outputId !== '' && o.decision === '');
  const rejectedList = rejectedAwaitingRevision(outputs);
  return {
    ...base,
    setUp: true,
    handoffs: handoffs.map(({ row: _row, ...view }) => view),
    selection,
    awaitingReview: awaiting.slice(0, LIST_LIMIT).map(target),
    awaitingReviewTotal: awaiting.length,
    rejected: rejectedList.slice(0, LIST_LIMIT),
    rejectedTotal: rejectedList.length,
    waiting: {
      handoffs: waiting.handoffs,
      needsCause: waiting.needsCause.slice(0, LIST_LIMIT),
      needsCauseTotal: waiting.needsCause.length,
      ownerProblems: waiting.ownerProblems.slice(0, LIST_LIMIT),
      ownerProblemsTotal: waiting.ownerProblems.length,
      heldBack: heldBackReminders(ctx.props),
    },
  };
}
