// Who is stalled, and the one digest each owner gets per run. An item is a (output, stage) pair:
// a reminder count belongs to the stage, so an output that moves on starts again at zero.
import type { HandoffRecord } from './handoffs';
import type { OutputRecord } from './register';
import { hoursBetween, statusReader } from './waiting';
import { type DecidePolicy, DEFAULT_STALL_AFTER_H } from './vocabulary';

const HOUR_MS = 3_600_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Stage = 'review' | 'nextStep' | 'revise';

export const EXPECTED_OF_OWNER: Record<Stage, string> = {
  review: 'Review it: approve, edit or reject',
  nextStep: 'Move it to its next step and tick Shipped',
  revise: 'Revise it and log the new version',
};

export interface StalledItem {
  readonly outputId: string;
  readonly row: number;
  readonly output: string;
  readonly link: string;
  readonly handoffId: string;
  readonly task: string;
  readonly nextStep: string;
  readonly stage: Stage;
  readonly owner: string;
  readonly since: Date;
  readonly waitedHours: number;
  readonly lastReminder: Date | null;
}

export const itemKey = (item: Pick<StalledItem, 'outputId' | 'stage'>): string => `${item.outputId}:${item.stage}`;

export function findStalled(handoffs: readonly HandoffRecord[], outputs: readonly OutputRecord[], now: Date, policy: DecidePolicy): StalledItem[] {
  const statusOfOutput = statusReader(handoffs, outputs, policy);
  const items: StalledItem[] = [];
  for (const output of outputs) {
    if (output.outputId === '') continue;
    const handoff = handoffs.find((h) => h.handoffId === output.handoffId);
    if (handoff?.status === 'Paused') continue;
    const status = statusOfOutput(output);
    // A decision that waits for its details waits on the review owner, like a review.
    const stage: Stage | null =
      status === 'Awaiting review' || status === 'Needs details' ? 'review' : status === 'Awaiting next step' ? 'nextStep' : status === 'Rejected' ? 'revise' : null;
    if (stage === null) continue;
    const since = status === 'Awaiting review' ? output.loggedAt : (output.decidedAt ?? output.loggedAt);
    if (since === null) continue;
    const stallAfterH = handoff?.stallAfterH ?? DEFAULT_STALL_AFTER_H;
    if (now.getTime() - since.getTime() <= stallAfterH * HOUR_MS) continue;
    const owner = stage === 'review' ? output.reviewOwner : stage === 'nextStep' ? output.nextStepOwner : output.inputOwner;
    items.push({
      outputId: output.outputId,
      row: output.row,
      output: output.output,
      link: output.link,
      handoffId: output.handoffId,
      task: output.task || handoff?.task || '',
      nextStep: handoff?.nextStep ?? '',
      stage,
      owner: owner.trim(),
      since,
      waitedHours: hoursBetween(since, now),
      lastReminder: output.lastReminder,
    });
  }
  return items;
}

export interface Digest {
  readonly owner: string;
  readonly items: readonly StalledItem[];
  /** Items reminded three times before this one: the escalation address is copied. */
  readonly escalated: readonly StalledItem[];
}

export interface ReminderPlan {
  readonly digests: Digest[];
  /** Stalled items whose owner email cannot receive mail. */
  readonly unreachable: StalledItem[];
}

export const ESCALATE_AFTER = 3;

/**
 * One digest per reachable owner with the items not reminded within the interval, longest
 * unanswered waits first, so a short mail quota reaches them first.
 */
export function planReminders(
  stalled: readonly StalledItem[],
  counts: Readonly<Record<string, number>>,
  now: Date,
  intervalH: number,
): ReminderPlan {
  const due = stalled.filter((item) => item.lastReminder === null || now.getTime() - item.lastReminder.getTime() >= intervalH * HOUR_MS);
  const unreachable = due.filter((item) => !EMAIL.test(item.owner));
  const byOwner = new Map<string, StalledItem[]>();
  for (const item of due) {
    if (!EMAIL.test(item.owner)) continue;
    const key = item.owner.toLowerCase();
    byOwner.set(key, [...(byOwner.get(key) ?? []), item]);
  }
  const digests = [...byOwner.values()].map((items) => {
    const sorted = [...items].sort((a, b) => a.since.getTime() - b.since.getTime());
    return {
      owner: (sorted[0] as StalledItem).owner,
      items: sorted,
      escalated: sorted.filter((item) => (counts[itemKey(item)] ?? 0) >= ESCALATE_AFTER),
    };
  });
  // Longest unanswered wait first: an owner held back by the quota last run outranks owners
  // reminded since, so a short quota never starves anyone.
  const waitingSince = (d: Digest) => Math.min(...d.items.map((i) => (i.lastReminder ?? i.since).getTime()));
  digests.sort((a, b) => waitingSince(a) - waitingSince(b) || a.owner.localeCompare(b.owner));
  return { digests, unreachable };
}

/** Counts only for items still stalled, so the stored map stays small. */
export function pruneCounts(counts: Readonly<Record<string, number>>, stalled: readonly StalledItem[]): Record<string, number> {
  const live = new Set(stalled.map(itemKey));
  const kept: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts)) if (live.has(key)) kept[key] = n;
  return kept;
}

const STAGE_CODES: Record<Stage, string> = { review: 'r', nextStep: 'n', revise: 'v' };
const STAGE_OF: Record<string, Stage> = { r: 'review', n: 'nextStep', v: 'revise' };

/**
 * Reminder counts in a few bytes an item ("r2s3": stage, output number in base 36, count), since
 * thousands of stalled items must fit Apps Script's property limits. A count only matters up to
 * ESCALATE_AFTER, so it is stored capped there.
 */
export function encodeCounts(counts: Readonly<Record<string, number>>): string {
  const tokens: string[] = [];
  for (const [key, n] of Object.entries(counts)) {
    const match = /^O-(\d+):(review|nextStep|revise)$/.exec(key);
    if (!match || n < 1) continue;
    tokens.push(`${STAGE_CODES[match[2] as Stage]}${Number(match[1]).toString(36)}${Math.min(n, ESCALATE_AFTER)}`);
  }
  return tokens.join(',');
}

export function decodeCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const token of text.split(',')) {
    const stage = STAGE_OF[token.charAt(0)];
    const id = parseInt(token.slice(1, -1), 36);
    const n = Number(token.slice(-1));
    if (stage && Number.isFinite(id) && n > 0) counts[`O-${String(id).padStart(6, '0')}:${stage}`] = n;
  }
  return counts;
}
