// The Register's rules: what each output's Status is, which decisions need a rework cause, and
// how a row is brought up to date after a person edits it (or after an edit event was missed).
import type { HandoffRecord } from './handoffs';
import { type CellWrite, type Table, cellIn, dateIn, numberIn, textIn } from './table';
import { cellToText } from './text';
import {
  type AuditSource,
  DECISIONS,
  type Decision,
  DEFAULT_REVIEW_CAP_MIN,
  type OutputStatus,
  REGISTER_HEADERS,
  type RegisterHeader,
  REWORK_CAUSES,
  type ReworkCause,
} from './vocabulary';

export interface OutputRecord {
  readonly row: number;
  readonly outputId: string;
  readonly loggedAt: Date | null;
  readonly handoffId: string;
  readonly task: string;
  readonly output: string;
  readonly link: string;
  readonly version: number | null;
  readonly revisionOf: string;
  readonly inputOwner: string;
  readonly reviewOwner: string;
  readonly nextStepOwner: string;
  readonly decision: Decision | '';
  readonly decidedAt: Date | null;
  readonly decidedBy: string;
  readonly reviewMinutes: number | null;
  readonly checklist: string;
  readonly reworkCause: ReworkCause | '';
  readonly shipped: boolean;
  readonly shippedAt: Date | null;
  readonly destination: string;
  readonly status: string;
  readonly lastReminder: Date | null;
  readonly notes: string;
}

export interface AuditEntry {
  readonly when: Date;
  readonly who: string;
  readonly outputId: string;
  readonly field: string;
  readonly oldValue: string;
  readonly newValue: string;
  readonly source: AuditSource;
}

/** What an audit row says when Apps Script did not tell us the value a paste replaced. */
export const OLD_VALUE_UNKNOWN = '(not known: several cells were changed at once)';
/** Who an audit row names when Apps Script hides the editor's email from the add-on. */
export const EDITOR_UNKNOWN = '(editor not shared by Google)';
export const HOURLY_ACTOR = 'Handoff Register (hourly check)';

const pick = <T extends string>(values: readonly T[], text: string): T | '' =>
  (values as readonly string[]).includes(text) ? (text as T) : '';

function isChecked(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toUpperCase() === 'TRUE');
}

/** A row counts as an output once someone put something into it that describes one. */
const CONTENT_HEADERS: readonly RegisterHeader[] = ['Output ID', 'Handoff ID', 'Task', 'Output', 'Link', 'Decision', 'Notes'];

export function hasContent(table: Table<RegisterHeader>, row: readonly unknown[]): boolean {
  return CONTENT_HEADERS.some((h) => textIn(table, row, h) !== '');
}

export function parseOutput(table: Table<RegisterHeader>, row: readonly unknown[], rowNumber: number): OutputRecord {
  return {
    row: rowNumber,
    outputId: textIn(table, row, 'Output ID'),
    loggedAt: dateIn(table, row, 'Logged at'),
    handoffId: textIn(table, row, 'Handoff ID'),
    task: textIn(table, row, 'Task'),
    output: textIn(table, row, 'Output'),
    link: textIn(table, row, 'Link'),
    version: numberIn(table, row, 'Version'),
    revisionOf: textIn(table, row, 'Revision of'),
    inputOwner: textIn(table, row, 'Input owner'),
    reviewOwner: textIn(table, row, 'Review owner'),
    nextStepOwner: textIn(table, row, 'Next-step owner'),
    decision: pick(DECISIONS, textIn(table, row, 'Decision')),
    decidedAt: dateIn(table, row, 'Decided at'),
    decidedBy: textIn(table, row, 'Decided by'),
    reviewMinutes: numberIn(table, row, 'Review minutes'),
    checklist: textIn(table, row, 'Checklist'),
    reworkCause: pick(REWORK_CAUSES, textIn(table, row, 'Rework cause')),
    shipped: isChecked(cellIn(table, row, 'Shipped')),
    shippedAt: dateIn(table, row, 'Shipped at'),
    destination: textIn(table, row, 'Destination'),
    status: textIn(table, row, 'Status'),
    lastReminder: dateIn(table, row, 'Last reminder'),
    notes: textIn(table, row, 'Notes'),
  };
}

export function parseOutputs(table: Table<RegisterHeader>, rows: readonly (readonly unknown[])[], firstRow: number): OutputRecord[] {
  const outputs: OutputRecord[] = [];
  rows.forEach((row, i) => {
    if (hasContent(table, row)) outputs.push(parseOutput(table, row, firstRow + i));
  });
  return outputs;
}

/** Output IDs that a later output names as its "Revision of". */
export function revisedIds(revisionOfColumn: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const value of revisionOfColumn) if (typeof value === 'string' && value.trim() !== '') ids.add(value.trim());
  return ids;
}

export function decideStatus(
  output: Pick<OutputRecord, 'outputId' | 'decision' | 'shipped'>,
  revised: ReadonlySet<string>,
): OutputStatus {
  if (output.decision === 'Reject') return revised.has(output.outputId) ? 'Revised' : 'Rejected';
  if (output.shipped) return 'Shipped';
  if (output.decision === 'Approve' || output.decision === 'Edit') return 'Awaiting next step';
  return 'Awaiting review';
}

/**
 * Why this output still needs a rework cause, or null. A Reject always says which part of the
 * handoff broke; so does an Edit that took longer than the review cap, because by the essay's
 * rule that is no longer a light edit.
 */
export function reasonCauseNeeded(
  output: Pick<OutputRecord, 'decision' | 'reviewMinutes' | 'reworkCause'>,
  reviewCapMin: number,
): string | null {
  if (output.reworkCause !== '' || !reworkCauseRequired(output.decision, output.reviewMinutes ?? undefined, reviewCapMin)) return null;
  return output.decision === 'Reject'
    ? 'Rejected without a rework cause'
    : `Edit took ${output.reviewMinutes} min, over the ${reviewCapMin}-minute review cap`;
}

/** Why a row is tinted: it waits for missing details. */
export type Tint = 'needsDetails' | 'unapproved';

export function tintOf(output: Pick<OutputRecord, 'decision' | 'reviewMinutes' | 'reworkCause'>, reviewCapMin: number): Tint | null {
  return reasonCauseNeeded(output, reviewCapMin) !== null ? 'needsDetails' : null;
}

/** When a decision needs a rework cause: a Reject always, an Edit only past the handoff's review cap. */
export function reworkCauseRequired(decision: string, reviewMinutes: number | undefined, reviewCapMin: number): boolean {
  if (decision === 'Reject') return true;
  return decision === 'Edit' && reviewMinutes !== undefined && reviewMinutes > reviewCapMin;
}

/** The handoff a hand-typed row belongs to: its Handoff ID, or a Task that names exactly one handoff. */
export function matchHandoff(
  handoffs: readonly HandoffRecord[],
  handoffId: string,
  task: string,
): HandoffRecord | undefined {
  if (handoffId !== '') return handoffs.find((h) => h.handoffId === handoffId);
  if (task === '') return undefined;
  const matches = handoffs.filter((h) => h.task.trim().toLowerCase() === task.trim().toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}

/** What the user changed, as the onEdit event tells it. */
export interface EditFacts {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  /** The single cell's old value; absent for multi-cell edits, where Apps Script does not say. */
  readonly oldValue?: unknown;
  readonly single: boolean;
}

export interface ReconcileInput {
  readonly table: Table<RegisterHeader>;
  /** Row values as they are now, after the user's change; `firstRow` is the first one's row number. */
  readonly rows: readonly (readonly unknown[])[];
  readonly firstRow: number;
  readonly handoffs: readonly HandoffRecord[];
  readonly revised: ReadonlySet<string>;
  readonly now: Date;
  /** The editing user's email, '' when Apps Script does not reveal it. */
  readonly editor: string;
  readonly source: AuditSource;
  /** New IDs for rows without one, in row order; the caller issues enough of them. */
  readonly newIds: readonly string[];
  readonly edit?: EditFacts;
  readonly formatTime: (d: Date) => string;
}

export interface ReconcileResult {
  readonly writes: CellWrite[];
  readonly audit: AuditEntry[];
  /** Rows to highlight (true) or clear (false) because of a missing rework cause. */
  readonly highlight: Map<number, boolean>;
  readonly idsUsed: number;
}

/** Rows in scope that have content but no Output ID yet: each will take one new ID. */
export function countMissingIds(table: Table<RegisterHeader>, rows: readonly (readonly unknown[])[]): number {
  return rows.filter((row) => hasContent(table, row) && textIn(table, row, 'Output ID') === '').length;
}

/**
 * Brings each row in scope up to date: IDs and Logged at for hand-typed rows, Decided at/by and
 * Shipped at for decisions and ticks, Status, and an audit row for everything the user changed
 * and everything the add-on wrote. The same rules serve onEdit and the hourly repair, so the
 * grid, the sidebar and a missed edit all end in the same state.
 */
export function reconcileRows(input: ReconcileInput): ReconcileResult {
  const { table, now, edit, formatTime } = input;
  const writes: CellWrite[] = [];
  const audit: AuditEntry[] = [];
  const highlight = new Map<number, boolean>();
  const who = input.source === 'hourly check' ? HOURLY_ACTOR : input.editor || EDITOR_UNKNOWN;
  let idsUsed = 0;

  const editedHere = (rowNumber: number, header: RegisterHeader): boolean => {
    const column = table.columns.get(header);
    return (
      edit !== undefined &&
      column !== undefined &&
      rowNumber >= edit.firstRow &&
      rowNumber <= edit.lastRow &&
      column >= edit.firstColumn &&
      column <= edit.lastColumn
    );
  };

  input.rows.forEach((values, i) => {
    const rowNumber = input.firstRow + i;
    if (!hasContent(table, values)) return;
    const current = parseOutput(table, values, rowNumber);
    let outputId = current.outputId;
    const set = (header: RegisterHeader, value: string | number | boolean | Date, old: unknown, record = true) => {
      const column = table.columns.get(header);
      if (column === undefined) return;
      writes.push({ row: rowNumber, column, value });
      if (record) {
        audit.push({ when: now, who, outputId, field: header, oldValue: cellToText(old, formatTime), newValue: cellToText(value, formatTime), source: input.source });
      }
    };

    if (outputId === '') {
      outputId = input.newIds[idsUsed] ?? '';
      idsUsed++;
      if (outputId === '') return;
      set('Output ID', outputId, '');
    }

    // The user's own changes, audited first so the trail reads in the order things happened.
    if (edit) {
      for (const header of REGISTER_HEADERS) {
        if (header === 'Output ID' && current.outputId === '') continue;
        if (!editedHere(rowNumber, header)) continue;
        const now_ = cellToText(cellIn(table, values, header), formatTime);
        const old = edit.single ? cellToText(edit.oldValue ?? '', formatTime) : OLD_VALUE_UNKNOWN;
        if (edit.single && old === now_) continue;
        audit.push({ when: now, who, outputId, field: header, oldValue: old, newValue: now_, source: input.source });
      }
    }

    if (current.loggedAt === null) set('Logged at', now, cellIn(table, values, 'Logged at'));

    const handoff = matchHandoff(input.handoffs, current.handoffId, current.task);
    // A row typed in by hand takes what logging would have given it; a logged row keeps what
    // people chose, even a blank owner (the sidebar's Waiting now reports that).
    if (current.outputId === '') {
      if (handoff && current.handoffId === '') set('Handoff ID', handoff.handoffId, '');
      if (handoff && current.task === '') set('Task', handoff.task, '');
      if (handoff && current.inputOwner === '' && handoff.inputOwner !== '') set('Input owner', handoff.inputOwner, '');
      if (handoff && current.reviewOwner === '' && handoff.reviewOwner !== '') set('Review owner', handoff.reviewOwner, '');
      if (handoff && current.nextStepOwner === '' && handoff.nextStepOwner !== '') set('Next-step owner', handoff.nextStepOwner, '');
      if (current.version === null) set('Version', 1, cellIn(table, values, 'Version'));
    }

    // Decided at and by follow the Decision.
    const decisionEdited = editedHere(rowNumber, 'Decision');
    const decisionUnchanged = decisionEdited && edit?.single === true && String(edit.oldValue ?? '') === current.decision;
    if (current.decision !== '') {
      if ((decisionEdited && !decisionUnchanged) || current.decidedAt === null) {
        set('Decided at', now, cellIn(table, values, 'Decided at'));
        // Only an edit seen as it happened can name its author; a repair never guesses.
        const by = decisionEdited ? input.editor : '';
        if (by !== current.decidedBy) set('Decided by', by, current.decidedBy);
      }
    } else {
      if (current.decidedAt !== null) set('Decided at', '', current.decidedAt);
      if (current.decidedBy !== '') set('Decided by', '', current.decidedBy);
    }

    // Shipped at follows the Shipped tick.
    const shippedEdited = editedHere(rowNumber, 'Shipped');
    const wasTicked = shippedEdited && edit?.single === true && isChecked(edit.oldValue);
    if (current.shipped) {
      if (current.shippedAt === null || (shippedEdited && !wasTicked && edit?.single === true)) {
        set('Shipped at', now, cellIn(table, values, 'Shipped at'));
      }
    } else if (current.shippedAt !== null) {
      set('Shipped at', '', current.shippedAt);
    }

    const status = decideStatus({ outputId, decision: current.decision, shipped: current.shipped }, input.revised);
    if (status !== current.status) set('Status', status, current.status);

    const cap = handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
    highlight.set(rowNumber, reasonCauseNeeded(current, cap) !== null);
  });

  return { writes, audit, highlight, idsUsed };
}
