// The functions the sidebar calls through google.script.run. Each validates its form with the
// same schema the sidebar used (never trusting the client), takes the document lock, reads the
// tabs once, lets core/ decide, and writes once.
import { handoffFormOf, renderHandoff } from '../core/handoffs';
import { issueIds } from '../core/ids';
import { checkNewOutput, checkReview, newOutputCells, planReview } from '../core/outputs';
import { type AuditEntry, EDITOR_UNKNOWN } from '../core/register';
import { cellToText } from '../core/text';
import { computeWaiting, rejectedAwaitingRevision, revisedSet, reviewTarget } from '../core/waiting';
import { HANDOFF_HEADERS, type OutputStatus, REGISTER_SHEET } from '../core/vocabulary';
import {
  type FieldError,
  handoffFormSchema,
  outputFormSchema,
  parseForm,
  reviewFormSchema,
  type Settings,
  settingsFormSchema,
} from '../shared/forms';
import type { ReviewTarget, SidebarState } from '../shared/rpc';
import { appendAudit, auditNow } from './audit';
import { applyHighlights } from './highlight';
import { withDocumentLock } from './lock';
import { formatTimeIn, nextRow, readHandoffs, readWorkbook } from './register';
import { loadSettings, storeSettings } from './settings';
import { applyColumnRules, tabsMissing } from './setup';
import { ensureRows, rowWrites, writeCells } from './sheets';
import { jobStatus, heldBackReminders } from './jobstate';

const LOCK_WAIT_MS = 10_000;
const HANDOFF_COUNTER = 'handoffCounter';
export const OUTPUT_COUNTER = 'outputCounter';

function fail(errors: readonly FieldError[]): never {
  throw new Error(errors.map((e) => e.message).join('\n'));
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T {
  if (!result.ok) fail(result.errors);
  return result.value;
}

function currentUser(): string {
  return Session.getActiveUser().getEmail();
}

function counter(props: GoogleAppsScript.Properties.Properties, key: string): number {
  const n = Number(props.getProperty(key) ?? '0');
  return Number.isFinite(n) ? n : 0;
}

export function saveHandoff(form: unknown): { handoffId: string } {
  const handoff = parsed(parseForm(handoffFormSchema, form));
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock(LOCK_WAIT_MS, () => {
    const { data, handoffs } = readHandoffs(ss);
    const now = auditNow();
    const who = currentUser() || EDITOR_UNKNOWN;
    const formatTime = formatTimeIn(ss);
    const props = PropertiesService.getDocumentProperties();
    let handoffId: string;
    let row: number;
    const audit: AuditEntry[] = [];
    if (handoff.handoffId !== undefined) {
      const existing = handoffs.find((h) => h.handoffId === handoff.handoffId);
      if (!existing) fail([{ field: 'handoffId', message: `Handoff ID: ${handoff.handoffId} does not exist` }]);
      handoffId = existing.handoffId;
      row = existing.row;
      const before = renderHandoff(handoffFormOf(existing), now, false);
      const after = renderHandoff({ ...handoff, handoffId }, now, false);
      for (const header of HANDOFF_HEADERS) {
        if (header === 'Updated') continue;
        const oldText = cellToText(before[header] ?? '', formatTime);
        const newText = cellToText(after[header] ?? '', formatTime);
        if (oldText !== newText) audit.push({ when: now, who, outputId: '', field: `${handoffId} ${header}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
      }
    } else {
      const issued = issueIds('H', 1, counter(props, HANDOFF_COUNTER), handoffs.map((h) => h.handoffId));
      handoffId = issued.ids[0] as string;
      row = nextRow(data);
      props.setProperty(HANDOFF_COUNTER, String(issued.counter));
      audit.push({ when: now, who, outputId: '', field: `${handoffId} Task`, oldValue: '', newValue: handoff.task, source: 'sidebar' });
    }
    if (ensureRows(data.sheet, row)) applyColumnRules(data.sheet, 'Handoffs', data.table, row, data.sheet.getMaxRows() - row + 1);
    writeCells(data.sheet, rowWrites(data.table, row, renderHandoff({ ...handoff, handoffId }, now, handoff.handoffId === undefined)));
    appendAudit(ss, audit);
    return { handoffId };
  });
}

export function logOutput(form: unknown): { outputId: string } {
  const entry = parsed(parseForm(outputFormSchema, form));
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock(LOCK_WAIT_MS, () => {
    const book = readWorkbook(ss);
    const plan = checkNewOutput(entry, book.handoffs, book.outputs);
    if (!plan.ok) fail(plan.errors);
    const props = PropertiesService.getDocumentProperties();
    const { table, rows, sheet } = book.registerSheet;
    const idColumn = table.columns.get('Output ID') as number;
    const issued = issueIds('O', 1, counter(props, OUTPUT_COUNTER), rows.map((r) => r[idColumn - 1]));
    const outputId = issued.ids[0] as string;
    const now = auditNow();
    const who = currentUser() || EDITOR_UNKNOWN;
    const row = nextRow(book.registerSheet);
    if (ensureRows(sheet, row)) applyColumnRules(sheet, REGISTER_SHEET, table, row, sheet.getMaxRows() - row + 1);
    const writes = rowWrites(table, row, newOutputCells(entry, plan.handoff, outputId, plan.version, now));
    const audit: AuditEntry[] = [
      { when: now, who, outputId, field: 'Logged', oldValue: '', newValue: `${entry.output} (${plan.handoff.handoffId}, version ${plan.version})`, source: 'sidebar' },
    ];
    if (plan.previous) {
      writes.push(...rowWrites(table, plan.previous.row, { Status: 'Revised' }));
      audit.push({ when: now, who, outputId: plan.previous.outputId, field: 'Status', oldValue: plan.previous.status, newValue: 'Revised', source: 'sidebar' });
    }
    props.setProperty(OUTPUT_COUNTER, String(issued.counter));
    writeCells(sheet, writes);
    appendAudit(ss, audit);
    return { outputId };
  });
}

export function reviewOutput(form: unknown): { outputId: string; status: OutputStatus } {
  const review = parsed(parseForm(reviewFormSchema, form));
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock(LOCK_WAIT_MS, () => {
    const book = readWorkbook(ss);
    const output = book.outputs.find((o) => o.outputId === review.outputId);
    const handoff = output ? book.handoffs.find((h) => h.handoffId === output.handoffId) : undefined;
    const errors = checkReview(review, output, handoff);
    if (errors.length > 0 || !output) fail(errors);
    const reviewer = currentUser();
    const now = auditNow();
    const formatTime = formatTimeIn(ss);
    const plan = planReview(review, output, handoff, {
      now,
      reviewer,
      who: reviewer || EDITOR_UNKNOWN,
      revised: revisedSet(book.outputs),
      formatTime,
      noteStamp: formatTime(now),
    });
    const { sheet, table } = book.registerSheet;
    writeCells(sheet, rowWrites(table, output.row, plan.cells));
    applyHighlights(sheet, table.width, new Map([[output.row, false]]));
    appendAudit(ss, plan.audit);
    return { outputId: output.outputId, status: plan.status };
  });
}

export function saveSettings(form: unknown): Settings {
  const settings = parsed(parseForm(settingsFormSchema, form));
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return withDocumentLock(LOCK_WAIT_MS, () => {
    const props = PropertiesService.getDocumentProperties();
    const before = loadSettings(props);
    storeSettings(props, settings);
    const now = auditNow();
    const who = currentUser() || EDITOR_UNKNOWN;
    const audit: AuditEntry[] = [];
    for (const key of Object.keys(settings) as (keyof Settings)[]) {
      const oldText = JSON.stringify(before[key]);
      const newText = JSON.stringify(settings[key]);
      if (oldText !== newText) audit.push({ when: now, who, outputId: '', field: `Setting ${key}`, oldValue: oldText, newValue: newText, source: 'sidebar' });
    }
    appendAudit(ss, audit);
    return settings;
  });
}

export function getSidebarState(): SidebarState {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const props = PropertiesService.getDocumentProperties();
  const settings = loadSettings(props);
  const base = { user: currentUser(), timeZone: ss.getSpreadsheetTimeZone(), settings, job: jobStatus(props) };
  if (tabsMissing(ss)) {
    return {
      ...base,
      setUp: false,
      handoffs: [],
      selection: null,
      awaitingReview: [],
      rejected: [],
      waiting: { handoffs: [], needsCause: [], ownerProblems: [], heldBack: [] },
    };
  }
  const book = readWorkbook(ss);
  const now = new Date();
  const revised = revisedSet(book.outputs);
  const target = (o: (typeof book.outputs)[number]): ReviewTarget => reviewTarget(o, book.handoffs, revised);
  let selection: ReviewTarget | null = null;
  const active = ss.getActiveRange();
  if (active !== null && active.getSheet().getName() === REGISTER_SHEET) {
    const row = active.getRow();
    const output = book.outputs.find((o) => o.row === row && o.outputId !== '');
    if (output) selection = target(output);
  }
  const waiting = computeWaiting(book.handoffs, book.outputs, now);
  return {
    ...base,
    setUp: true,
    handoffs: book.handoffs.map(({ row: _row, ...view }) => view),
    selection,
    awaitingReview: book.outputs.filter((o) => o.outputId !== '' && o.decision === '').map(target),
    rejected: rejectedAwaitingRevision(book.outputs),
    waiting: { ...waiting, heldBack: heldBackReminders(props) },
  };
}
