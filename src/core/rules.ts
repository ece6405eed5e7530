// The approval rule, once, for both ways in. The review panel refuses a decision that lacks
// what its rule asks; the grid cannot refuse an edit, so there the decision is kept and the row
// waits as "Needs details" until the missing parts are filled in, in the grid or the panel.
import type { HandoffView } from './model';
import type { OutputRecord } from './register';
import { DEFAULT_REVIEW_CAP_MIN, type DecidePolicy, type OutputStatus, type Risk } from './vocabulary';

/** What decides which details a decision needs. */
export interface RuleContext {
  readonly handoff: Pick<HandoffView, 'risk' | 'reviewCapMin' | 'reviewChecklist'> | undefined;
  readonly policy: DecidePolicy;
}

export type DecisionFacts = Pick<
  OutputRecord,
  'decision' | 'reviewMinutes' | 'reworkCause' | 'missed' | 'checklist' | 'decidedBy' | 'inputOwner' | 'reviewOwner'
>;

/** One missing detail: the Register column (or panel field) it belongs to, and what it needs. */
export interface Missing {
  readonly field: 'Review minutes' | 'Rework cause' | 'Missed' | 'Checklist' | 'Decided by';
  readonly need: string;
}

export const riskOf = (handoff: RuleContext['handoff']): Risk => (handoff?.risk === '' || handoff === undefined ? 'Medium' : handoff.risk);

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** When a decision needs a rework cause: a Reject always, an Edit only past the handoff's review cap. */
export function reworkCauseRequired(decision: string, reviewMinutes: number | null | undefined, reviewCapMin: number): boolean {
  if (decision === 'Reject') return true;
  return decision === 'Edit' && typeof reviewMinutes === 'number' && reviewMinutes > reviewCapMin;
}

/** "4/4 passed" for a checklist of four: every item ticked. */
export function checklistAllPassed(checklist: string, items: number): boolean {
  return items === 0 || checklist.trim() === `${items}/${items} passed`;
}

/**
 * What the decision on this output still lacks, in the order a person would fill it in; empty
 * when it is complete (or there is no decision).
 */
export function missingDetails(output: DecisionFacts, context: RuleContext): Missing[] {
  const { decision } = output;
  if (decision === '') return [];
  const risk = riskOf(context.handoff);
  const cap = context.handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
  const missing: Missing[] = [];
  if (risk !== 'Low' && output.reviewMinutes === null) missing.push({ field: 'Review minutes', need: 'the review minutes' });
  if (decision === 'Reject' && output.missed === '') missing.push({ field: 'Missed', need: 'what it missed (context, accuracy, tone or the core task)' });
  if (output.reworkCause === '' && reworkCauseRequired(decision, output.reviewMinutes, cap)) {
    missing.push({
      field: 'Rework cause',
      need: decision === 'Reject' ? 'a rework cause' : `a rework cause (the Edit took ${output.reviewMinutes} min, over the ${cap}-minute review cap)`,
    });
  }
  if (risk === 'High' && decision === 'Approve') {
    const items = context.handoff?.reviewChecklist.length ?? 0;
    if (!checklistAllPassed(output.checklist, items)) {
      missing.push({ field: 'Checklist', need: `every checklist item passed (${items} of them), recorded in the review panel` });
    }
    if (output.decidedBy !== '' && same(output.decidedBy, output.inputOwner)) {
      missing.push({ field: 'Decided by', need: 'an approval by someone other than its input owner (High risk)' });
    }
  }
  if (context.policy === 'Review owner only' && !same(output.decidedBy, output.reviewOwner)) {
    missing.push({ field: 'Decided by', need: `confirmation by the review owner${output.reviewOwner ? ` (${output.reviewOwner})` : ''} in the review panel` });
  }
  return missing;
}

/** A decision by someone other than the review owner, in the default policy: counted and marked. */
export function decidedOnBehalf(output: Pick<OutputRecord, 'decision' | 'decidedBy' | 'reviewOwner'>): boolean {
  return output.decision !== '' && output.decidedBy !== '' && output.reviewOwner !== '' && !same(output.decidedBy, output.reviewOwner);
}

/** Where an output stands. */
export function statusOf(output: DecisionFacts & Pick<OutputRecord, 'outputId' | 'shipped'>, revised: ReadonlySet<string>, context: RuleContext): OutputStatus {
  const complete = missingDetails(output, context).length === 0;
  if (output.shipped) return (output.decision === 'Approve' || output.decision === 'Edit') && complete ? 'Shipped' : 'Shipped without approval';
  if (output.decision === 'Reject') return revised.has(output.outputId) ? 'Revised' : complete ? 'Rejected' : 'Needs details';
  if (output.decision === 'Approve' || output.decision === 'Edit') return complete ? 'Awaiting next step' : 'Needs details';
  return 'Awaiting review';
}

/** The one sentence Waiting now and the emails use for what a Needs-details row lacks. */
export function missingSentence(missing: readonly Missing[]): string {
  return `Needs ${missing.map((m) => m.need).join('; ')}`;
}
