// What the user typed, turned into the form objects the shared schemas check. Pure: the DOM
// reading lives in fields.ts, so these run in Node tests.
import type { Decision, Missed, ReworkCause } from '../core/vocabulary';
import type { HandoffForm, OutputForm, ReviewForm, SettingsForm } from '../shared/forms';

/** A control's value as read from the page: text, a checkbox, or the ticked values of a group. */
export type RawValue = string | boolean | readonly string[];
export type RawValues = Readonly<Record<string, RawValue>>;

export function text(raw: RawValues, name: string): string {
  const value = raw[name];
  return typeof value === 'string' ? value : '';
}

function ticked(raw: RawValues, name: string): string[] {
  const value = raw[name];
  return Array.isArray(value) ? [...(value as readonly string[])] : [];
}

/** One item per line; blank lines and surrounding spaces dropped. */
export function linesOf(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Empty means "not given" so the schema's default applies; anything else that is not a number stays NaN for the schema to report. */
export function numberOrOmitted(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/** Adds key only when value is defined: with exactOptionalPropertyTypes an explicit undefined is not "omitted". */
function withOptional<T extends object, K extends string, V>(target: T, key: K, value: V | undefined): T & { [P in K]?: V } {
  return value === undefined ? target : { ...target, [key]: value };
}

export function handoffFormFrom(raw: RawValues): HandoffForm {
  const handoffId = text(raw, 'handoffId').trim();
  let form: HandoffForm = {
    task: text(raw, 'task'),
    toolStep: text(raw, 'toolStep'),
    inputRequired: text(raw, 'inputRequired'),
    outputStandard: text(raw, 'outputStandard'),
    outputType: text(raw, 'outputType'),
    risk: text(raw, 'risk') as HandoffForm['risk'] & string,
    inputOwner: text(raw, 'inputOwner'),
    reviewOwner: text(raw, 'reviewOwner'),
    nextStepOwner: text(raw, 'nextStepOwner'),
    approvalRule: text(raw, 'approvalRule'),
    nextStep: text(raw, 'nextStep'),
    measurement: text(raw, 'measurement'),
    reviewChecklist: linesOf(text(raw, 'reviewChecklist')),
    status: text(raw, 'status') as HandoffForm['status'] & string,
  };
  form = withOptional(form, 'handoffId', handoffId === '' ? undefined : handoffId);
  form = withOptional(form, 'reviewCapMin', numberOrOmitted(text(raw, 'reviewCapMin')));
  form = withOptional(form, 'stallAfterH', numberOrOmitted(text(raw, 'stallAfterH')));
  form = withOptional(form, 'baselineMin', numberOrOmitted(text(raw, 'baselineMin')));
  form = withOptional(form, 'targetMin', numberOrOmitted(text(raw, 'targetMin')));
  return form;
}

export function outputFormFrom(raw: RawValues): OutputForm {
  return {
    handoffId: text(raw, 'handoffId'),
    output: text(raw, 'output'),
    link: text(raw, 'link'),
    revisionOf: text(raw, 'revisionOf'),
    inputOwner: text(raw, 'inputOwner'),
    reviewOwner: text(raw, 'reviewOwner'),
    nextStepOwner: text(raw, 'nextStepOwner'),
    notes: text(raw, 'notes'),
    promptVersion: text(raw, 'promptVersion'),
    ...withOptional({}, 'prepMinutes', numberOrOmitted(text(raw, 'prepMinutes'))),
  };
}

/**
 * The rework cause is sent only when the cause field applies (Edit or Reject); a cause picked
 * before switching to Approve is not recorded.
 */
export function reviewFormFrom(raw: RawValues): ReviewForm {
  const decision = text(raw, 'decision');
  const causeApplies = decision === 'Edit' || decision === 'Reject';
  const form = {
    outputId: text(raw, 'outputId'),
    decision: decision as Decision,
    checklistPassed: ticked(raw, 'checklistPassed'),
    reworkCause: (causeApplies ? text(raw, 'reworkCause') : '') as ReworkCause | '',
    missed: (decision === 'Reject' ? text(raw, 'missed') : '') as Missed | '',
    notes: text(raw, 'notes'),
  };
  // reviewMinutes has no default: leaving it out lets the schema say so.
  return withOptional(form, 'reviewMinutes', numberOrOmitted(text(raw, 'reviewMinutes'))) as ReviewForm;
}

export function settingsFormFrom(raw: RawValues): SettingsForm {
  let form: SettingsForm = {
    remindersOn: raw.remindersOn === true,
    quietDays: ticked(raw, 'quietDays') as SettingsForm['quietDays'] & string[],
    escalationEmail: text(raw, 'escalationEmail'),
    summaryRecipients: linesOf(text(raw, 'summaryRecipients')),
  };
  form = withOptional(form, 'reminderIntervalH', numberOrOmitted(text(raw, 'reminderIntervalH')));
  form = withOptional(form, 'summaryHour', numberOrOmitted(text(raw, 'summaryHour')));
  form = withOptional(form, 'archiveAfterWeeks', numberOrOmitted(text(raw, 'archiveAfterWeeks')));
  form = withOptional(form, 'sendFrom', numberOrOmitted(text(raw, 'sendFrom')));
  form = withOptional(form, 'sendUntil', numberOrOmitted(text(raw, 'sendUntil')));
  const tellOwners = text(raw, 'tellOwners');
  if (tellOwners !== '') form = { ...form, tellOwners: tellOwners as NonNullable<SettingsForm['tellOwners']> };
  const whoMayDecide = text(raw, 'whoMayDecide');
  if (whoMayDecide !== '') form = { ...form, whoMayDecide: whoMayDecide as NonNullable<SettingsForm['whoMayDecide']> };
  return form;
}
