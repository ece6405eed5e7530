// The one-week pilot, judged: the essay's "pick one workflow, run it for one week, review where
// rework happened". Seven days after a handoff is set to Pilot, its report says what moved
// through, what needed rework and why, what changed in the handoff, and what to do next.
import type { HandoffRecord } from './handoffs';
import type { OutputRecord } from './register';
import { reworkCauseRequired } from './rules';
import { median, REPAIR_OF } from './summary';
import { DEFAULT_REVIEW_CAP_MIN, REWORK_CAUSES } from './vocabulary';

export const PILOT_DAYS = 7;
const DAY_MS = 24 * 3_600_000;
/** More rework than this in the pilot week means the handoff needs repair before it is rolled out. */
export const PILOT_REWORK_LIMIT = 0.3;

export type Recommendation = 'Promote' | 'Repair' | 'Pause';

export interface PilotReport {
  readonly handoffId: string;
  readonly task: string;
  readonly from: Date;
  readonly to: Date;
  readonly logged: number;
  readonly moved: number;
  readonly neededRework: number;
  readonly reworkRate: number | null;
  readonly shipped: number;
  readonly minutesPerShipped: number | null;
  readonly baselineMin: number | null;
  readonly vsBaseline: number | null;
  readonly medianLogToShipH: number | null;
  readonly causes: readonly { readonly cause: string; readonly count: number }[];
  readonly recommendation: Recommendation;
  /** The part of the handoff to repair ('' unless Repair). */
  readonly part: string;
  readonly reason: string;
}

const PART_OF: Record<string, string> = {
  Input: 'Input required',
  Prompt: 'Tool step',
  Tool: 'Tool step',
  'Review standard': 'Output standard and checklist',
  'Next step': 'Next step',
  'Not given': '',
};

/** When a handoff's pilot week ends, or null when it is not a running pilot. */
export function pilotEnds(handoff: HandoffRecord): Date | null {
  if (handoff.status !== 'Pilot' || handoff.pilotStarted === '') return null;
  return new Date(Date.parse(handoff.pilotStarted) + PILOT_DAYS * DAY_MS);
}

export function judgePilot(handoff: HandoffRecord, outputs: readonly OutputRecord[]): PilotReport {
  const from = new Date(handoff.pilotStarted);
  const to = new Date(from.getTime() + PILOT_DAYS * DAY_MS);
  const inWindow = (d: Date | null): d is Date => d !== null && d >= from && d < to;
  const mine = outputs.filter((o) => o.handoffId === handoff.handoffId);
  const cap = handoff.reviewCapMin || DEFAULT_REVIEW_CAP_MIN;
  const moved = mine.filter((o) => o.decision !== '' && inWindow(o.decidedAt));
  const rework = moved.filter((o) => reworkCauseRequired(o.decision, o.reviewMinutes, cap));
  const shipped = mine.filter((o) => o.shipped && inWindow(o.shippedAt));
  const byId = new Map(mine.map((o) => [o.outputId, o]));
  const chain = (o: OutputRecord) => {
    const seen: OutputRecord[] = [];
    for (let at: OutputRecord | undefined = o; at && !seen.includes(at); at = at.revisionOf ? byId.get(at.revisionOf) : undefined) seen.push(at);
    return seen;
  };
  const perShipped =
    shipped.length === 0
      ? null
      : Math.round(
          (shipped.reduce((sum, o) => sum + chain(o).reduce((m, v) => m + (v.prepMinutes ?? 0) + (v.reviewMinutes ?? 0), 0), 0) / shipped.length) * 10,
        ) / 10;
  const baseline = handoff.baselineMin;
  const vsBaseline = perShipped === null || baseline === null || baseline === 0 ? null : Math.round(((perShipped - baseline) / baseline) * 1000) / 1000;
  const counts = new Map<string, number>([...REWORK_CAUSES, 'Not given'].map((c) => [c, 0]));
  for (const o of rework) counts.set(o.reworkCause || 'Not given', (counts.get(o.reworkCause || 'Not given') ?? 0) + 1);
  const causes = [...counts].map(([cause, count]) => ({ cause, count }));
  const reworkRate = moved.length === 0 ? null : rework.length / moved.length;
  const top = causes.filter((c) => c.count > 0).sort((a, b) => b.count - a.count)[0];
  const pct = (n: number) => `${Math.round(n * 100)}%`;

  let recommendation: Recommendation;
  let part = '';
  let reason: string;
  if (moved.length === 0) {
    recommendation = 'Pause';
    reason = 'Nothing moved through in the pilot week: check the handoff is being used before judging it.';
  } else if ((reworkRate ?? 0) > PILOT_REWORK_LIMIT && top) {
    recommendation = 'Repair';
    part = PART_OF[top.cause] ?? '';
    reason = `${top.count} of ${rework.length} reworks were caused by ${top.cause}: ${REPAIR_OF[top.cause] ?? 'look at the handoff'} before rolling it out.`;
  } else if (vsBaseline !== null && vsBaseline > 0) {
    recommendation = 'Pause';
    reason = `Shipped outputs took ${perShipped} minutes against a baseline of ${baseline}: the tool is not saving time yet.`;
  } else {
    recommendation = 'Promote';
    reason = `${moved.length} output${moved.length === 1 ? '' : 's'} moved through with ${pct(reworkRate ?? 0)} rework${vsBaseline === null ? '' : `, ${pct(-vsBaseline)} faster than the baseline`}: set it to Active.`;
  }
  return {
    handoffId: handoff.handoffId,
    task: handoff.task,
    from,
    to,
    logged: mine.filter((o) => inWindow(o.loggedAt)).length,
    moved: moved.length,
    neededRework: rework.length,
    reworkRate,
    shipped: shipped.length,
    minutesPerShipped: perShipped,
    baselineMin: baseline,
    vsBaseline,
    medianLogToShipH: median(
      shipped.flatMap((o) => {
        const versions = chain(o);
        const first = versions[versions.length - 1]?.loggedAt;
        return first && o.shippedAt && o.shippedAt >= first ? [(o.shippedAt.getTime() - first.getTime()) / 3_600_000] : [];
      }),
    ),
    causes,
    recommendation,
    part,
    reason,
  };
}
