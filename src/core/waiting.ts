// "Waiting now": where outputs sit at this moment, per handoff, and what still needs a person.
import type { HandoffRecord } from './handoffs';
import type { Flagged, HandoffView, NeedsDetails, OwnerProblem, Queue, QueueItem, RejectedOutput, ReviewTarget, WaitingHandoff } from './model';
import type { OutputRecord } from './register';
import { missingDetails, missingSentence, statusOf } from './rules';
import { parseSeal } from './seal';
import { DEFAULT_REVIEW_CAP_MIN, type DecidePolicy, type OutputStatus } from './vocabulary';

const HOUR_MS = 3_600_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function hoursBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 10) / 10;
}

/** The moment an output started waiting on its current owner, or null when it waits on nobody. */
export function waitingSince(output: OutputRecord, status: string): Date | null {
  if (status === 'Awaiting review') return output.loggedAt;
  if (status === 'Awaiting next step' || status === 'Rejected' || status === 'Needs details') return output.decidedAt ?? output.loggedAt;
  return null;
}

export function revisedSet(outputs: readonly OutputRecord[]): Set<string> {
  return new Set(outputs.map((o) => o.revisionOf).filter((id) => id !== ''));
}

/** Each output's status by the approval rule, with its handoff's risk and cap and the document's policy. */
export function statusReader(handoffs: readonly HandoffView[], outputs: readonly OutputRecord[], policy: DecidePolicy): (o: OutputRecord) => OutputStatus {
  const revised = revisedSet(outputs);
  const byId = new Map(handoffs.map((h) => [h.handoffId, h]));
  return (o) => statusOf(o, revised, { handoff: byId.get(o.handoffId), policy });
}

export interface Waiting {
  readonly handoffs: WaitingHandoff[];
  readonly needsDetails: NeedsDetails[];
  readonly unapproved: Flagged[];
  readonly changedAfterShipping: Flagged[];
  readonly ownerProblems: OwnerProblem[];
}

export function computeWaiting(handoffs: readonly HandoffRecord[], outputs: readonly OutputRecord[], now: Date, policy: DecidePolicy): Waiting {
  const statusOfOutput = statusReader(handoffs, outputs, policy);
  const byHandoff = new Map<
    string,
    { awaitingReview: number; needsDetails: number; awaitingNextStep: number; awaitingRevision: number; oldest: Date | null }
  >();
  const needsDetails: NeedsDetails[] = [];
  const unapproved: Flagged[] = [];
  const changedAfterShipping: Flagged[] = [];
  const ownerProblems: OwnerProblem[] = [];
  const handoffOf = (id: string) => handoffs.find((h) => h.handoffId === id);
  for (const output of outputs) {
    const status = statusOfOutput(output);
    if (status === 'Needs details' && output.decision !== '') {
      const missing = missingDetails(output, { handoff: handoffOf(output.handoffId), policy });
      needsDetails.push({ outputId: output.outputId, output: output.output, decision: output.decision, reason: missingSentence(missing) });
    }
    if (status === 'Shipped without approval') {
      unapproved.push({
        outputId: output.outputId,
        output: output.output,
        reason:
          output.decision === '' ? 'Shipped without a review' : `Shipped while ${output.decision === 'Reject' ? 'rejected' : 'its decision lacked details'}`,
      });
    }
    if (output.shipped && parseSeal(output.seal)?.changedAfterShipping) {
      changedAfterShipping.push({ outputId: output.outputId, output: output.output, reason: 'Output or Link changed after it shipped' });
    }
    const since = waitingSince(output, status);
    if (since === null && status !== 'Awaiting review') continue;
    const entry = byHandoff.get(output.handoffId) ?? { awaitingReview: 0, needsDetails: 0, awaitingNextStep: 0, awaitingRevision: 0, oldest: null };
    if (status === 'Awaiting review') entry.awaitingReview++;
    else if (status === 'Needs details') entry.needsDetails++;
    else if (status === 'Awaiting next step') entry.awaitingNextStep++;
    else if (status === 'Rejected') entry.awaitingRevision++;
    if (since !== null && (entry.oldest === null || since < entry.oldest)) entry.oldest = since;
    byHandoff.set(output.handoffId, entry);
    const owner =
      status === 'Awaiting review' || status === 'Needs details'
        ? (['Review owner', output.reviewOwner] as const)
        : status === 'Awaiting next step'
          ? (['Next-step owner', output.nextStepOwner] as const)
          : (['Input owner', output.inputOwner] as const);
    if (!EMAIL.test(owner[1])) {
      ownerProblems.push({
        outputId: output.outputId,
        field: owner[0],
        value: owner[1],
        problem: owner[1] === '' ? 'is empty, so nobody can be reminded' : 'is not a valid email address, so nobody can be reminded',
      });
    }
  }
  const waiting: WaitingHandoff[] = [];
  for (const [handoffId, entry] of byHandoff) {
    waiting.push({
      handoffId,
      task: handoffs.find((h) => h.handoffId === handoffId)?.task ?? '(unknown handoff)',
      awaitingReview: entry.awaitingReview,
      needsDetails: entry.needsDetails,
      awaitingNextStep: entry.awaitingNextStep,
      awaitingRevision: entry.awaitingRevision,
      oldestHours: entry.oldest === null ? null : hoursBetween(entry.oldest, now),
    });
  }
  waiting.sort((a, b) => a.handoffId.localeCompare(b.handoffId));
  return { handoffs: waiting, needsDetails, unapproved, changedAfterShipping, ownerProblems };
}

export function reviewTarget(output: OutputRecord, handoffs: readonly HandoffRecord[], status: (o: OutputRecord) => OutputStatus): ReviewTarget {
  const handoff = handoffs.find((h) => h.handoffId === output.handoffId);
  return {
    outputId: output.outputId,
    output: output.output,
    link: output.link,
    version: output.version ?? 1,
    handoffId: output.handoffId,
    task: output.task || handoff?.task || '',
    outputStandard: handoff?.outputStandard ?? '',
    reviewChecklist: handoff?.reviewChecklist ?? [],
    reviewCapMin: handoff?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN,
    reviewOwner: output.reviewOwner,
    inputOwner: output.inputOwner,
    risk: handoff?.risk ?? '',
    outputType: handoff?.outputType ?? '',
    approvalRule: handoff?.approvalRule ?? '',
    decision: output.decision,
    reworkCause: output.reworkCause,
    status: status(output),
    loggedAt: output.loggedAt ? output.loggedAt.toISOString() : '',
  };
}

export function rejectedAwaitingRevision(outputs: readonly OutputRecord[]): RejectedOutput[] {
  const revised = revisedSet(outputs);
  return outputs
    .filter((o) => o.decision === 'Reject' && o.outputId !== '' && !revised.has(o.outputId))
    .map((o) => ({ outputId: o.outputId, handoffId: o.handoffId, output: o.output, version: o.version ?? 1 }));
}

/** The signed-in person's queue, by the same statuses as everything else. */
export function queueFor(
  user: string,
  handoffs: readonly HandoffRecord[],
  outputs: readonly OutputRecord[],
  now: Date,
  policy: DecidePolicy,
  limit: number,
): Queue {
  const me = user.trim().toLowerCase();
  const status = statusReader(handoffs, outputs, policy);
  const mine = (email: string) => me !== '' && email.trim().toLowerCase() === me;
  const lists: Record<keyof Queue['totals'], { item: QueueItem; since: number }[]> = { toReview: [], toFinish: [], toShip: [], toRevise: [], sentBack: [] };
  for (const output of outputs) {
    if (output.outputId === '') continue;
    const s = status(output);
    const handoff = handoffs.find((h) => h.handoffId === output.handoffId);
    const since = waitingSince(output, s);
    const item = (detail: string): { item: QueueItem; since: number } => ({
      item: {
        ...reviewTarget(output, handoffs, status),
        waitingHours: since === null ? 0 : hoursBetween(since, now),
        detail,
        nextStep: handoff?.nextStep ?? '',
      },
      since: since?.getTime() ?? 0,
    });
    const rejectDetail = () =>
      [output.missed ? `Missed: ${output.missed}` : '', output.reworkCause ? `Cause: ${output.reworkCause}` : '', output.notes]
        .filter((t) => t !== '')
        .join('. ');
    if (s === 'Awaiting review' && mine(output.reviewOwner)) lists.toReview.push(item(''));
    if (s === 'Needs details' && mine(output.reviewOwner)) lists.toFinish.push(item(missingSentence(missingDetails(output, { handoff, policy }))));
    if (s === 'Awaiting next step' && mine(output.nextStepOwner)) lists.toShip.push(item(handoff?.nextStep ? `Next step: ${handoff.nextStep}` : ''));
    if (s === 'Rejected' && mine(output.inputOwner)) lists.toRevise.push(item(rejectDetail()));
    if (s === 'Rejected' && mine(output.decidedBy)) lists.sentBack.push(item(rejectDetail()));
  }
  const cut = (list: { item: QueueItem; since: number }[]) =>
    list
      .sort((a, b) => a.since - b.since)
      .slice(0, limit)
      .map((e) => e.item);
  return {
    toReview: cut(lists.toReview),
    toFinish: cut(lists.toFinish),
    toShip: cut(lists.toShip),
    toRevise: cut(lists.toRevise),
    sentBack: cut(lists.sentBack),
    totals: {
      toReview: lists.toReview.length,
      toFinish: lists.toFinish.length,
      toShip: lists.toShip.length,
      toRevise: lists.toRevise.length,
      sentBack: lists.sentBack.length,
    },
  };
}
