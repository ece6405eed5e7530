import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import { checklistSummary, checkNewOutput, checkReview, planReview } from '../../src/core/outputs';
import type { OutputRecord } from '../../src/core/register';
import { handoffRecord, outputRecord } from '../helpers/records';

const handoff = (over: Partial<HandoffRecord> = {}): HandoffRecord =>
  handoffRecord({
    task: 'Social posts',
    outputStandard: 'On brand',
    risk: 'Medium',
    inputOwner: 'ines@example.com',
    reviewOwner: 'rae@example.com',
    nextStepOwner: 'nick@example.com',
    reviewChecklist: ['Tone', 'Offer details', 'Client voice', 'Call to action'],
    ...over,
  });
const output = (over: Partial<OutputRecord> = {}): OutputRecord => outputRecord({ task: 'Social posts', output: 'Post', status: 'Awaiting review', ...over });
const entry = {
  handoffId: 'H-001',
  output: 'Take 2',
  link: '',
  revisionOf: '',
  inputOwner: '',
  reviewOwner: '',
  nextStepOwner: '',
  notes: '',
  promptVersion: '',
};

describe('checkNewOutput', () => {
  it.each([
    [{ handoffId: 'H-009' }, [handoff()], [], 'Handoff ID: H-009 does not exist'],
    [{}, [handoff({ status: 'Paused' })], [], 'Handoff ID: H-001 is Paused; set it to Pilot or Active to log outputs'],
    [{ revisionOf: 'O-000009' }, [handoff()], [output()], 'Revision of: O-000009 does not exist'],
    [
      { revisionOf: 'O-000001' },
      [handoff()],
      [output({ decision: 'Approve' })],
      'Revision of: O-000001 was not rejected (its decision is Approve); only a rejected output can be revised',
    ],
    [{ revisionOf: 'O-000001' }, [handoff()], [output({ decision: 'Reject', handoffId: 'H-002' })], 'Revision of: O-000001 belongs to H-002, not H-001'],
    [
      { revisionOf: 'O-000001' },
      [handoff()],
      [output({ decision: 'Reject' }), output({ outputId: 'O-000002', revisionOf: 'O-000001' })],
      'Revision of: O-000001 already has a revision (O-000002)',
    ],
  ])('%j is refused', (over, handoffs, outputs, message) => {
    const wanted = { ...entry, ...over };
    const previous = outputs.find((o) => o.outputId === wanted.revisionOf);
    const existingRevision = outputs.find((o) => previous !== undefined && o.revisionOf === previous.outputId)?.outputId;
    expect(checkNewOutput(wanted, handoffs, { previous, existingRevision })).toEqual({ ok: false, errors: [expect.objectContaining({ message })] });
  });

  it('a revision of a rejected output is one version higher', () => {
    const plan = checkNewOutput({ ...entry, revisionOf: 'O-000001' }, [handoff()], {
      previous: output({ decision: 'Reject', version: 2 }),
      existingRevision: undefined,
    });
    expect(plan).toMatchObject({ ok: true, version: 3 });
  });
});

describe('checklistSummary', () => {
  it('counts passes and names failures in checklist order', () => {
    expect(checklistSummary(['Tone', 'Offer details', 'Client voice', 'Call to action'], ['Call to action', 'Tone', 'Client voice'])).toBe(
      '3/4 passed; failed: Offer details',
    );
    expect(checklistSummary(['Tone'], ['Tone'])).toBe('1/1 passed');
    expect(checklistSummary([], [])).toBe('');
  });
});

describe('checkReview: the approval rule in the review panel', () => {
  const review = {
    outputId: 'O-000001',
    decision: 'Approve' as const,
    reviewMinutes: 5,
    checklistPassed: [],
    reworkCause: '' as const,
    missed: '' as const,
    notes: '',
  };
  const by = (reviewer: string, policy: 'Review owner, others marked' | 'Review owner only' = 'Review owner, others marked') => ({ reviewer, policy });
  const owned = output({ inputOwner: 'ines@example.com', reviewOwner: 'rae@example.com' });
  const messages = (r: Parameters<typeof checkReview>[0], h = handoff(), o = owned, who = by('rae@example.com')) =>
    checkReview(r, o, h, who).map((e) => `${e.field}|${e.message}`);

  it('wants what it missed and a cause for a Reject; notes are optional', () => {
    expect(messages({ ...review, decision: 'Reject' })).toEqual([
      'missed|Missed: say what it missed: Context, Accuracy, Tone or Core task (required for a Reject)',
      'reworkCause|Rework cause: is required for a Reject',
    ]);
    expect(messages({ ...review, decision: 'Reject', missed: 'Tone', reworkCause: 'Input' })).toEqual([]);
  });
  it('wants a cause for an Edit over the cap, not at it', () => {
    expect(messages({ ...review, decision: 'Edit', reviewMinutes: 40 })).toEqual([
      'reworkCause|Rework cause: is required when an Edit takes longer than the 15-minute review cap',
    ]);
    expect(messages({ ...review, decision: 'Edit', reviewMinutes: 15 })).toEqual([]);
  });
  it('wants review minutes unless the handoff is Low risk', () => {
    const { reviewMinutes: _m, ...noMinutes } = review;
    expect(messages(noMinutes)).toEqual(['reviewMinutes|Review minutes: is required (Medium risk)']);
    expect(messages(noMinutes, handoff({ risk: 'High', reviewChecklist: [] }))).toEqual(['reviewMinutes|Review minutes: is required (High risk)']);
    expect(messages(noMinutes, handoff({ risk: 'Low' }))).toEqual([]);
  });
  it('a High-risk Approve needs every checklist item, and not from its input owner', () => {
    const high = handoff({ risk: 'High' });
    expect(messages({ ...review, checklistPassed: ['Tone', 'Offer details', 'Client voice'] }, high)).toEqual([
      'checklistPassed|Checklist: a High-risk Approve needs every item passed (4 of 4)',
    ]);
    const all = { ...review, checklistPassed: ['Tone', 'Offer details', 'Client voice', 'Call to action'] };
    expect(messages(all, high)).toEqual([]);
    expect(messages(all, high, owned, by('INES@example.com'))).toEqual(['decision|Decision: the input owner cannot approve their own High-risk output']);
    expect(messages({ ...review, decision: 'Reject', missed: 'Accuracy', reworkCause: 'Input' }, high, owned, by('ines@example.com'))).toEqual([]);
  });
  it('in "Review owner only", someone else is refused, naming the review owner', () => {
    expect(messages(review, handoff(), owned, by('maya@example.com', 'Review owner only'))).toEqual([
      'decision|Decision: only the review owner (rae@example.com) may decide this output',
    ]);
    expect(messages(review, handoff(), owned, by('maya@example.com'))).toEqual([]);
  });
  it('refuses unknown outputs, shipped outputs and items not on the checklist', () => {
    expect(checkReview(review, undefined, handoff(), by('rae@example.com'))).toEqual([{ field: 'outputId', message: 'Output ID: O-000001 does not exist' }]);
    expect(messages(review, handoff(), output({ shipped: true, reviewOwner: 'rae@example.com' }))).toEqual([
      'decision|Decision: O-000001 is already shipped; untick Shipped in the Register to change its decision',
    ]);
    expect(messages({ ...review, checklistPassed: ['Spelling'] })).toEqual(['checklistPassed|Checklist: "Spelling" is not on the review checklist of H-001']);
  });
});

describe('planReview', () => {
  const now = new Date('2026-11-20T15:00:00Z');
  const context = {
    now,
    reviewer: 'rae@example.com',
    who: 'rae@example.com',
    revised: new Set<string>(),
    policy: 'Review owner, others marked' as const,
    formatTime: () => '2026-11-20 10:00',
    noteStamp: '2026-11-20 10:00',
  };
  it('writes only what changed, keeps earlier notes, audits each field and the version decided', () => {
    const plan = planReview(
      { outputId: 'O-000001', decision: 'Reject', reviewMinutes: 4, checklistPassed: ['Tone'], reworkCause: 'Input', missed: 'Accuracy', notes: 'Wrong offer' },
      output({ notes: 'Client asked for a spring theme', reviewOwner: 'rae@example.com', link: 'https://docs.example.com/d/1' }),
      handoff(),
      context,
    );
    expect(plan.status).toBe('Rejected');
    expect(plan.cells).toEqual({
      Decision: 'Reject',
      'Decided at': now,
      'Decided by': 'rae@example.com',
      'Review minutes': 4,
      Checklist: '1/4 passed; failed: Offer details, Client voice, Call to action',
      'Rework cause': 'Input',
      Missed: 'Accuracy',
      Status: 'Rejected',
      Notes: 'Client asked for a spring theme\n2026-11-20 10:00 Reject: Wrong offer',
    });
    expect(plan.audit.map((a) => [a.field, a.newValue])).toEqual([
      ['Decision', 'Reject'],
      ['Decided at', '2026-11-20 10:00'],
      ['Decided by', 'rae@example.com'],
      ['Review minutes', '4'],
      ['Checklist', '1/4 passed; failed: Offer details, Client voice, Call to action'],
      ['Rework cause', 'Input'],
      ['Missed', 'Accuracy'],
      ['Status', 'Rejected'],
      ['Notes', 'Client asked for a spring theme\n2026-11-20 10:00 Reject: Wrong offer'],
      ['Decided version', '"Post" https://docs.example.com/d/1'],
    ]);
  });
  it('marks a decision by someone else as on behalf of the review owner', () => {
    const plan = planReview(
      { outputId: 'O-000001', decision: 'Approve', reviewMinutes: 2, checklistPassed: [], reworkCause: '', missed: '', notes: '' },
      output({ reviewOwner: 'rae@example.com' }),
      handoff(),
      { ...context, reviewer: 'maya@example.com', who: 'maya@example.com' },
    );
    expect(plan.audit[0]).toMatchObject({ who: 'maya@example.com', field: 'Decision', newValue: 'Approve (on behalf of rae@example.com)' });
    expect(plan.status).toBe('Awaiting next step');
  });
});
