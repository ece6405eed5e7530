const POLICY = 'Review owner, others marked' as const;

import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import type { OutputRecord } from '../../src/core/register';
import { decodeCounts, encodeCounts, findStalled, planReminders, pruneCounts } from '../../src/core/stall';
import { instantOf, localParts, weekContaining, type Zone } from '../../src/core/zone';
import { handoffRecord, outputRecord } from '../helpers/records';

const H = 3_600_000;
const now = new Date('2026-11-18T12:00:00Z');
const ago = (hours: number) => new Date(now.getTime() - hours * H);
const handoff = (over: Partial<HandoffRecord> = {}): HandoffRecord =>
  handoffRecord({ task: 'Posts', inputOwner: 'i@x.co', reviewOwner: 'r@x.co', nextStepOwner: 'n@x.co', nextStep: 'Schedule', ...over });
const output = (over: Partial<OutputRecord>): OutputRecord =>
  outputRecord({ loggedAt: ago(30), task: 'Posts', output: 'x', inputOwner: 'i@x.co', reviewOwner: 'r@x.co', nextStepOwner: 'n@x.co', ...over });

describe('findStalled', () => {
  it('finds the owner of each waiting stage once its wait passes Stall after', () => {
    const stalled = findStalled(
      [handoff()],
      [
        output({ outputId: 'O-000001', loggedAt: ago(25) }),
        output({ outputId: 'O-000002', loggedAt: ago(24) }),
        output({ outputId: 'O-000003', decision: 'Approve', decidedAt: ago(30) }),
        output({ outputId: 'O-000004', decision: 'Reject', decidedAt: ago(30), reworkCause: 'Input', missed: 'Tone' }),
        output({ outputId: 'O-000005', decision: 'Reject', decidedAt: ago(30), reworkCause: 'Input', missed: 'Tone' }),
        output({ outputId: 'O-000006', revisionOf: 'O-000005', loggedAt: ago(1) }),
        output({ outputId: 'O-000007', decision: 'Edit', decidedAt: ago(30), shipped: true }),
        // Rejected in the grid with nothing said of what it missed: Needs details, on the reviewer.
        output({ outputId: 'O-000008', decision: 'Reject', decidedAt: ago(26) }),
      ],
      now,
      POLICY,
    );
    expect(stalled.map((s) => [s.outputId, s.stage, s.owner, s.waitedHours])).toEqual([
      ['O-000001', 'review', 'r@x.co', 25],
      ['O-000003', 'nextStep', 'n@x.co', 30],
      ['O-000004', 'revise', 'i@x.co', 30],
      ['O-000008', 'review', 'r@x.co', 26],
    ]);
  });

  it("skips Paused handoffs and honours each handoff's own Stall after", () => {
    expect(findStalled([handoff({ status: 'Paused' })], [output({})], now, POLICY)).toEqual([]);
    expect(findStalled([handoff({ stallAfterH: 48 })], [output({})], now, POLICY)).toEqual([]);
  });
});

describe('planReminders', () => {
  const stalled = findStalled(
    [handoff()],
    [
      output({ outputId: 'O-000001', loggedAt: ago(40), reviewOwner: 'R@x.co' }),
      output({ outputId: 'O-000002', loggedAt: ago(30), reviewOwner: 'r@x.co' }),
      output({ outputId: 'O-000003', loggedAt: ago(50), reviewOwner: 'a@x.co', lastReminder: ago(2) }),
      output({ outputId: 'O-000004', loggedAt: ago(35), reviewOwner: 'b@x.co' }),
      output({ outputId: 'O-000005', loggedAt: ago(35), reviewOwner: 'nobody' }),
    ],
    now,
    POLICY,
  );

  it('gives each owner one digest (emails compared case-insensitively), skips items reminded within the interval', () => {
    // Only when it stalls: arrivals are not told, so these are reminders alone.
    const plan = planReminders(stalled, {}, now, 24, 'Only when it stalls');
    expect(plan.digests.map((d) => [d.owner, d.items.map((i) => i.outputId)])).toEqual([
      ['R@x.co', ['O-000001', 'O-000002']],
      ['b@x.co', ['O-000004']],
    ]);
    expect(plan.unreachable.map((i) => i.outputId)).toEqual(['O-000005']);
  });

  it('copies the escalation for items already reminded three times', () => {
    const plan = planReminders(stalled, { 'O-000002:review': 3, 'O-000004:review': 2 }, now, 24, 'Only when it stalls');
    expect(plan.digests.map((d) => d.escalated.map((i) => i.outputId))).toEqual([['O-000002'], []]);
  });

  it('lists work nobody was told of yet as new, once, above the stalled work; a new and stalled item only as new', () => {
    const plan = planReminders(stalled, { 'O-000001:review': 3 }, now, 24);
    expect(plan.digests.map((d) => [d.owner, d.fresh.map((i) => i.outputId), d.items.map((i) => i.outputId)])).toEqual([
      ['R@x.co', ['O-000001', 'O-000002'], []],
      ['b@x.co', ['O-000004'], []],
    ]);
    // Told of it, so never escalated as a reminder.
    expect(plan.digests[0]?.escalated).toEqual([]);
  });

  it('keeps counts only for items still stalled', () => {
    expect(pruneCounts({ 'O-000001:review': 2, 'O-000009:review': 5 }, stalled)).toEqual({ 'O-000001:review': 2 });
  });
});

describe('zone arithmetic', () => {
  // Europe/London: GMT until 2026-03-29 01:00 UTC, then BST (+60) until 2026-10-25 01:00 UTC.
  const london: Zone = { offsetMinutes: (at) => (at >= new Date('2026-03-29T01:00:00Z') && at < new Date('2026-10-25T01:00:00Z') ? 60 : 0) };

  it('reads local parts and weekdays', () => {
    expect(localParts(london, new Date('2026-07-03T23:30:00Z'))).toEqual({ year: 2026, month: 7, day: 4, hour: 0, minute: 30, isoWeekday: 6 });
  });

  it('finds local instants on either side of a daylight-saving change', () => {
    expect(instantOf(london, 2026, 3, 30).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(instantOf(london, 2026, 3, 23).toISOString()).toBe('2026-03-23T00:00:00.000Z');
  });

  it('a week across the spring change is 167 hours long, Monday to Monday', () => {
    const week = weekContaining(london, new Date('2026-03-27T12:00:00Z'));
    expect(week).toEqual({
      start: new Date('2026-03-23T00:00:00Z'),
      end: new Date('2026-03-29T23:00:00Z'),
      startDate: '2026-03-23',
      label: '2026-03-23 to 2026-03-29',
    });
    expect((week.end.getTime() - week.start.getTime()) / H).toBe(167);
  });
});

describe('reminder counts in property storage', () => {
  it('round-trip in a few bytes an item, capped at the escalation count', () => {
    const counts = { 'O-000001:review': 1, 'O-000123:nextStep': 2, 'O-999999:revise': 7 };
    expect(encodeCounts(counts)).toBe('r11,n3f2,vlflr3');
    expect(decodeCounts(encodeCounts(counts))).toEqual({ 'O-000001:review': 1, 'O-000123:nextStep': 2, 'O-999999:revise': 3 });
    expect(decodeCounts('')).toEqual({});
  });
});
