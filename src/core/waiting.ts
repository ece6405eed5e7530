// "Waiting now": where outputs sit at this moment, per handoff, and what still needs a person.
import type { NeedsCause, OwnerProblem, RejectedOutput, ReviewTarget, WaitingHandoff } from './model';
import type { HandoffRecord } from './handoffs';
import { type OutputRecord, decideStatus, reasonCauseNeeded } from './register';
import { DEFAULT_REVIEW_CAP_MIN } from './vocabulary';

const HOUR_MS = 3_600_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function hoursBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / HOUR_MS) * 10) / 10;
}

/** The moment an output started waiting on its current owner, or null when it waits on nobody. */
export function waitingSince(output: OutputRecord, status: string): Date | null {
  if (status === 'Awaiting review') return output.loggedAt;
  if (status === 'Awaiting next step' || status === 'Rejected') return output.decidedAt;
  return null;
}

export function revisedSet(outputs: readonly OutputRecord[]): Set<string> {
  return new Set(outputs.map((o) => o.revisionOf).filter((id) => id !== ''));
}

export function computeWaiting(
  handoffs: readonly HandoffRecord[],
  outputs: readonly OutputRecord[],
  now: Date,
): { handoffs: WaitingHandoff[]; needsCause: NeedsCause[]; ownerProblems: OwnerProblem[] } {
  const revised = revisedSet(outputs);
  const byHandoff = new Map<string, { awaitingReview: number; awaitingNextStep: number; awaitingRevision: number; oldest: Date | null }>();
  const needsCause: NeedsCause[] = [];
  const ownerProblems: OwnerProblem[] = [];
  const capOf = (id: string) => handoffs.find((h) => h.handoffId === id)?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
  for (const output of outputs) {
    const status = decideStatus(output, revised);
    const reason = reasonCauseNeeded(output, capOf(output.handoffId));
    if (reason !== null && output.decision !== '') {
      needsCause.push({ outputId: output.outputId, output: output.output, decision: output.decision, reason });
    }
    const since = waitingSince(output, status);
    if (since === null && status !== 'Awaiting review') continue;
    const entry = byHandoff.get(output.handoffId) ?? { awaitingReview: 0, awaitingNextStep: 0, awaitingRevision: 0, oldest: null };
    if (status === 'Awaiting review') entry.awaitingReview++;
    else if (status === 'Awaiting next step') entry.awaitingNextStep++;
    else if (status === 'Rejected') entry.awaitingRevision++;
    if (since !== null && (entry.oldest === null || since < entry.oldest)) entry.oldest = since;
    byHandoff.set(output.handoffId, entry);
    const owner =
      status === 'Awaiting review'
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
      awaitingNextStep: entry.awaitingNextStep,
      awaitingRevision: entry.awaitingRevision,
      oldestHours: entry.oldest === null ? null : hoursBetween(entry.oldest, now),
    });
  }
  waiting.sort((a, b) => a.handoffId.localeCompare(b.handoffId));
  return { handoffs: waiting, needsCause, ownerProblems };
}

export function reviewTarget(output: OutputRecord, handoffs: readonly HandoffRecord[], revised: ReadonlySet<string>): ReviewTarget {
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
    decision: output.decision,
    reworkCause: output.reworkCause,
    status: decideStatus(output, revised),
    loggedAt: output.loggedAt ? output.loggedAt.toISOString() : '',
  };
}

export function rejectedAwaitingRevision(outputs: readonly OutputRecord[]): RejectedOutput[] {
  const revised = revisedSet(outputs);
  return outputs
    .filter((o) => o.decision === 'Reject' && o.outputId !== '' && !revised.has(o.outputId))
    .map((o) => ({ outputId: o.outputId, handoffId: o.handoffId, output: o.output, version: o.version ?? 1 }));
}
