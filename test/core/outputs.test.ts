import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import { checkNewOutput, checklistSummary, checkReview, planReview } from '../../src/core/outputs';
import type { OutputRecord } from '../../src/core/register';

const handoff = (over: Partial<HandoffRecord> = {}): HandoffRecord => ({
  row: 2, handoffId: 'H-001', task: 'Social posts', toolStep: '', inputRequired: '', outputStandard: 'On brand', outputType: '',
  risk: 'Medium', inputOwner: 'ines@example.com', reviewOwner: 'rae@example.com', nextStepOwner: 'nick@example.com', approvalRule: '',
  reviewCapMin: 15, nextStep: '', measurement: '', reviewChecklist: ['Tone', 'Offer details', 'Client voice', 'Call to action'],
  stallAfterH: 24, status: 'Active', ...over,
});
const output = (over: Partial<OutputRecord> = {}): OutputRecord => ({
  row: 2, outputId: 'O-000001', loggedAt: null, handoffId: 'H-001', task: 'Social posts', output: 'Post', link: '', version: 1,
  revisionOf: '', inputOwner: '', reviewOwner: '', nextStepOwner: '', decision: '', decidedAt: null, decidedBy: '', reviewMinutes: null,
  checklist: '', reworkCause: '', shipped: false, shippedAt: null, destination: '', status: 'Awaiting review', lastReminder: null, notes: '', ...over,
});
const entry = { handoffId: 'H-001', output: 'Take 2', link: '', revisionOf: '', inputOwner: '', reviewOwner: '', nextStepOwner: '', notes: '' };

describe('checkNewOutput', () => {
  it.each([
    [{ handoffId: 'H-009' }, [handoff()], [], 'Handoff ID: H-009 does not exist'],
    [{}, [handoff({ status: 'Paused' })], [], 'Handoff ID: H-001 is Paused; set it to Pilot or Active to log outputs'],
    [{ revisionOf: 'O-000009' }, [handoff()], [output()], 'Revision of: O-000009 does not exist'],
    [{ revisionOf: 'O-000001' }, [handoff()], [output({ decision: 'Approve' })], 'Revision of: O-000001 was not rejected (its decision is Approve); only a rejected output can be revised'],
    [{ revisionOf: 'O-000001' }, [handoff()], [output({ decision: 'Reject', handoffId: 'H-002' })], 'Revision of: O-000001 belongs to H-002, not H-001'],
    [{ revisionOf: 'O-000001' }, [handoff()], [output({ decision: 'Reject' }), output({ outputId: 'O-000002', revisionOf: 'O-000001' })], 'Revision of: O-000001 already has a revision (O-000002)'],
  ])('%j is refused', (over, handoffs, outputs, message) => {
    const wanted = { ...entry, ...over };
    const previous = outputs.find((o) => o.outputId === wanted.revisionOf);
    const existingRevision = outputs.find((o) => previous !== undefined && o.revisionOf === previous.outputId)?.outputId;
    expect(checkNewOutput(wanted, handoffs, { previous, existingRevision })).toEqual({ ok: false, errors: [expect.objectContaining({ message })] });
  });

  it('a revision of a rejected output is one version higher', () => {
    const plan = checkNewOutput({ ...entry, revisionOf: 'O-000001' }, [handoff()], { previous: output({ decision: 'Reject', version: 2 }), existingRevision: undefined });
    expect(plan).toMatchObject({ ok: true, version: 3 });
  });
});

describe('checklistSummary', () => {
  it('counts passes and names failures in checklist order', () => {
    expect(checklistSummary(['Tone', 'Offer details', 'Client voice', 'Call to action'], ['Call to action', 'Tone', 'Client voice'])).toBe('3/4 passed; failed: Offer details');
    expect(checklistSummary(['Tone'], ['Tone'])).toBe('1/1 passed');
    expect(checklistSummary([], [])).toBe('');
  });
});

describe('checkReview', () => {
  const review = { outputId: 'O-000001', decision: 'Approve' as const, reviewMinutes: 5, checklistPassed: [], reworkCause: '' as const, notes: '' };
  it('wants a cause and a note for a Reject', () => {
    expect(checkReview({ ...review, decision: 'Reject' }, output(), handoff()).map((e) => e.message)).toEqual([
      'Rework cause: is required for a Reject',
      'Notes: say what the output missed (required for a Reject)',
    ]);
  });
  it('wants a cause for an Edit over the cap', () => {
    expect(checkReview({ ...review, decision: 'Edit', reviewMinutes: 40 }, output(), handoff()).map((e) => e.message)).toEqual([
      'Rework cause: is required when an Edit takes longer than the 15-minute review cap',
    ]);
  });
  it('refuses unknown outputs, shipped outputs and items not on the checklist', () => {
    expect(checkReview(review, undefined, undefined).map((e) => e.message)).toEqual(['Output ID: O-000001 does not exist']);
    expect(checkReview(review, output({ shipped: true }), handoff()).map((e) => e.message)).toEqual([
      'Decision: O-000001 is already shipped; untick Shipped in the Register to change its decision',
    ]);
    expect(checkReview({ ...review, checklistPassed: ['Spelling'] }, output(), handoff()).map((e) => e.message)).toEqual([
      'Checklist: "Spelling" is not on the review checklist of H-001',
    ]);
  });
});

describe('planReview', () => {
  it('writes only what changed, keeps earlier notes, and audits each field', () => {
    const now = new Date('2026-11-20T15:00:00Z');
    const plan = planReview(
      { outputId: 'O-000001', decision: 'Reject', reviewMinutes: 4, checklistPassed: ['Tone'], reworkCause: 'Input', notes: 'Wrong offer' },
      output({ notes: 'Client asked for a spring theme' }),
      handoff(),
      { now, reviewer: 'rae@example.com', who: 'rae@example.com', revised: new Set(), formatTime: () => '2026-11-20 10:00', noteStamp: '2026-11-20 10:00' },
    );
    expect(plan.status).toBe('Rejected');
    expect(plan.cells).toEqual({
      Decision: 'Reject',
      'Decided at': now,
      'Decided by': 'rae@example.com',
      'Review minutes': 4,
      Checklist: '1/4 passed; failed: Offer details, Client voice, Call to action',
      'Rework cause': 'Input',
      Status: 'Rejected',
      Notes: 'Client asked for a spring theme\n2026-11-20 10:00 Reject: Wrong offer',
    });
    expect(plan.audit.map((a) => a.field)).toEqual(['Decision', 'Decided at', 'Decided by', 'Review minutes', 'Checklist', 'Rework cause', 'Status', 'Notes']);
  });
});
