import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import type { OutputRecord } from '../../src/core/register';
import { median, summarizeWeek, weeksSince } from '../../src/core/summary';
import { mergeHistory, parseHistory, renderSummary } from '../../src/core/summaryLayout';
import { UTC_ZONE, type Zone } from '../../src/core/zone';
import { handoffRecord, outputRecord } from '../helpers/records';

const at = (iso: string) => new Date(`${iso}:00Z`);
const handoff = (id: string, cap: number, n: number): HandoffRecord =>
  handoffRecord({
    row: n + 1,
    handoffId: id,
    task: `Task ${n}`,
    inputOwner: `i${n}@x.co`,
    reviewOwner: `r${n}@x.co`,
    nextStepOwner: `n${n}@x.co`,
    reviewCapMin: cap,
  });
let row = 1;
const output = (id: string, h: 1 | 2, over: Partial<OutputRecord>): OutputRecord =>
  outputRecord({
    row: ++row,
    outputId: id,
    handoffId: `H-00${h}`,
    output: id,
    inputOwner: `i${h}@x.co`,
    reviewOwner: `r${h}@x.co`,
    nextStepOwner: `n${h}@x.co`,
    ...over,
  });

const handoffs = [handoff('H-001', 15, 1), handoff('H-002', 10, 2)];
// The week of Monday 2026-11-16, generated Friday 20 at 16:00 (UTC, so hours are easy to check).
const now = at('2026-11-20T16:00');
const outputs = [
  // Review 12 h; next step 12 h; shipped.
  output('O-000001', 1, {
    loggedAt: at('2026-11-16T09:00'),
    decision: 'Approve',
    decidedAt: at('2026-11-16T21:00'),
    shipped: true,
    shippedAt: at('2026-11-17T09:00'),
  }),
  // Review 31 h; an Edit of 20 min, over the 15-min cap; waits for its next step 71 h.
  output('O-000002', 1, { loggedAt: at('2026-11-16T10:00'), decision: 'Edit', decidedAt: at('2026-11-17T17:00'), reviewMinutes: 20, reworkCause: 'Input' }),
  // Review 31 h; rejected for Input; revised by O-000004 18 h later.
  output('O-000003', 1, { loggedAt: at('2026-11-17T09:00'), decision: 'Reject', decidedAt: at('2026-11-18T16:00'), reworkCause: 'Input', missed: 'Context' }),
  output('O-000004', 1, { loggedAt: at('2026-11-19T10:00'), revisionOf: 'O-000003', version: 2 }),
  // Review 24 h; rejected in the grid with no cause and nothing said of what it missed: it waits
  // as Needs details on its review owner, 31 h.
  output('O-000005', 2, { loggedAt: at('2026-11-18T09:00'), decision: 'Reject', decidedAt: at('2026-11-19T09:00') }),
  // Review 1 h; a light Edit within the 10-min cap, no cause needed.
  output('O-000006', 2, { loggedAt: at('2026-11-19T12:00'), decision: 'Edit', decidedAt: at('2026-11-19T13:00'), reviewMinutes: 5 }),
  // Logged last week, approved this Monday: review 71 h.
  output('O-000007', 2, { loggedAt: at('2026-11-13T09:00'), decision: 'Approve', decidedAt: at('2026-11-16T08:00') }),
  // Decided an hour before it was logged: moved through, but no review wait.
  output('O-000010', 2, { loggedAt: at('2026-11-18T12:00'), decision: 'Approve', decidedAt: at('2026-11-18T11:00') }),
];

describe('summarizeWeek on a week computed by hand', () => {
  const summary = summarizeWeek(handoffs, outputs, now, UTC_ZONE);

  it('gives the figures block: rework is Rejects and Edits past the cap; an Edit within it is light', () => {
    // Moved: O-1 Approve, O-2 Edit 20 min (over the 15-min cap), O-3 Reject, O-5 Reject, O-6 Edit 5 min
    // (within 10), O-7 and O-10 Approve. Rework: O-2, O-3, O-5 = 3. First pass (all version 1): 4 of 7.
    expect({
      week: summary.week.label,
      logged: summary.logged,
      moved: summary.moved,
      approved: summary.approved,
      lightEdits: summary.lightEdits,
      edited: summary.edited,
      rejected: summary.rejected,
      neededRework: summary.neededRework,
      reworkRate: summary.reworkRate,
      firstPassRate: summary.firstPassRate,
      editsOverCap: summary.editsOverCap,
      shipped: summary.shipped,
      slowest: summary.slowest,
      stillWaiting: summary.stillWaiting,
    }).toEqual({
      week: '2026-11-16 to 2026-11-22',
      logged: 7,
      moved: 7,
      approved: 3,
      lightEdits: 1,
      edited: 2,
      rejected: 2,
      neededRework: 3,
      reworkRate: 3 / 7,
      firstPassRate: 4 / 7,
      editsOverCap: 1,
      shipped: 1,
      slowest: 'Review (27.5 h median)',
      stillWaiting: 6,
    });
  });

  it('names the slowest stage, then the handoff with the most rework, the part that broke and the repair', () => {
    expect(summary.sentence).toBe(
      'Review is where handoffs slowed this week: median 27.5 h. H-001 Task 1: 2 of 2 reworks were caused by Input: revisit its Input required.',
    );
  });

  it('measures each stage: completed, median, longest, waiting now and the oldest', () => {
    // Review waits 1, 12, 24, 31, 31, 71: median (24 + 31) / 2. Waiting on review: O-000004 (30 h) and
    // O-000005, Needs details since its decision (31 h); next step: O-000002 71 h, O-000006 27 h,
    // O-000007 104 h, O-000010 53 h; nothing waits for a revision.
    expect(summary.stages).toEqual([
      { stage: 'Review', completed: 6, medianH: 27.5, longestH: 71, waitingNow: 2, oldestH: 31 },
      { stage: 'Next step', completed: 1, medianH: 12, longestH: 12, waitingNow: 4, oldestH: 104 },
      { stage: 'Rework', completed: 1, medianH: 18, longestH: 18, waitingNow: 0, oldestH: null },
    ]);
  });

  it('breaks the week down per handoff', () => {
    // H-001: O-1 shipped 12 h after its Approve, 24 h after it was logged; no minutes were recorded.
    expect(summary.perHandoff).toEqual([
      {
        handoffId: 'H-001',
        task: 'Task 1',
        logged: 4,
        moved: 3,
        approved: 1,
        lightEdits: 0,
        neededRework: 2,
        reworkRate: 2 / 3,
        firstPassRate: 1 / 3,
        medianReviewH: 31,
        medianNextStepH: 12,
        shipped: 1,
        decidedOnBehalf: 0,
        minutesPerShipped: 0,
        baselineMin: null,
        vsBaseline: null,
        medianLogToShipH: 24,
        topCause: 'Input',
        topCauseCount: 2,
      },
      {
        handoffId: 'H-002',
        task: 'Task 2',
        logged: 3,
        moved: 4,
        approved: 2,
        lightEdits: 1,
        neededRework: 1,
        reworkRate: 0.25,
        firstPassRate: 0.75,
        medianReviewH: 24,
        medianNextStepH: null,
        shipped: 0,
        decidedOnBehalf: 0,
        minutesPerShipped: null,
        baselineMin: null,
        vsBaseline: null,
        medianLogToShipH: null,
        topCause: 'Not given',
        topCauseCount: 1,
      },
    ]);
  });

  it('counts rework causes, with Not given for a Reject without one', () => {
    expect(summary.causes).toEqual([
      { cause: 'Input', count: 2 },
      { cause: 'Prompt', count: 0 },
      { cause: 'Review standard', count: 0 },
      { cause: 'Next step', count: 0 },
      { cause: 'Tool', count: 0 },
      { cause: 'Not given', count: 1 },
    ]);
  });

  it('lists the owners with the most stalled items now', () => {
    expect(summary.stalledOwners).toEqual([
      { owner: 'n2@x.co', items: 3, oldestH: 104 },
      { owner: 'n1@x.co', items: 1, oldestH: 71 },
      { owner: 'r2@x.co', items: 1, oldestH: 31 },
      { owner: 'r1@x.co', items: 1, oldestH: 30 },
    ]);
  });

  it('notes the decision dated before its logging and keeps a history row', () => {
    expect(summary.notes).toEqual(['1 decision dated before its logging left out of the Review waits.']);
    expect(summary.history).toEqual({
      weekStart: '2026-11-16',
      logged: 7,
      moved: 7,
      approved: 3,
      lightEdits: 1,
      rejected: 2,
      editsOverCap: 1,
      neededRework: 3,
      reworkRate: 3 / 7,
      firstPassRate: 4 / 7,
      shipped: 1,
      shippedWithoutApproval: 0,
      decidedOnBehalf: 0,
      medianReviewH: 27.5,
    });
  });
});

describe('summarizeWeek edge cases', () => {
  it('an empty week: blank rework rate, no slowest stage, a quiet sentence', () => {
    const s = summarizeWeek(handoffs, [], now, UTC_ZONE);
    expect([s.moved, s.reworkRate, s.slowest, s.stillWaiting, s.sentence]).toEqual([
      0,
      null,
      'None',
      0,
      'A quiet week: no outputs moved through the handoffs.',
    ]);
  });

  it('rows with missing or unreadable dates are skipped and counted in a note, never a crash', () => {
    const s = summarizeWeek(
      handoffs,
      [output('O-000020', 1, { loggedAt: null }), output('O-000021', 1, { loggedAt: at('2026-11-17T09:00'), decision: 'Approve', decidedAt: null })],
      now,
      UTC_ZONE,
    );
    expect(s.notes).toEqual(['2 rows with a missing or unreadable date (O-000020, O-000021) left out of the figures that need it.']);
    expect([s.logged, s.moved]).toEqual([1, 0]);
  });

  it('counts only what happened up to the moment of generation', () => {
    const s = summarizeWeek(handoffs, outputs, at('2026-11-17T00:00'), UTC_ZONE);
    expect([s.logged, s.moved, s.shipped]).toEqual([2, 2, 0]);
  });

  it('a week across the autumn daylight-saving change runs Monday to Monday local time (169 hours)', () => {
    const london: Zone = { offsetMinutes: (d) => (d < new Date('2026-10-25T01:00:00Z') ? 60 : 0) };
    const week = summarizeWeek(handoffs, [], new Date('2026-10-23T12:00:00Z'), london).week;
    expect(week.label).toBe('2026-10-19 to 2026-10-25');
    expect((week.end.getTime() - week.start.getTime()) / 3_600_000).toBe(169);
    const sunday = summarizeWeek(
      handoffs,
      [
        output('O-000030', 1, { loggedAt: new Date('2026-10-18T23:30:00Z') }),
        output('O-000031', 1, { loggedAt: new Date('2026-10-18T22:30:00Z') }),
        output('O-000032', 1, { loggedAt: new Date('2026-10-25T23:30:00Z') }),
      ],
      new Date('2026-10-25T23:59:00Z'),
      london,
    );
    expect(sunday.logged).toBe(2);
  });

  it('median of an even count is the mean of the middle two', () => {
    expect([median([]), median([5]), median([1, 4]), median([3, 1, 2, 10])]).toEqual([null, 5, 2.5, 2.5]);
  });

  it('lists one moment per week from the first logged output, for a rebuilt history', () => {
    const moments = weeksSince([output('O-000040', 1, { loggedAt: at('2026-11-04T10:00') })], now, UTC_ZONE);
    expect(moments.map((d) => d.toISOString())).toEqual(['2026-11-08T23:59:59.999Z', '2026-11-15T23:59:59.999Z', '2026-11-20T16:00:00.000Z']);
  });
});

describe('the tab layout', () => {
  const summary = summarizeWeek(handoffs, outputs, now, UTC_ZONE);
  const history = mergeHistory(
    [
      {
        weekStart: '2026-11-16',
        logged: 1,
        moved: 1,
        approved: 1,
        lightEdits: 0,
        rejected: 0,
        editsOverCap: 0,
        neededRework: 0,
        reworkRate: 0,
        firstPassRate: 1,
        shipped: 0,
        shippedWithoutApproval: 0,
        decidedOnBehalf: 0,
        medianReviewH: null,
      },
      {
        weekStart: '2026-11-09',
        logged: 2,
        moved: 2,
        approved: 1,
        lightEdits: 0,
        rejected: 1,
        editsOverCap: 0,
        neededRework: 1,
        reworkRate: 0.5,
        firstPassRate: 0.5,
        shipped: 1,
        shippedWithoutApproval: 0,
        decidedOnBehalf: 0,
        medianReviewH: 3,
      },
    ],
    summary.history,
  );

  it("replaces this week's history row instead of adding one, newest first", () => {
    expect(history.map((r) => [r.weekStart, r.logged])).toEqual([
      ['2026-11-16', 7],
      ['2026-11-09', 2],
    ]);
  });

  it('puts each label in one cell and its value to the right, rates as percentages', () => {
    const grid = renderSummary(summary, history);
    const figure = (label: string) => {
      const i = grid.values.findIndex((r) => r[0] === label);
      return [grid.values[i]?.[1], grid.formats[i]?.[1]];
    };
    expect(grid.values[0]?.[0]).toBe(summary.sentence);
    expect(figure('Week')).toEqual(['2026-11-16 to 2026-11-22', '@']);
    expect(figure('Rework rate')).toEqual([3 / 7, '0%']);
    expect(figure('First-pass approval rate')).toEqual([4 / 7, '0%']);
    expect(figure('Slowest stage')).toEqual(['Review (27.5 h median)', '@']);
    expect(parseHistory(grid.values)).toEqual(history);
    expect(grid.values[grid.history.row - 2]?.slice(0, 7)).toEqual([
      'Week start',
      'Logged',
      'Moved through',
      'Needed rework',
      'Rework rate',
      'Shipped',
      'Median review wait h',
    ]);
  });

  it('reads a History written before the new figures by its headers, missing figures as 0', () => {
    const old = [
      ['History'],
      ['Week start', 'Logged', 'Moved through', 'Needed rework', 'Rework rate', 'Shipped', 'Median review wait h'],
      ['2026-11-09', 2, 2, 1, 0.5, 1, 3],
    ];
    expect(parseHistory(old)).toEqual([
      {
        weekStart: '2026-11-09',
        logged: 2,
        moved: 2,
        neededRework: 1,
        reworkRate: 0.5,
        shipped: 1,
        medianReviewH: 3,
        approved: 0,
        lightEdits: 0,
        rejected: 0,
        editsOverCap: 0,
        firstPassRate: null,
        shippedWithoutApproval: 0,
        decidedOnBehalf: 0,
      },
    ]);
  });

  it('waits of 48 hours or more read in days', () => {
    const grid = renderSummary(summary, history);
    const stage = (name: string) => grid.values.find((r) => r[0] === name)?.slice(2, 4);
    // Median 27.5 h stays in hours; the longest, 71 h, is 2.96 days.
    expect(stage('Review')).toEqual(['27.5 h', '3.0 days']);
  });
});

describe('measurement per handoff', () => {
  it("minutes per shipped output add every version's prep and review minutes, against the baseline; rework by prompt version", () => {
    const base = { ...handoff('H-001', 15, 1), baselineMin: 60 };
    const rows = [
      // Version 1: 10 min prep, 20 min review, rejected (prompt v1).
      output('O-000050', 1, {
        loggedAt: at('2026-11-16T09:00'),
        decision: 'Reject',
        decidedAt: at('2026-11-16T11:00'),
        reviewMinutes: 20,
        reworkCause: 'Prompt',
        missed: 'Tone',
        prepMinutes: 10,
        promptVersion: 'v1',
      }),
      // Version 2: 5 min prep, 10 min review, approved and shipped (prompt v2).
      output('O-000051', 1, {
        loggedAt: at('2026-11-16T13:00'),
        revisionOf: 'O-000050',
        version: 2,
        decision: 'Approve',
        decidedAt: at('2026-11-16T14:00'),
        reviewMinutes: 10,
        prepMinutes: 5,
        promptVersion: 'v2',
        shipped: true,
        shippedAt: at('2026-11-16T18:00'),
      }),
    ];
    const s = summarizeWeek([base], rows, now, UTC_ZONE);
    const h1 = s.perHandoff[0];
    // 10 + 20 + 5 + 10 = 45 minutes for the one output shipped; (45 - 60) / 60 = 25% faster. Logged
    // (first version) Monday 09:00, shipped 18:00: 9 h. First pass: only version 1 counts, and it was rejected.
    expect([h1?.minutesPerShipped, h1?.vsBaseline, h1?.medianLogToShipH, h1?.firstPassRate, h1?.neededRework]).toEqual([45, -0.25, 9, 0, 1]);
    expect(s.prompts).toEqual([
      { handoffId: 'H-001', promptVersion: 'v1', decided: 1, neededRework: 1, reworkRate: 1 },
      { handoffId: 'H-001', promptVersion: 'v2', decided: 1, neededRework: 0, reworkRate: 0 },
    ]);
    // Review waits 2 h and 1 h (median 1.5); the shipment waited 4 h after its Approve: Next step is slowest.
    expect(s.sentence).toBe(
      'Next step is where handoffs slowed this week: median 4 h. H-001 Task 1: 1 of 1 reworks were caused by Prompt: revisit its Tool step.',
    );
  });
});
