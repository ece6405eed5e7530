// Logging an output and recording a review: the checks that need the sheet's data (the schema
// checks the form itself) and the cells each one writes.

import type { HandoffRecord } from './handoffs';
import type { FieldError, OutputEntry, Review } from './model';
import type { AuditEntry, OutputRecord } from './register';
import { decidedOnBehalf, type Missing, missingDetails, type RuleContext, riskOf, statusOf } from './rules';
import { cellToText } from './text';
import { DECISIONS, DEFAULT_REVIEW_CAP_MIN, type DecidePolicy, type Decision, type OutputStatus, type RegisterHeader } from './vocabulary';

type Cell = string | number | boolean | Date;
export type RowCells = Partial<Record<RegisterHeader, Cell>>;

const error = (field: string, label: string, problem: string): FieldError => ({ field, message: `${label}: ${problem}` });

export type NewOutputPlan = { ok: false; errors: FieldError[] } | { ok: true; handoff: HandoffRecord; previous: OutputRecord | undefined; version: number };

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
    'Prep minutes': entry.prepMinutes ?? '',
    'Prompt version': entry.promptVersion,
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

/** Who is deciding, and under which rule: what the review panel and the server both check against. */
export interface ReviewRuleContext extends RuleContext {
  /** The person deciding ('' when Google does not say). */
  readonly reviewer: string;
  readonly inputOwner: string;
  readonly reviewOwner: string;
}

export function checkReview(
  review: Review,
  output: OutputRecord | undefined,
  handoff: HandoffRecord | undefined,
  context: Omit<ReviewRuleContext, 'handoff' | 'inputOwner' | 'reviewOwner'>,
): FieldError[] {
  if (!output) return [error('outputId', 'Output ID', `${review.outputId} does not exist`)];
  const errors: FieldError[] = [];
  if (output.shipped) {
    errors.push(error('decision', 'Decision', `${output.outputId} is already shipped; untick Shipped in the Register to change its decision`));
  }
  errors.push(...reviewRuleErrors(review, { ...context, handoff, inputOwner: output.inputOwner, reviewOwner: output.reviewOwner }));
  const items = new Set(handoff?.reviewChecklist ?? []);
  const unknown = review.checklistPassed.find((item) => !items.has(item));
  if (unknown !== undefined && !errors.some((e) => e.field === 'checklistPassed')) {
    errors.push(error('checklistPassed', 'Checklist', `"${unknown}" is not on the review checklist of ${output.handoffId || 'this output'}`));
  }
  return errors;
}

const RULE_FIELDS: Record<Missing['field'], [field: string, label: string]> = {
  'Review minutes': ['reviewMinutes', 'Review minutes'],
  'Rework cause': ['reworkCause', 'Rework cause'],
  Missed: ['missed', 'Missed'],
  Checklist: ['checklistPassed', 'Checklist'],
  'Decided by': ['decision', 'Decision'],
};

/**
 * The approval rule (core/rules.ts) as the review panel's field messages. The sidebar runs it
 * before sending and the server again, so both sides say the same thing, and the grid applies
 * the very same rule as "Needs details".
 */
export function reviewRuleErrors(
  review: {
    readonly decision: string;
    readonly reviewMinutes?: number | undefined;
    readonly reworkCause?: string | undefined;
    readonly missed?: string | undefined;
    readonly checklistPassed?: readonly string[] | undefined;
  },
  context: ReviewRuleContext,
): FieldError[] {
  const decision = (DECISIONS as readonly string[]).includes(review.decision) ? (review.decision as Decision) : '';
  const minutes = typeof review.reviewMinutes === 'number' && Number.isFinite(review.reviewMinutes) ? review.reviewMinutes : null;
  const cap = context.handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
  const items = context.handoff?.reviewChecklist ?? [];
  const missing = missingDetails(
    {
      decision,
      reviewMinutes: minutes,
      reworkCause: (review.reworkCause ?? '') as OutputRecord['reworkCause'],
      missed: (review.missed ?? '') as OutputRecord['missed'],
      checklist: checklistSummary(items, review.checklistPassed ?? []),
      decidedBy: context.reviewer,
      inputOwner: context.inputOwner,
      reviewOwner: context.reviewOwner,
    },
    context,
  );
  const messages: Record<Missing['field'], (m: Missing) => string> = {
    'Review minutes': () => `is required (${riskOf(context.handoff)} risk)`,
    'Rework cause': () => (decision === 'Reject' ? 'is required for a Reject' : `is required when an Edit takes longer than the ${cap}-minute review cap`),
    Missed: () => 'say what it missed: Context, Accuracy, Tone or Core task (required for a Reject)',
    Checklist: () => `a High-risk Approve needs every item passed (${items.length} of ${items.length})`,
    'Decided by': (m) =>
      m.need.startsWith('confirmation')
        ? `only the review owner${context.reviewOwner ? ` (${context.reviewOwner})` : ''} may decide this output`
        : 'the input owner cannot approve their own High-risk output',
  };
  const errors: FieldError[] = [];
  for (const m of missing) {
    const [field, label] = RULE_FIELDS[m.field];
    if (!errors.some((e) => e.field === field)) errors.push(error(field, label, messages[m.field](m)));
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
  context: { now: Date; reviewer: string; who: string; revised: ReadonlySet<string>; policy: DecidePolicy; formatTime: (d: Date) => string; noteStamp: string },
): ReviewPlan {
  const checklist = checklistSummary(handoff?.reviewChecklist ?? [], review.checklistPassed);
  const reworkCause = review.decision === 'Approve' ? '' : review.reworkCause;
  const missed = review.decision === 'Reject' ? review.missed : '';
  const minutes = review.reviewMinutes ?? null;
  const decided = { ...output, decision: review.decision, reviewMinutes: minutes, reworkCause, missed, checklist, decidedBy: context.reviewer };
  const status = statusOf(decided, context.revised, { handoff, policy: context.policy });
  const note = review.notes === '' ? '' : `${context.noteStamp} ${review.decision}: ${review.notes}`;
  const next: Record<string, Cell> = {
    Decision: review.decision,
    'Decided at': context.now,
    'Decided by': context.reviewer,
    'Review minutes': minutes ?? '',
    Checklist: checklist,
    'Rework cause': reworkCause,
    Missed: missed,
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
    Missed: output.missed,
    Status: output.status,
    Notes: output.notes,
  };
  const cells: RowCells = {};
  const audit: AuditEntry[] = [];
  const onBehalf = decidedOnBehalf(decided) ? ` (on behalf of ${output.reviewOwner})` : '';
  for (const [header, value] of Object.entries(next)) {
    const oldText = cellToText(before[header], context.formatTime);
    const newText = cellToText(value, context.formatTime);
    if (oldText === newText && header !== 'Decided at') continue;
    (cells as Record<string, Cell>)[header] = value;
    audit.push({
      when: context.now,
      who: context.who,
      outputId: output.outputId,
      field: header,
      oldValue: oldText,
      newValue: header === 'Decision' ? `${newText}${onBehalf}` : newText,
      source: 'sidebar',
    });
  }
  // What was decided, so "what version went out" is answerable from the log alone.
  audit.push({
    when: context.now,
    who: context.who,
    outputId: output.outputId,
    field: 'Decided version',
    oldValue: '',
    newValue: `"${output.output}" ${output.link}`.trim(),
    source: 'sidebar',
  });
  return { cells, audit, status };
}
