// The essay's Friday review, computed: how many outputs moved through, how many needed rework
// and why, and where the handoff slowed down. Pure: the week and "now" come in, figures go out.

import type { HandoffRecord } from './handoffs';
import type { OutputRecord } from './register';
import { decidedOnBehalf, reworkCauseRequired } from './rules';
import { findStalled } from './stall';
import { plural } from './text';
import { DEFAULT_REVIEW_CAP_MIN, type DecidePolicy, REWORK_CAUSES } from './vocabulary';
import { statusReader } from './waiting';
import { weekContaining, type Zone } from './zone';

const H = 3_600_000;

export type StageName = 'Review' | 'Next step' | 'Rework';

export interface StageFigures {
  readonly stage: StageName;
  readonly completed: number;
  readonly medianH: number | null;
  readonly longestH: number | null;
  readonly waitingNow: number;
  readonly oldestH: number | null;
}

export interface HandoffFigures {
  readonly handoffId: string;
  readonly task: string;
  readonly logged: number;
  readonly moved: number;
  readonly approved: number;
  readonly lightEdits: number;
  readonly neededRework: number;
  readonly reworkRate: number | null;
  readonly firstPassRate: number | null;
  readonly medianReviewH: number | null;
  readonly medianNextStepH: number | null;
  readonly shipped: number;
  readonly decidedOnBehalf: number;
  /** Prep plus review minutes of every version that led to each output shipped this week. */
  readonly minutesPerShipped: number | null;
  readonly baselineMin: number | null;
  /** Minutes per shipped output against the baseline: -0.3 is 30% faster. */
  readonly vsBaseline: number | null;
  readonly medianLogToShipH: number | null;
  /** The most common rework cause this week, '' when none. */
  readonly topCause: string;
  readonly topCauseCount: number;
}

/** Rework by prompt version, so "did the prompt fix work?" has an answer. */
export interface PromptFigures {
  readonly handoffId: string;
  readonly promptVersion: string;
  readonly decided: number;
  readonly neededRework: number;
  readonly reworkRate: number | null;
}

/** A finished week's figures: everything the summary's block shows, one row a week. */
export interface HistoryRow {
  readonly weekStart: string;
  readonly logged: number;
  readonly moved: number;
  readonly approved: number;
  readonly lightEdits: number;
  readonly rejected: number;
  readonly editsOverCap: number;
  readonly neededRework: number;
  readonly reworkRate: number | null;
  readonly firstPassRate: number | null;
  readonly shipped: number;
  readonly shippedWithoutApproval: number;
  readonly decidedOnBehalf: number;
  readonly medianReviewH: number | null;
}

export interface WeekSummary {
  readonly week: { readonly start: Date; readonly end: Date; readonly label: string; readonly startDate: string };
  readonly sentence: string;
  readonly logged: number;
  readonly moved: number;
  readonly approved: number;
  readonly edited: number;
  readonly rejected: number;
  /** Rejected plus Edits past the review cap: the essay's rework. */
  readonly neededRework: number;
  /** Edits within the review cap: light changes, not rework. */
  readonly lightEdits: number;
  readonly reworkRate: number | null;
  /** Of outputs decided this week on their first version, the share approved or lightly edited. */
  readonly firstPassRate: number | null;
  readonly editsOverCap: number;
  readonly shipped: number;
  /** Shipped this week without an approved, complete decision. */
  readonly shippedWithoutApproval: number;
  /** Decided this week by someone other than the output's review owner. */
  readonly decidedOnBehalf: number;
  readonly slowest: string;
  readonly stillWaiting: number;
  readonly stages: readonly StageFigures[];
  readonly perHandoff: readonly HandoffFigures[];
  readonly prompts: readonly PromptFigures[];
  readonly causes: readonly { readonly cause: string; readonly count: number }[];
  readonly stalledOwners: readonly { readonly owner: string; readonly items: number; readonly oldestH: number }[];
  readonly history: HistoryRow;
  readonly notes: readonly string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Where to look when a cause keeps coming back: the part of the handoff that owns it. */
export const REPAIR_OF: Record<string, string> = {
  Input: 'revisit its Input required',
  Prompt: 'revisit its Tool step',
  Tool: 'revisit its Tool step',
  'Review standard': 'revisit its Output standard and checklist',
  'Next step': 'revisit its Next step',
  'Not given': 'ask its reviewer which part broke',
};

/** The median of an even count is the mean of the middle two; one decimal. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return round1(m);
}

const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / H;

export interface CauseCount {
  readonly cause: string;
  readonly count: number;
}

/** Rework counted by the part of the handoff that broke, every cause listed, 'Not given' last. */
export function causeCounts(rework: readonly OutputRecord[]): CauseCount[] {
  const counts = new Map<string, number>([...REWORK_CAUSES, 'Not given'].map((c) => [c, 0]));
  for (const o of rework) {
    const cause = o.reworkCause !== '' ? o.reworkCause : 'Not given';
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  return [...counts].map(([cause, count]) => ({ cause, count }));
}

/** The most common cause, the first listed on a tie; undefined when nothing needed rework. */
export const topCauseOf = (causes: readonly CauseCount[]): CauseCount | undefined => causes.filter((c) => c.count > 0).sort((a, b) => b.count - a.count)[0];

/** The versions that led to an output: it, then what it revised, and so on back. */
function versionChain(byId: ReadonlyMap<string, OutputRecord>, o: OutputRecord): OutputRecord[] {
  const seen: OutputRecord[] = [];
  for (let at: OutputRecord | undefined = o; at && !seen.includes(at); at = at.revisionOf ? byId.get(at.revisionOf) : undefined) seen.push(at);
  return seen;
}

/**
 * What shipped outputs cost and how fast they went: prep and review minutes of every version that
 * led to each, their mean against the baseline (-0.3 is 30% less time), and the median hours from
 * the first version's logging to shipping. `byId` holds the outputs the versions are looked up in.
 */
export function shippedMeasures(
  shipped: readonly OutputRecord[],
  byId: ReadonlyMap<string, OutputRecord>,
  baselineMin: number | null,
): { minutesPerShipped: number | null; vsBaseline: number | null; medianLogToShipH: number | null } {
  const minutesOf = (o: OutputRecord) => versionChain(byId, o).reduce((sum, v) => sum + (v.prepMinutes ?? 0) + (v.reviewMinutes ?? 0), 0);
  const minutesPerShipped = shipped.length === 0 ? null : round1(shipped.reduce((sum, o) => sum + minutesOf(o), 0) / shipped.length);
  return {
    minutesPerShipped,
    vsBaseline:
      minutesPerShipped === null || baselineMin === null || baselineMin === 0
        ? null
        : Math.round(((minutesPerShipped - baselineMin) / baselineMin) * 1000) / 1000,
    medianLogToShipH: median(
      shipped.flatMap((o) => {
        const versions = versionChain(byId, o);
        const first = versions[versions.length - 1]?.loggedAt;
        return first && o.shippedAt && o.shippedAt >= first ? [hours(first, o.shippedAt)] : [];
      }),
    ),
  };
}

/** "31 h", "2.5 h": the sentence reads like speech, the table keeps one decimal. */
const spoken = (h: number) => `${Number.isInteger(round1(h)) ? String(round1(h)) : round1(h).toFixed(1)} h`;

export function summarizeWeek(
  handoffs: readonly HandoffRecord[],
  outputs: readonly OutputRecord[],
  now: Date,
  zone: Zone,
  policy: DecidePolicy = 'Review owner, others marked',
): WeekSummary {
  const week = weekContaining(zone, now);
  const statusOfOutput = statusReader(handoffs, outputs, policy);
  // What happened up to the moment of generation counts.
  const inWeek = (d: Date | null): d is Date => d !== null && d >= week.start && d < week.end && d <= now;
  const byId = new Map(outputs.map((o) => [o.outputId, o]));
  const capOf = (o: OutputRecord) => handoffs.find((h) => h.handoffId === o.handoffId)?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
  const notes: string[] = [];

  const unreadable = outputs.filter((o) => o.loggedAt === null || (o.decision !== '' && o.decidedAt === null) || (o.shipped && o.shippedAt === null));
  if (unreadable.length > 0) {
    notes.push(
      `${plural(unreadable.length, 'row')} with a missing or unreadable date (${unreadable
        .slice(0, 5)
        .map((o) => o.outputId || `row ${o.row}`)
        .join(', ')}${unreadable.length > 5 ? ', …' : ''}) left out of the figures that need it.`,
    );
  }

  const logged = outputs.filter((o) => inWeek(o.loggedAt));
  const moved = outputs.filter((o) => o.decision !== '' && inWeek(o.decidedAt));
  const count = (rows: readonly OutputRecord[], decision: string) => rows.filter((o) => o.decision === decision).length;
  const approved = count(moved, 'Approve');
  const edited = count(moved, 'Edit');
  const rejected = count(moved, 'Reject');
  const overCap = (o: OutputRecord) => o.decision === 'Edit' && o.reviewMinutes !== null && o.reviewMinutes > capOf(o);
  const isRework = (o: OutputRecord) => reworkCauseRequired(o.decision, o.reviewMinutes, capOf(o));
  const reworkOf = (rows: readonly OutputRecord[]) => rows.filter(isRework).length;
  const neededRework = reworkOf(moved);
  const editsOverCap = moved.filter(overCap).length;
  const firstPass = (rows: readonly OutputRecord[]) => {
    const first = rows.filter((o) => (o.version ?? 1) === 1);
    return rate(first.filter((o) => !isRework(o)).length, first.length);
  };
  const rate = (rework: number, total: number) => (total === 0 ? null : rework / total);
  const shipped = outputs.filter((o) => o.shipped && inWeek(o.shippedAt));

  let backwards = 0;
  const reviewWaits = (rows: readonly OutputRecord[]) =>
    rows.flatMap((o) => {
      if (o.loggedAt === null || o.decidedAt === null) return [];
      const h = hours(o.loggedAt, o.decidedAt);
      if (h < 0) {
        backwards++;
        return [];
      }
      return [h];
    });
  const review = reviewWaits(moved);
  if (backwards > 0) notes.push(`${plural(backwards, 'decision')} dated before its logging left out of the Review waits.`);
  const nextStep = shipped.flatMap((o) =>
    o.decidedAt && (o.decision === 'Approve' || o.decision === 'Edit') && o.shippedAt && o.shippedAt >= o.decidedAt ? [hours(o.decidedAt, o.shippedAt)] : [],
  );
  const rework = logged.flatMap((o) => {
    const previous = o.revisionOf ? byId.get(o.revisionOf) : undefined;
    return previous?.decidedAt && o.loggedAt && o.loggedAt >= previous.decidedAt ? [hours(previous.decidedAt, o.loggedAt)] : [];
  });

  const waitingFor = (statuses: readonly string[], since: (o: OutputRecord) => Date | null) => {
    const waits = outputs.filter((o) => o.outputId !== '' && statuses.includes(statusOfOutput(o))).map((o) => since(o));
    const ages = waits.flatMap((d) => (d ? [hours(d, now)] : []));
    return { waitingNow: waits.length, oldestH: ages.length ? round1(Math.max(...ages)) : null };
  };
  const stage = (name: StageName, waits: number[], waiting: { waitingNow: number; oldestH: number | null }): StageFigures => ({
    stage: name,
    completed: waits.length,
    medianH: median(waits),
    longestH: waits.length ? round1(Math.max(...waits)) : null,
    ...waiting,
  });
  const stages = [
    // A decision that waits for its details still waits on its reviewer.
    stage(
      'Review',
      review,
      waitingFor(['Awaiting review', 'Needs details'], (o) => (o.decision === '' ? o.loggedAt : (o.decidedAt ?? o.loggedAt))),
    ),
    stage(
      'Next step',
      nextStep,
      waitingFor(['Awaiting next step'], (o) => o.decidedAt),
    ),
    stage(
      'Rework',
      rework,
      waitingFor(['Rejected'], (o) => o.decidedAt),
    ),
  ];
  const slowestStage = stages
    .filter((s) => s.medianH !== null)
    .reduce<StageFigures | null>((best, s) => (best === null || (s.medianH as number) > (best.medianH as number) ? s : best), null);

  const causesOf = (rows: readonly OutputRecord[]) => causeCounts(rows.filter(isRework));
  const causes = causesOf(moved);
  const perHandoff = [...new Set([...handoffs.map((h) => h.handoffId), ...logged.map((o) => o.handoffId), ...moved.map((o) => o.handoffId)])].map(
    (id): HandoffFigures => {
      const mine = (rows: readonly OutputRecord[]) => rows.filter((o) => o.handoffId === id);
      const handoff = handoffs.find((h) => h.handoffId === id);
      const m = mine(moved);
      const shippedHere = mine(shipped);
      const baseline = handoff?.baselineMin ?? null;
      const measures = shippedMeasures(shippedHere, byId, baseline);
      const top = topCauseOf(causesOf(m));
      return {
        handoffId: id || '(none)',
        task: handoff?.task ?? '',
        logged: mine(logged).length,
        moved: m.length,
        approved: count(m, 'Approve'),
        lightEdits: m.filter((o) => o.decision === 'Edit' && !overCap(o)).length,
        neededRework: reworkOf(m),
        reworkRate: rate(reworkOf(m), m.length),
        firstPassRate: firstPass(m),
        medianReviewH: median(reviewWaits(m)),
        medianNextStepH: median(
          shippedHere.flatMap((o) => (o.decidedAt && o.shippedAt && o.shippedAt >= o.decidedAt ? [hours(o.decidedAt, o.shippedAt)] : [])),
        ),
        shipped: shippedHere.length,
        decidedOnBehalf: m.filter(decidedOnBehalf).length,
        ...measures,
        baselineMin: baseline,
        topCause: top?.cause ?? '',
        topCauseCount: top?.count ?? 0,
      };
    },
  );
  const promptKey = (o: OutputRecord) => `${o.handoffId}\u0000${o.promptVersion}`;
  const prompts = [...new Set(moved.map(promptKey))].sort().map((key): PromptFigures => {
    const rows = moved.filter((o) => promptKey(o) === key);
    const [handoffId = '', promptVersion = ''] = key.split('\u0000');
    return {
      handoffId,
      promptVersion: promptVersion || '(not given)',
      decided: rows.length,
      neededRework: reworkOf(rows),
      reworkRate: rate(reworkOf(rows), rows.length),
    };
  });

  const owners = new Map<string, { items: number; oldestH: number }>();
  for (const item of findStalled(handoffs, outputs, now, policy)) {
    const key = item.owner || '(no owner)';
    const entry = owners.get(key) ?? { items: 0, oldestH: 0 };
    owners.set(key, { items: entry.items + 1, oldestH: Math.max(entry.oldestH, round1(item.waitedHours)) });
  }
  const stalledOwners = [...owners]
    .map(([owner, e]) => ({ owner, ...e }))
    .sort((a, b) => b.items - a.items || b.oldestH - a.oldestH)
    .slice(0, 10);

  const stillWaiting = stages.reduce((n, s) => n + s.waitingNow, 0);
  const topCause = topCauseOf(causes);
  const parts: string[] = [];
  if (slowestStage) parts.push(`${slowestStage.stage} is where handoffs slowed this week: median ${spoken(slowestStage.medianH as number)}.`);
  else if (stillWaiting > 0)
    parts.push(`Nothing completed a stage this week; ${plural(stillWaiting, 'output')} ${stillWaiting === 1 ? 'is' : 'are'} still waiting.`);
  else parts.push('A quiet week: no outputs moved through the handoffs.');
  // Which handoff to repair, and which part of it: the handoff with the most rework, its top cause.
  const worst = perHandoff.filter((p) => p.neededRework > 0).sort((a, b) => b.neededRework - a.neededRework || a.handoffId.localeCompare(b.handoffId))[0];
  if (worst && topCause) {
    const repair = REPAIR_OF[worst.topCause];
    parts.push(
      worst.topCause === 'Not given'
        ? `${worst.handoffId} ${worst.task}: ${worst.topCauseCount} of ${worst.neededRework} reworks have no cause given yet; ask its reviewer which part broke.`
        : `${worst.handoffId} ${worst.task}: ${worst.topCauseCount} of ${worst.neededRework} reworks were caused by ${worst.topCause}: ${repair}.`,
    );
  } else if (moved.length > 0) parts.push('No output needed rework.');

  const medianReview = median(review);
  return {
    week,
    sentence: parts.join(' '),
    logged: logged.length,
    moved: moved.length,
    approved,
    edited,
    rejected,
    neededRework,
    lightEdits: edited - editsOverCap,
    reworkRate: rate(neededRework, moved.length),
    firstPassRate: firstPass(moved),
    editsOverCap,
    shipped: shipped.length,
    shippedWithoutApproval: shipped.filter((o) => statusOfOutput(o) === 'Shipped without approval').length,
    decidedOnBehalf: moved.filter(decidedOnBehalf).length,
    slowest: slowestStage ? `${slowestStage.stage} (${(slowestStage.medianH as number).toFixed(1)} h median)` : 'None',
    stillWaiting,
    stages,
    perHandoff,
    prompts,
    causes,
    stalledOwners,
    history: {
      weekStart: week.startDate,
      logged: logged.length,
      moved: moved.length,
      approved,
      lightEdits: edited - editsOverCap,
      rejected,
      editsOverCap,
      neededRework,
      reworkRate: rate(neededRework, moved.length),
      firstPassRate: firstPass(moved),
      shipped: shipped.length,
      shippedWithoutApproval: shipped.filter((o) => statusOfOutput(o) === 'Shipped without approval').length,
      decidedOnBehalf: moved.filter(decidedOnBehalf).length,
      medianReviewH: medianReview,
    },
    notes,
  };
}

/** Every week from the first logged output to the one containing `now`, for a rebuilt history. */
export function weeksSince(outputs: readonly OutputRecord[], now: Date, zone: Zone): Date[] {
  const first = outputs.reduce<Date | null>((min, o) => (o.loggedAt && (!min || o.loggedAt < min) ? o.loggedAt : min), null);
  const moments: Date[] = [];
  for (let at = first ?? now; at <= now; ) {
    const week = weekContaining(zone, at);
    moments.push(week.end <= now ? new Date(week.end.getTime() - 1) : now);
    at = week.end;
  }
  return moments;
}
