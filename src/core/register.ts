// The Register as data, and how a row is brought up to date after a person edits it (or after
// an edit event was missed): stamps, IDs, the approval rule's status, the seal over the add-on's
// own cells, and what a change of content does to a decision.
import type { HandoffRecord } from './handoffs';
import { decidedOnBehalf, type RuleContext, statusOf } from './rules';
import { contentHash, NO_SEAL, ownedHash, parseSeal, renderSeal, type Seal } from './seal';
import { type CellWrite, cellIn, dateIn, numberIn, type Table, textIn } from './table';
import { cellToText } from './text';
import {
  type AuditSource,
  DECISIONS,
  type DecidePolicy,
  type Decision,
  MISSED,
  type Missed,
  type OutputStatus,
  REGISTER_HEADERS,
  REGISTER_OWNED_HEADERS,
  REWORK_CAUSES,
  type RegisterHeader,
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
  readonly missed: Missed | '';
  readonly shipped: boolean;
  readonly shippedAt: Date | null;
  readonly destination: string;
  readonly status: string;
  readonly lastReminder: Date | null;
  readonly notes: string;
  readonly seal: string;
  readonly prepMinutes: number | null;
  readonly promptVersion: string;
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

const pick = <T extends string>(values: readonly T[], text: string): T | '' => ((values as readonly string[]).includes(text) ? (text as T) : '');

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
    missed: pick(MISSED, textIn(table, row, 'Missed')),
    shipped: isChecked(cellIn(table, row, 'Shipped')),
    shippedAt: dateIn(table, row, 'Shipped at'),
    destination: textIn(table, row, 'Destination'),
    status: textIn(table, row, 'Status'),
    lastReminder: dateIn(table, row, 'Last reminder'),
    notes: textIn(table, row, 'Notes'),
    seal: textIn(table, row, 'Seal'),
    prepMinutes: numberIn(table, row, 'Prep minutes'),
    promptVersion: textIn(table, row, 'Prompt version'),
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

/** Why a row is tinted: it waits for missing details, or it shipped without approval. */
export type Tint = 'needsDetails' | 'unapproved';

export function tintOfStatus(status: OutputStatus): Tint | null {
  return status === 'Needs details' ? 'needsDetails' : status === 'Shipped without approval' ? 'unapproved' : null;
}

/** The handoff a hand-typed row belongs to: its Handoff ID, or a Task that names exactly one handoff. */
export function matchHandoff(handoffs: readonly HandoffRecord[], handoffId: string, task: string): HandoffRecord | undefined {
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

type Cell = string | number | boolean | Date;

/** The add-on's own cells of a row, in the seal's order. */
const SEALED: readonly RegisterHeader[] = REGISTER_OWNED_HEADERS.filter((h) => h !== 'Seal');

export interface ReconcileInput {
  readonly table: Table<RegisterHeader>;
  /** Row values as they are now, after the user's change; `firstRow` is the first one's row number. */
  readonly rows: readonly (readonly unknown[])[];
  readonly firstRow: number;
  readonly handoffs: readonly HandoffRecord[];
  readonly revised: ReadonlySet<string>;
  readonly policy: DecidePolicy;
  /** The secret the row seals are keyed with. */
  readonly sealKey: string;
  /** The first sheet row holding each Output ID in the whole register, to tell copies apart. */
  readonly firstRowOf: ReadonlyMap<string, number>;
  /** True values of the add-on's cells from the Audit log, for rows whose seal is broken. */
  readonly recovered?: ReadonlyMap<string, Partial<Record<RegisterHeader, Cell>>>;
  readonly now: Date;
  /** The editing user's email, '' when Apps Script does not reveal it. */
  readonly editor: string;
  readonly source: AuditSource;
  /** New IDs for rows without one, and for copies, in row order; the caller issues enough of them. */
  readonly newIds: readonly string[];
  readonly edit?: EditFacts;
  readonly formatTime: (d: Date) => string;
}

export interface ReconcileResult {
  readonly writes: CellWrite[];
  readonly audit: AuditEntry[];
  /** Each row's status after the writes, for tints. */
  readonly statuses: Map<number, { outputId: string; status: OutputStatus }>;
  readonly idsUsed: number;
  /** What the person should be told (a toast): a change put back. */
  readonly notices: string[];
}

/** Rows in scope that need a new Output ID: none yet, or a copy of an earlier row's. */
export function countIdsNeeded(
  table: Table<RegisterHeader>,
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  firstRowOf: ReadonlyMap<string, number>,
): number {
  return rows.filter((row, i) => {
    if (!hasContent(table, row)) return false;
    const id = textIn(table, row, 'Output ID');
    return id === '' || (firstRowOf.get(id) ?? firstRow + i) !== firstRow + i;
  }).length;
}

/** The first row of every Output ID in a column read from row 2. */
export function firstRows(idColumn: readonly unknown[]): Map<string, number> {
  const first = new Map<string, number>();
  idColumn.forEach((id, i) => {
    const text = typeof id === 'string' ? id.trim() : '';
    if (text !== '' && !first.has(text)) first.set(text, i + 2);
  });
  return first;
}

/** The seal a row should carry, from its values. */
export function sealFor(key: string, owned: readonly unknown[], seal: Omit<Seal, 'owned'>): string {
  return renderSeal({ ...seal, owned: ownedHash(key, owned, seal.content, seal.changedAfterShipping) });
}

/**
 * The seal for a row the add-on has just written, as it will read after the write; `content`
 * replaces the fingerprint of what was decided when the write decides or ships it.
 */
export function resealed(table: Table<RegisterHeader>, row: readonly unknown[], key: string, content?: string): string {
  const seal = parseSeal(textIn(table, row, 'Seal')) ?? NO_SEAL;
  return sealFor(
    key,
    SEALED.map((h) => cellIn(table, row, h)),
    content === undefined ? seal : { ...seal, content },
  );
}

/** A row with some cells replaced, as it will read after the write. */
export function withCells(table: Table<RegisterHeader>, row: readonly unknown[], cells: Partial<Record<RegisterHeader, unknown>>): unknown[] {
  const next = [...row];
  for (const [header, value] of Object.entries(cells)) {
    const column = table.columns.get(header as RegisterHeader);
    if (column !== undefined) next[column - 1] = value;
  }
  return next;
}

/** Whether the row's add-on cells still match its seal; a row with no seal yet passes. */
export function sealHolds(table: Table<RegisterHeader>, row: readonly unknown[], key: string): boolean {
  const text = textIn(table, row, 'Seal');
  if (text === '') return true;
  const seal = parseSeal(text);
  if (seal === null) return false;
  return (
    ownedHash(
      key,
      SEALED.map((h) => cellIn(table, row, h)),
      seal.content,
      seal.changedAfterShipping,
    ) === seal.owned
  );
}

/**
 * Brings each row in scope up to date by the same rules for onEdit, the hourly check and (for
 * the cells it writes) the sidebar: IDs and Logged at for hand-typed rows and copies; the add-on's
 * own cells put back when someone changed them; a decision reset when its Output or Link changed
 * before shipping; Decided at/by, Shipped at and Destination following the person's change;
 * Status by the approval rule; the seal; and an audit row for everything.
 */
export function reconcileRows(input: ReconcileInput): ReconcileResult {
  const { table, now, edit, formatTime } = input;
  const writes: CellWrite[] = [];
  const audit: AuditEntry[] = [];
  const statuses = new Map<number, { outputId: string; status: OutputStatus }>();
  const notices: string[] = [];
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
    const cells = [...values];
    const read = (header: RegisterHeader) => cellIn(table, cells, header);
    let outputId = textIn(table, cells, 'Output ID');
    const original = parseOutput(table, values, rowNumber);
    const set = (header: RegisterHeader, value: Cell, record: string | false = '') => {
      const column = table.columns.get(header);
      if (column === undefined) return;
      const old = read(header);
      writes.push({ row: rowNumber, column, value });
      cells[column - 1] = value;
      if (record !== false) {
        audit.push({
          when: now,
          who,
          outputId,
          field: header,
          oldValue: cellToText(old, formatTime),
          newValue: `${cellToText(value, formatTime)}${record}`,
          source: input.source,
        });
      }
    };
    const note = (field: string, oldValue: string, newValue: string) =>
      audit.push({ when: now, who, outputId, field, oldValue, newValue, source: input.source });

    // IDs: a row typed by hand gets one; a copy of another row's gets its own, so each output counts once.
    const isCopy = outputId !== '' && (input.firstRowOf.get(outputId) ?? rowNumber) !== rowNumber;
    if (outputId === '' || isCopy) {
      const next = input.newIds[idsUsed] ?? '';
      idsUsed++;
      if (next === '') return;
      const copied = outputId;
      outputId = next;
      set('Output ID', next, isCopy ? ` (a copy of ${copied}'s row)` : '');
    }

    // The person's own changes, audited first so the trail reads in the order things happened.
    if (edit) {
      for (const header of REGISTER_HEADERS) {
        if (header === 'Seal' || (header === 'Output ID' && (original.outputId === '' || isCopy))) continue;
        if (!editedHere(rowNumber, header)) continue;
        const nowText = cellToText(read(header), formatTime);
        const old = edit.single ? cellToText(edit.oldValue ?? '', formatTime) : OLD_VALUE_UNKNOWN;
        if (edit.single && old === nowText) continue;
        note(header, old, nowText);
      }
    }

    // The add-on's own cells: whoever changed one broke the row's seal, and the Audit log says
    // what they held (a Status is simply decided again below).
    const fresh = original.outputId === '' || isCopy;
    let seal: Omit<Seal, 'owned'> = parseSeal(original.seal) ?? NO_SEAL;
    const recovered = fresh ? undefined : input.recovered?.get(outputId);
    // An Output ID with no history in the log (itself changed by hand) has nothing to recover.
    if (recovered && recovered['Logged at'] !== undefined && !sealHolds(table, cells, input.sealKey)) {
      for (const header of SEALED) {
        if (header === 'Output ID' || header === 'Status') continue;
        const truth = recovered[header] ?? '';
        if (cellToText(truth, formatTime) === cellToText(read(header), formatTime)) continue;
        set(header, truth, ' (restored from the Audit log)');
        if (edit) notices.push(`${header} is written by Handoff Register; your change to ${outputId} was put back.`);
      }
    }

    if (dateIn(table, cells, 'Logged at') === null) set('Logged at', now);

    const handoff = matchHandoff(input.handoffs, original.handoffId, original.task);
    // A row typed in by hand takes what logging would have given it; a logged row keeps what
    // people chose, even a blank owner (the sidebar's Waiting now reports that).
    if (original.outputId === '') {
      if (handoff && original.handoffId === '') set('Handoff ID', handoff.handoffId);
      if (handoff && original.task === '') set('Task', handoff.task);
      if (handoff && original.inputOwner === '' && handoff.inputOwner !== '') set('Input owner', handoff.inputOwner);
      if (handoff && original.reviewOwner === '' && handoff.reviewOwner !== '') set('Review owner', handoff.reviewOwner);
      if (handoff && original.nextStepOwner === '' && handoff.nextStepOwner !== '') set('Next-step owner', handoff.nextStepOwner);
      if (original.version === null) set('Version', 1);
    }

    const current = () => parseOutput(table, cells, rowNumber);
    let row = current();
    const content = contentHash(row.output, row.link);

    // What ships is what was approved: new content after a decision undoes the decision.
    if (row.decision !== '' && seal.content !== '' && seal.content !== content) {
      if (!row.shipped) {
        note(
          'Decision reset',
          `${row.decision}${row.decidedBy ? ` by ${row.decidedBy}` : ''}${row.decidedAt ? ` at ${formatTime(row.decidedAt)}` : ''}`,
          'Output or Link changed after the decision: it needs a new review',
        );
        // Last reminder too: the review owner is told of it again as new work.
        for (const header of ['Decision', 'Decided at', 'Decided by', 'Review minutes', 'Checklist', 'Rework cause', 'Missed', 'Last reminder'] as const) {
          if (cellToText(read(header), formatTime) !== '') set(header, '', false);
        }
        seal = { ...seal, content: '' };
      } else if (!seal.changedAfterShipping) {
        note('Changed after shipping', '', `"${row.output}" ${row.link}`.trim());
        seal = { ...seal, changedAfterShipping: true };
      }
      row = current();
    }

    // Decided at and by follow the Decision; in "Review owner only" a known other editor's one-cell decision is put back.
    const decisionEdited = editedHere(rowNumber, 'Decision');
    const decisionUnchanged = decisionEdited && edit?.single === true && String(edit.oldValue ?? '') === row.decision;
    if (
      decisionEdited &&
      !decisionUnchanged &&
      input.policy === 'Review owner only' &&
      edit?.single === true &&
      input.editor !== '' &&
      row.reviewOwner !== '' &&
      input.editor.toLowerCase() !== row.reviewOwner.toLowerCase()
    ) {
      set('Decision', toCellValue(edit.oldValue), ` (restored: only the review owner ${row.reviewOwner} may decide)`);
      notices.push(`Only the review owner (${row.reviewOwner}) may decide ${outputId}; your decision was put back.`);
      row = current();
    } else if (row.decision !== '') {
      if ((decisionEdited && !decisionUnchanged) || row.decidedAt === null) {
        set('Decided at', now);
        // Only an edit seen as it happened can name its author; a repair never guesses.
        const by = decisionEdited ? input.editor : '';
        if (by !== row.decidedBy) set('Decided by', by);
        row = current();
        seal = { ...seal, content };
        if (decidedOnBehalf(row)) note('Decision', '', `${row.decision} (on behalf of ${row.reviewOwner})`);
        note('Decided version', '', `"${row.output}" ${row.link}`.trim());
      }
    } else {
      if (row.decidedAt !== null) set('Decided at', '');
      if (row.decidedBy !== '') set('Decided by', '');
      seal = { ...seal, content: '' };
      row = current();
    }

    // Shipped at follows the Shipped tick; where it went defaults to the handoff's next step.
    const shippedEdited = editedHere(rowNumber, 'Shipped');
    const wasTicked = shippedEdited && edit?.single === true && isChecked(edit.oldValue);
    if (row.shipped) {
      if (row.shippedAt === null || (shippedEdited && !wasTicked && edit?.single === true)) {
        set('Shipped at', now);
        if (row.destination === '' && handoff?.nextStep) set('Destination', handoff.nextStep);
        note('Shipped version', '', `"${row.output}" ${row.link}`.trim());
        if (seal.content === '') seal = { ...seal, content };
      }
    } else if (row.shippedAt !== null) {
      set('Shipped at', '');
      seal = { ...seal, changedAfterShipping: false };
    }
    row = current();

    const context: RuleContext = { handoff, policy: input.policy };
    const status = statusOf(row, input.revised, context);
    if (status !== row.status) set('Status', status);
    statuses.set(rowNumber, { outputId, status });

    const sealText = sealFor(
      input.sealKey,
      SEALED.map((h) => read(h)),
      seal,
    );
    if (sealText !== row.seal) set('Seal', sealText, false);
  });

  return { writes, audit, statuses, idsUsed, notices };
}

/** A value from an edit event (text, or absent for an empty cell) as a cell value. */
function toCellValue(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return String(value);
}
