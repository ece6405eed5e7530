import { describe, expect, test } from 'vitest';
import { reviewRuleErrors } from '../../src/core/outputs';
import { reworkCauseRequired } from '../../src/core/rules';
import { handoffFormSchema, parseForm, reviewFormSchema, settingsFormSchema } from '../../src/shared/forms';
import { handoffFormFrom, linesOf, numberOrOmitted, reviewFormFrom, settingsFormFrom } from '../../src/sidebar/forms';

describe('linesOf', () => {
  test.each([
    ['', []],
    ['one', ['one']],
    ['  one \n\n two\r\n   \nthree  ', ['one', 'two', 'three']],
  ])('%j', (text, lines) => expect(linesOf(text)).toEqual(lines));
});

describe('numberOrOmitted', () => {
  test.each([
    ['', undefined],
    ['   ', undefined],
    ['15', 15],
    [' 2.5 ', 2.5],
    ['NaN', Number.NaN],
    ['abc', Number.NaN],
  ])('%j', (text, value) => expect(numberOrOmitted(text)).toEqual(value));
});

const handoffRaw = {
  handoffId: '',
  task: 'Social posts',
  toolStep: 'Drafts posts',
  inputRequired: 'Brand guide',
  outputStandard: 'Client voice',
  outputType: '',
  risk: 'High',
  inputOwner: 'ana@example.com',
  reviewOwner: 'ben@example.com',
  nextStepOwner: 'cleo@example.com',
  approvalRule: 'Approve, edit or reject',
  reviewCapMin: '',
  nextStep: 'Buffer',
  measurement: 'Time per post',
  reviewChecklist: 'Tone fits\n\n  Offer right  \n',
  stallAfterH: '48',
  status: 'Active',
};

describe('handoffFormFrom', () => {
  test('a new handoff: no handoffId, empty numbers take the defaults, checklist lines become items', () => {
    const form = handoffFormFrom(handoffRaw);
    expect('handoffId' in form).toBe(false);
    expect('reviewCapMin' in form).toBe(false);
    expect(form.stallAfterH).toBe(48);
    expect(form.reviewChecklist).toEqual(['Tone fits', 'Offer right']);
    const parsed = parseForm(handoffFormSchema, form);
    expect(parsed.ok && parsed.value.reviewCapMin).toBe(15);
  });

  test('an existing handoff keeps its ID', () => {
    expect(handoffFormFrom({ ...handoffRaw, handoffId: 'H-003' }).handoffId).toBe('H-003');
  });

  test('text in a number box reaches the schema as NaN and is reported', () => {
    const parsed = parseForm(handoffFormSchema, handoffFormFrom({ ...handoffRaw, reviewCapMin: 'NaN' }));
    expect(parsed.ok ? [] : parsed.errors).toEqual([{ field: 'reviewCapMin', message: 'Review cap (min): must be a number' }]);
  });

  test('a bad email names the field and quotes the value', () => {
    const parsed = parseForm(handoffFormSchema, handoffFormFrom({ ...handoffRaw, reviewOwner: 'bob@' }));
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { field: 'reviewOwner', message: 'Review owner: must be an email address like name@example.com (got "bob@")' },
    ]);
  });
});

describe('reviewFormFrom', () => {
  const raw = { outputId: 'O-000011', decision: 'Edit', reviewMinutes: '20', checklistPassed: ['Tone fits'], reworkCause: 'Prompt', notes: '' };

  test('minutes become a number and the ticked items a list', () => {
    expect(reviewFormFrom(raw)).toEqual({
      outputId: 'O-000011',
      decision: 'Edit',
      reviewMinutes: 20,
      checklistPassed: ['Tone fits'],
      reworkCause: 'Prompt',
      missed: '',
      notes: '',
    });
  });

  test('an Approve sends no rework cause, even one picked before', () => {
    expect(reviewFormFrom({ ...raw, decision: 'Approve' }).reworkCause).toBe('');
  });

  test('empty minutes are left out: the form is well formed, and the approval rule asks for them by risk', () => {
    const form = reviewFormFrom({ ...raw, reviewMinutes: '' });
    expect('reviewMinutes' in form).toBe(false);
    expect(parseForm(reviewFormSchema, form).ok).toBe(true);
  });

  test('what a Reject missed is sent only with a Reject', () => {
    expect(reviewFormFrom({ ...raw, decision: 'Reject', missed: 'Tone' }).missed).toBe('Tone');
    expect(reviewFormFrom({ ...raw, decision: 'Edit', missed: 'Tone' }).missed).toBe('');
  });
});

describe('the approval rule', () => {
  test.each([
    ['Approve', 60, false],
    ['Edit', 15, false],
    ['Edit', 16, true],
    ['Edit', undefined, false],
    ['Reject', 0, true],
    ['', 99, false],
  ] as const)('%s after %s min with a 15-minute cap: cause required %s', (decision, minutes, required) => {
    expect(reworkCauseRequired(decision, minutes, 15)).toBe(required);
  });

  const medium = {
    handoff: { risk: 'Medium' as const, reviewCapMin: 15, reviewChecklist: [] },
    policy: 'Review owner, others marked' as const,
    reviewer: 'rae@example.com',
    inputOwner: '',
    reviewOwner: 'rae@example.com',
  };
  test.each([
    [
      { decision: 'Reject', reviewMinutes: 5, reworkCause: '', missed: '' },
      ['Missed: say what it missed: Context, Accuracy, Tone or Core task (required for a Reject)', 'Rework cause: is required for a Reject'],
    ],
    [{ decision: 'Reject', reviewMinutes: 5, reworkCause: 'Input', missed: 'Context' }, []],
    [
      { decision: 'Edit', reviewMinutes: 20, reworkCause: '', missed: '' },
      ['Rework cause: is required when an Edit takes longer than the 15-minute review cap'],
    ],
    [{ decision: 'Edit', reviewMinutes: 15, reworkCause: '', missed: '' }, []],
    [{ decision: 'Edit', reviewMinutes: Number.NaN, reworkCause: '', missed: '' }, ['Review minutes: is required (Medium risk)']],
    [{ decision: 'Approve', reviewMinutes: 90, reworkCause: '', missed: '' }, []],
  ])('%j', (review, messages) => {
    expect(reviewRuleErrors(review, medium).map((e) => e.message)).toEqual(messages);
  });
});

describe('settingsFormFrom', () => {
  test('checkbox, ticked days, numbers and one recipient per line', () => {
    const form = settingsFormFrom({
      remindersOn: false,
      reminderIntervalH: '12',
      quietDays: ['Sun'],
      escalationEmail: '',
      summaryHour: '',
      summaryRecipients: 'a@example.com\n\nb@example.com',
    });
    expect(form).toEqual({
      remindersOn: false,
      reminderIntervalH: 12,
      quietDays: ['Sun'],
      escalationEmail: '',
      summaryRecipients: ['a@example.com', 'b@example.com'],
    });
    const parsed = parseForm(settingsFormSchema, form);
    expect(parsed.ok && parsed.value.summaryHour).toBe(16);
  });

  test('a bad recipient is reported with its line', () => {
    const parsed = parseForm(settingsFormSchema, settingsFormFrom({ remindersOn: true, quietDays: [], summaryRecipients: 'a@example.com\nnope' }));
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { field: 'summaryRecipients', message: 'Summary recipients (item 2): must be an email address like name@example.com (got "nope")' },
    ]);
  });
});
