// The one-week pilot, judged: the essay's "pick one workflow, run it for one week, review where
// rework happened". Seven days after a handoff is set to Pilot, its report says what moved
// through, what needed rework and why, what changed in the handoff, and what to do next.
import type { HandoffRecord } from './handoffs';
import type { OutputRecord } from './register';
import { reworkCauseRequired } from './rules';
import { causeCounts, REPAIR_OF, shippedMeasures, topCauseOf } from './summary';

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
  // The cap as the Friday summary reads it (a 0 typed in the sheet included), so both count the same rework.
  const cap = handoff.reviewCapMin;
  const moved = mine.filter((o) => o.decision !== '' && inWindow(o.decidedAt));
  const rework = moved.filter((o) => reworkCauseRequired(o.decision, o.reviewMinutes, cap));
  const shipped = mine.filter((o) => o.shipped && inWindow(o.shippedAt));
  const baseline = handoff.baselineMin;
  const { minutesPerShipped: perShipped, vsBaseline, medianLogToShipH } = shippedMeasures(shipped, new Map(mine.map((o) => [o.outputId, o])), baseline);
  const causes = causeCounts(rework);
  const reworkRate = moved.length === 0 ? null : rework.length / moved.length;
  const top = topCauseOf(causes);
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
    medianLogToShipH,
    causes,
    recommendation,
    part,
    reason,
  };
}
