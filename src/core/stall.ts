// Who is stalled, and the one digest each owner gets per run. An item is a (output, stage) pair:
// a reminder count belongs to the stage, so an output that moves on starts again at zero.
import type { HandoffRecord } from './handoffs';
import type { OutputRecord } from './register';
import { missingDetails, missingSentence } from './rules';
import { DEFAULT_STALL_AFTER_H, type DecidePolicy } from './vocabulary';
import { hoursBetween, statusReader, waitingSince } from './waiting';

const HOUR_MS = 3_600_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Stage = 'review' | 'nextStep' | 'revise' | 'unapproved';

export const EXPECTED_OF_OWNER: Record<Stage, string> = {
  review: 'Review it: approve, edit or reject',
  nextStep: 'Move it to its next step and tick Shipped',
  revise: 'Revise it and log the new version',
  unapproved: 'It was shipped without an approved decision: review what went out',
};

/** How owners hear of work that lands on them (Settings ▸ Tell owners about new work). */
export const TELL_MODES = ['In the next digest', 'At once', 'Only when it stalls'] as const;
export type TellMode = (typeof TELL_MODES)[number];

/** An output waiting on one person, for one stage. */
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
  /** Nobody has been told of it at this stage yet: it arrived since the last digest that listed it. */
  readonly isNew: boolean;
  /** It has waited longer than its handoff's Stall after. */
  readonly stalled: boolean;
  /** What the owner should know: what a Reject missed and its notes, what a decision lacks. */
  readonly detail: string;
}

export const itemKey = (item: Pick<StalledItem, 'outputId' | 'stage'>): string => `${item.outputId}:${item.stage}`;

/**
 * Everything that waits on someone now. An item is new until a digest has listed it for this
 * stage: the add-on stamps Last reminder when it does, so "new" needs no store of its own.
 */
export function findWaitingItems(handoffs: readonly HandoffRecord[], outputs: readonly OutputRecord[], now: Date, policy: DecidePolicy): StalledItem[] {
  const statusOfOutput = statusReader(handoffs, outputs, policy);
  const items: StalledItem[] = [];
  for (const output of outputs) {
    if (output.outputId === '') continue;
    const handoff = handoffs.find((h) => h.handoffId === output.handoffId);
    if (handoff?.status === 'Paused') continue;
    const status = statusOfOutput(output);
    // A decision that waits for its details waits on the review owner, like a review.
    const stage: Stage | null =
      status === 'Awaiting review' || status === 'Needs details'
        ? 'review'
        : status === 'Awaiting next step'
          ? 'nextStep'
          : status === 'Rejected'
            ? 'revise'
            : status === 'Shipped without approval'
              ? 'unapproved'
              : null;
    if (stage === null) continue;
    const since = stage === 'unapproved' ? output.shippedAt : waitingSince(output, status);
    if (since === null) continue;
    const stallAfterH = handoff?.stallAfterH ?? DEFAULT_STALL_AFTER_H;
    const owner = stage === 'review' || stage === 'unapproved' ? output.reviewOwner : stage === 'nextStep' ? output.nextStepOwner : output.inputOwner;
    const detail =
      status === 'Needs details'
        ? missingSentence(missingDetails(output, { handoff, policy }))
        : stage === 'revise'
          ? [output.missed ? `Missed: ${output.missed}` : '', output.reworkCause ? `cause: ${output.reworkCause}` : '', lastNote(output.notes)]
              .filter((t) => t !== '')
              .join('; ')
          : '';
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
      isNew: output.lastReminder === null || output.lastReminder < since,
      // A shipment without approval is told once; it does not stall.
      stalled: stage !== 'unapproved' && now.getTime() - since.getTime() > stallAfterH * HOUR_MS,
      detail,
    });
  }
  return items;
}

/** The latest dated line a review added to Notes ("2026-11-16 09:30 Reject: …"), or the notes. */
function lastNote(notes: string): string {
  const lines = notes.split('\n').filter((l) => l.trim() !== '');
  const last = lines[lines.length - 1] ?? '';
  return last.replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} (?:Approve|Edit|Reject): /, '');
}

/** Items past their stall time (the Friday summary's stalled owners, Waiting now's stall marks). */
export function findStalled(handoffs: readonly HandoffRecord[], outputs: readonly OutputRecord[], now: Date, policy: DecidePolicy): StalledItem[] {
  return findWaitingItems(handoffs, outputs, now, policy).filter((item) => item.stalled);
}

export interface Digest {
  readonly owner: string;
  /** Work that landed on them since they were last told ("New for you"). */
  readonly fresh: readonly StalledItem[];
  /** Work waiting past its stall time, not reminded within the interval ("Waiting too long"). */
  readonly items: readonly StalledItem[];
  /** Stalled items reminded three times before this one: the escalation address is copied. */
  readonly escalated: readonly StalledItem[];
}

export interface ReminderPlan {
  readonly digests: Digest[];
  /** Items whose owner email cannot receive mail. */
  readonly unreachable: StalledItem[];
}

export const ESCALATE_AFTER = 3;

/** Everything a digest lists, new work first. */
export const digestItems = (digest: Digest): readonly StalledItem[] => [...digest.fresh, ...digest.items];

/**
 * One digest per reachable owner: what landed on them since they were last told (unless
 * owners are told only of stalled work), and what has stalled and was not reminded within the
 * interval; an item both new and stalled is listed once, as new. Longest unanswered waits
 * first, so a short mail quota reaches them first.
 */
export function planReminders(
  waiting: readonly StalledItem[],
  counts: Readonly<Record<string, number>>,
  now: Date,
  intervalH: number,
  tell: TellMode = 'In the next digest',
): ReminderPlan {
  const fresh = (item: StalledItem) => tell !== 'Only when it stalls' && item.isNew;
  const due = (item: StalledItem) => item.stalled && (item.lastReminder === null || now.getTime() - item.lastReminder.getTime() >= intervalH * HOUR_MS);
  const listed = waiting.filter((item) => fresh(item) || due(item));
  const unreachable = listed.filter((item) => !EMAIL.test(item.owner));
  const byOwner = new Map<string, StalledItem[]>();
  for (const item of listed) {
    if (!EMAIL.test(item.owner)) continue;
    const key = item.owner.toLowerCase();
    byOwner.set(key, [...(byOwner.get(key) ?? []), item]);
  }
  const oldestFirst = (a: StalledItem, b: StalledItem) => a.since.getTime() - b.since.getTime();
  const digests = [...byOwner.values()].map((items) => {
    const stalledOnes = items.filter((i) => !fresh(i)).sort(oldestFirst);
    return {
      owner: (items[0] as StalledItem).owner,
      fresh: items.filter(fresh).sort(oldestFirst),
      items: stalledOnes,
      escalated: stalledOnes.filter((item) => (counts[itemKey(item)] ?? 0) >= ESCALATE_AFTER),
    };
  });
  // Longest unanswered wait first: an owner held back by the quota last run outranks owners
  // reminded since, so a short quota never starves anyone.
  const waitingSince = (d: Digest) => Math.min(...digestItems(d).map((i) => (i.lastReminder ?? i.since).getTime()));
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

const STAGE_CODES: Record<Stage, string> = { review: 'r', nextStep: 'n', revise: 'v', unapproved: 'u' };
const STAGE_OF: Record<string, Stage> = { r: 'review', n: 'nextStep', v: 'revise', u: 'unapproved' };

/**
 * Reminder counts in a few bytes an item ("r2s3": stage, output number in base 36, count), since
 * thousands of stalled items must fit Apps Script's property limits. A count only matters up to
 * ESCALATE_AFTER, so it is stored capped there.
 */
export function encodeCounts(counts: Readonly<Record<string, number>>): string {
  const tokens: string[] = [];
  for (const [key, n] of Object.entries(counts)) {
    const match = /^O-(\d+):(review|nextStep|revise|unapproved)$/.exec(key);
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
