// Logging an output and recording a review: the checks that need the sheet's data (the schema
// checks the form itself) and the cells each one writes.
import type { FieldError, OutputEntry, Review } from './model';
import type { HandoffRecord } from './handoffs';
import { type AuditEntry, type OutputRecord, decideStatus, reworkCauseRequired } from './register';
import { cellToText } from './text';
import { DEFAULT_REVIEW_CAP_MIN, type OutputStatus, type RegisterHeader } from './vocabulary';

type Cell = string | number | boolean | Date;
export type RowCells = Partial<Record<RegisterHeader, Cell>>;

const error = (field: string, label: string, problem: string): FieldError => ({ field, message: `${label}: ${problem}` });

export type NewOutputPlan =
  | { ok: false; errors: FieldError[] }
  | { ok: true; handoff: HandoffRecord; previous: OutputRecord | undefined; version: number };

/** What the register says about the output a new version revises. */
export interface RevisionLookup {
  /** The output named by "Revision of", if it exists. */
  readonly previous: OutputRecord | undefined;
  /** The ID of an output that already revises it, if one does. */
  readonly existingRevision: string | undefined;
}

export function checkNewOutput(entry: OutputEntry, handoffs: readonly HandoffRecord[], lookup: RevisionLookup): NewOutputPlan {
  const handoff = handoffs.find((h) => h.handoffId === entry.handoffId);
  if (!handoff) return { ok: false, errors: [error('handoffId', 'Handoff ID', `${entry.handoffId} does not exist`)] };
  if (handoff.status === 'Paused') {
    return { ok: false, errors: [error('handoffId', 'Handoff ID', `${handoff.handoffId} is Paused; set it to Pilot or Active to log outputs`)] };
  }
  if (entry.revisionOf === '') return { ok: true, handoff, previous: undefined, version: 1 };
  const { previous, existingRevision } = lookup;
  const fail = (problem: string): NewOutputPlan => ({ ok: false, errors: [error('revisionOf', 'Revision of', problem)] });
  if (!previous) return fail(`${entry.revisionOf} does not exist`);
  if (previous.handoffId !== handoff.handoffId) return fail(`${previous.outputId} belongs to ${previous.handoffId || 'no handoff'}, not ${handoff.handoffId}`);
  if (previous.decision !== 'Reject') {
    return fail(`${previous.outputId} was not rejected (its decision is ${previous.decision || 'not made yet'}); only a rejected output can be revised`);
  }
  if (existingRevision !== undefined) return fail(`${previous.outputId} already has a revision (${existingRevision})`);
  return { ok: true, handoff, previous, version: (previous.version ?? 1) + 1 };
}

export function newOutputCells(entry: OutputEntry, handoff: HandoffRecord, outputId: string, version: number, now: Date): RowCells {
  return {
    'Output ID': outputId,
    'Logged at': now,
    'Handoff ID': handoff.handoffId,
    Task: handoff.task,
    Output: entry.output,
    Link: entry.link,
    Version: version,
    'Revision of': entry.revisionOf,
    'Input owner': entry.inputOwner || handoff.inputOwner,
    'Review owner': entry.reviewOwner || handoff.reviewOwner,
    'Next-step owner': entry.nextStepOwner || handoff.nextStepOwner,
    Shipped: false,
    Status: 'Awaiting review',
    Notes: entry.notes,
  };
}

/** "3/4 passed; failed: Offer details" — which checklist items the reviewer ticked. */
export function checklistSummary(items: readonly string[], passed: readonly string[]): string {
  if (items.length === 0) return '';
  const ticked = new Set(passed);
  const failed = items.filter((item) => !ticked.has(item));
  const summary = `${items.length - failed.length}/${items.length} passed`;
  return failed.length === 0 ? summary : `${summary}; failed: ${failed.join(', ')}`;
}

export function checkReview(review: Review, output: OutputRecord | undefined, handoff: HandoffRecord | undefined): FieldError[] {
  if (!output) return [error('outputId', 'Output ID', `${review.outputId} does not exist`)];
  const errors: FieldError[] = [];
  if (output.shipped) {
    errors.push(error('decision', 'Decision', `${output.outputId} is already shipped; untick Shipped in the Register to change its decision`));
  }
  errors.push(...reviewRuleErrors(review, handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN));
  const items = new Set(handoff?.reviewChecklist ?? []);
  const unknown = review.checklistPassed.find((item) => !items.has(item));
  if (unknown !== undefined) {
    errors.push(error('checklistPassed', 'Checklist', `"${unknown}" is not on the review checklist of ${output.handoffId || 'this output'}`));
  }
  return errors;
}

/**
 * The approval rule's checks that span fields. The sidebar runs them before sending (with the
 * same wording) and the server again, so both sides say the same thing.
 */
export function reviewRuleErrors(
  review: { readonly decision: string; readonly reviewMinutes?: number | undefined; readonly reworkCause?: string | undefined; readonly notes?: string | undefined },
  reviewCapMin: number,
): FieldError[] {
  const errors: FieldError[] = [];
  const minutes = typeof review.reviewMinutes === 'number' && Number.isFinite(review.reviewMinutes) ? review.reviewMinutes : undefined;
  if ((review.reworkCause ?? '') === '' && reworkCauseRequired(review.decision, minutes, reviewCapMin)) {
    errors.push(
      error(
        'reworkCause',
        'Rework cause',
        review.decision === 'Reject' ? 'is required for a Reject' : `is required when an Edit takes longer than the ${reviewCapMin}-minute review cap`,
      ),
    );
  }
  if (review.decision === 'Reject' && (review.notes ?? '').trim() === '') {
    errors.push(error('notes', 'Notes', 'say what the output missed (required for a Reject)'));
  }
  return errors;
}

export interface ReviewPlan {
  readonly cells: RowCells;
  readonly audit: AuditEntry[];
  readonly status: OutputStatus;
}

export function planReview(
  review: Review,
  output: OutputRecord,
  handoff: HandoffRecord | undefined,
  context: { now: Date; reviewer: string; who: string; revised: ReadonlySet<string>; formatTime: (d: Date) => string; noteStamp: string },
): ReviewPlan {
  const status = decideStatus({ outputId: output.outputId, decision: review.decision, shipped: output.shipped }, context.revised);
  const note = review.notes === '' ? '' : `${context.noteStamp} ${review.decision}: ${review.notes}`;
  const next: Record<string, Cell> = {
    Decision: review.decision,
    'Decided at': context.now,
    'Decided by': context.reviewer,
    'Review minutes': review.reviewMinutes,
    Checklist: checklistSummary(handoff?.reviewChecklist ?? [], review.checklistPassed),
    'Rework cause': review.decision === 'Approve' ? '' : review.reworkCause,
    Status: status,
    // Notes keep what people wrote before: a review adds a dated line, never overwrites.
    ...(note === '' ? {} : { Notes: output.notes === '' ? note : `${output.notes}\n${note}` }),
  };
  const before: Record<string, unknown> = {
    Decision: output.decision,
    'Decided at': output.decidedAt ?? '',
    'Decided by': output.decidedBy,
    'Review minutes': output.reviewMinutes ?? '',
    Checklist: output.checklist,
    'Rework cause': output.reworkCause,
    Status: output.status,
    Notes: output.notes,
  };
  const cells: RowCells = {};
  const audit: AuditEntry[] = [];
  for (const [header, value] of Object.entries(next)) {
    const oldText = cellToText(before[header], context.formatTime);
    const newText = cellToText(value, context.formatTime);
    if (oldText === newText && header !== 'Decided at') continue;
    (cells as Record<string, Cell>)[header] = value;
    audit.push({ when: context.now, who: context.who, outputId: output.outputId, field: header, oldValue: oldText, newValue: newText, source: 'sidebar' });
  }
  return { cells, audit, status };
}
