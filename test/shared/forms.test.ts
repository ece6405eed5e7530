import { describe, expect, it } from 'vitest';
import { handoffFormSchema, outputFormSchema, parseForm, reviewFormSchema, settingsFormSchema } from '../../src/shared/forms';

const handoff = {
  task: 'Social posts',
  toolStep: 'Draft',
  inputRequired: 'Brand guide',
  outputStandard: 'On brand',
  inputOwner: 'ines@example.com',
  reviewOwner: 'rae@example.com',
  nextStepOwner: 'nick@example.com',
  nextStep: 'Scheduler',
  measurement: 'Time saved',
};

describe('form schemas', () => {
  it('fills the defaults of the essay', () => {
    const parsed = parseForm(handoffFormSchema, handoff);
    expect(parsed).toMatchObject({ ok: true, value: { reviewCapMin: 15, stallAfterH: 24, risk: 'Medium', status: 'Pilot', reviewChecklist: [] } });
  });

  it('names each bad field once, in the words of the sheet', () => {
    const parsed = parseForm(handoffFormSchema, { ...handoff, task: '  ', reviewOwner: 'rae@', reviewCapMin: 2.5, reviewChecklist: ['ok', ''] });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'task', message: 'Task: is required' },
        { field: 'reviewOwner', message: 'Review owner: must be an email address like name@example.com (got "rae@")' },
        { field: 'reviewCapMin', message: 'Review cap (min): must be a whole number' },
        { field: 'reviewChecklist', message: 'Review checklist (item 2): is required' },
      ],
    });
  });

  it('reports a missing required field as required', () => {
    const { task: _t, ...rest } = handoff;
    expect(parseForm(handoffFormSchema, rest)).toEqual({ ok: false, errors: [{ field: 'task', message: 'Task: is required' }] });
  });

  it('refuses over-long text with its length', () => {
    expect(parseForm(outputFormSchema, { handoffId: 'H-001', output: 'x'.repeat(501) })).toEqual({
      ok: false,
      errors: [{ field: 'output', message: 'Output: must be at most 500 characters (it has 501)' }],
    });
  });

  it('checks links, IDs and numbers', () => {
    expect(parseForm(outputFormSchema, { handoffId: 'h1', output: 'x', link: 'javascript:alert(1)' })).toEqual({
      ok: false,
      errors: [
        { field: 'handoffId', message: 'Handoff ID: must be a handoff ID like H-001' },
        { field: 'link', message: 'Link: must start with http:// or https://' },
      ],
    });
    expect(parseForm(reviewFormSchema, { outputId: 'O-000001', decision: 'Maybe', reviewMinutes: -1 })).toEqual({
      ok: false,
      errors: [
        { field: 'decision', message: 'Decision: must be one of Approve, Edit, Reject' },
        { field: 'reviewMinutes', message: 'Review minutes: must be 0 or more' },
      ],
    });
  });

  it('refuses a form that is not an object', () => {
    expect(parseForm(settingsFormSchema, 'x')).toEqual({ ok: false, errors: [{ field: 'form', message: 'The form was empty or unreadable.' }] });
  });

  it('validates settings', () => {
    expect(parseForm(settingsFormSchema, { quietDays: ['Sun', 'Funday'], summaryHour: 24, summaryRecipients: ['a@b.co', 'nope'] })).toEqual({
      ok: false,
      errors: [
        { field: 'quietDays', message: 'Quiet days (item 2): must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun' },
        { field: 'summaryHour', message: 'Friday summary hour: must be at most 23' },
        { field: 'summaryRecipients', message: 'Summary recipients (item 2): must be an email address like name@example.com (got "nope")' },
      ],
    });
  });
});
