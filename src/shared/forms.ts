// The sidebar's forms, validated by the same schemas in the browser (a message beside the field)
// and again on the server, which never trusts the client. zod/mini keeps the server bundle small.
import * as z from 'zod/mini';
import type * as model from '../core/model';
import type { FieldError } from '../core/model';
import { TELL_MODES } from '../core/stall';
import {
  DECIDE_POLICIES,
  DECISIONS,
  DEFAULT_APPROVAL_RULE,
  DEFAULT_REVIEW_CAP_MIN,
  DEFAULT_STALL_AFTER_H,
  HANDOFF_STATUSES,
  MISSED,
  REWORK_CAUSES,
  RISKS,
} from '../core/vocabulary';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Sheets holds at most 50,000 characters a cell; long fields stop well short of that. */
export const MAX_LONG_TEXT = 5000;
export const MAX_SHORT_TEXT = 200;
export const MAX_CHECKLIST_ITEMS = 20;
/** The longest email address there can be (RFC 5321's path limit). */
export const MAX_EMAIL = 254;
/** An ID is a letter, a dash and a few digits; nothing longer is ever looked up. */
const MAX_ID = 20;
/**
 * Settings are one document property, and a property holds 9 KB: every list in them is bounded
 * so an oversized form is a field error, never Apps Script's "Argument too large".
 */
export const MAX_RECIPIENT_ENTRIES = 500;
export const MAX_RECIPIENTS_CHARS = 6000;

const tooLong = (max: number) => z.maxLength(max, { error: (issue) => `must be at most ${max} characters (it has ${String((issue.input as string).length)})` });

const required = (max: number) => z.string().check(z.trim(), z.minLength(1, { error: 'is required' }), tooLong(max));

const optionalText = (max: number) => z._default(z.string().check(z.trim(), tooLong(max)), '');
/** An echo of what was typed in a message, cut short: a message must never outgrow the field it names. */
const echo = (input: unknown) => {
  const text = String(input);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const email = () =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: 'is required' }),
      tooLong(MAX_EMAIL),
      z.email({ error: (issue) => `must be an email address like name@example.com (got "${echo(issue.input)}")` }),
    );

const optionalEmail = () =>
  z._default(
    z.string().check(
      z.trim(),
      tooLong(MAX_EMAIL),
      z.refine((s) => s === '' || z.email().safeParse(s).success, {
        error: (issue) => `must be an email address like name@example.com (got "${echo(issue.input)}")`,
      }),
    ),
    '',
  );

const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(
    z
      .number({ error: 'must be a number' })
      .check(z.int({ error: 'must be a whole number' }), z.gte(min, { error: `must be at least ${min}` }), z.lte(max, { error: `must be at most ${max}` })),
    fallback,
  );

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** Minutes of work per output: 0 up to a working week. */
const minutes = () =>
  z.number({ error: 'must be a number of minutes' }).check(z.gte(0, { error: 'must be 0 or more' }), z.lte(2400, { error: 'must be at most 2400' }));

export const HANDOFF_ID_PATTERN = /^H-\d{3,}$/;
export const OUTPUT_ID_PATTERN = /^O-\d{6,}$/;

const handoffId = () => z.string().check(z.trim(), tooLong(MAX_ID), z.regex(HANDOFF_ID_PATTERN, { error: 'must be a handoff ID like H-001' }));
const outputId = () => z.string().check(z.trim(), tooLong(MAX_ID), z.regex(OUTPUT_ID_PATTERN, { error: 'must be an output ID like O-000001' }));

export const handoffFormSchema = z.object({
  handoffId: z.optional(handoffId()),
  task: required(MAX_SHORT_TEXT),
  toolStep: required(MAX_LONG_TEXT),
  inputRequired: required(MAX_LONG_TEXT),
  outputStandard: required(MAX_LONG_TEXT),
  outputType: optionalText(MAX_SHORT_TEXT),
  risk: z._default(oneOf(RISKS), 'Medium'),
  inputOwner: email(),
  reviewOwner: email(),
  nextStepOwner: email(),
  approvalRule: z._default(required(MAX_LONG_TEXT), DEFAULT_APPROVAL_RULE),
  reviewCapMin: wholeNumber(1, 480, DEFAULT_REVIEW_CAP_MIN),
  nextStep: required(MAX_LONG_TEXT),
  measurement: required(MAX_LONG_TEXT),
  reviewChecklist: z._default(
    z.array(required(MAX_SHORT_TEXT)).check(z.maxLength(MAX_CHECKLIST_ITEMS, { error: `must have at most ${MAX_CHECKLIST_ITEMS} items` })),
    [],
  ),
  stallAfterH: wholeNumber(1, 720, DEFAULT_STALL_AFTER_H),
  status: z._default(oneOf(HANDOFF_STATUSES), 'Pilot'),
  baselineMin: z.optional(minutes()),
  targetMin: z.optional(minutes()),
});
export type HandoffForm = z.input<typeof handoffFormSchema>;
export type Handoff = z.output<typeof handoffFormSchema>;
// The schemas must produce core's shapes: a compile error here, not a surprise in a handler.
const handoffFits = (h: Handoff): model.Handoff => h;

/** A link must be a web address people can open from the Register. */
const LINK_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

export const outputFormSchema = z.object({
  handoffId: handoffId(),
  output: required(500),
  link: z._default(
    z.string().check(
      z.trim(),
      z.maxLength(2000, { error: 'must be at most 2000 characters' }),
      z.refine((s) => s === '' || LINK_PATTERN.test(s), { error: 'must start with http:// or https://' }),
    ),
    '',
  ),
  revisionOf: z._default(z.union([z.literal(''), outputId()]), ''),
  inputOwner: optionalEmail(),
  reviewOwner: optionalEmail(),
  nextStepOwner: optionalEmail(),
  notes: optionalText(MAX_LONG_TEXT),
  prepMinutes: z.optional(minutes()),
  promptVersion: optionalText(MAX_SHORT_TEXT),
});
export type OutputForm = z.input<typeof outputFormSchema>;
export type OutputEntry = z.output<typeof outputFormSchema>;
const outputFits = (o: OutputEntry): model.OutputEntry => o;

export const reviewFormSchema = z.object({
  outputId: outputId(),
  decision: oneOf(DECISIONS),
  // Optional here: the approval rule asks for it by the handoff's risk (core/rules.ts).
  reviewMinutes: z.optional(
    z.number({ error: 'must be a number' }).check(z.gte(0, { error: 'must be 0 or more' }), z.lte(1440, { error: 'must be at most 1440 (one day)' })),
  ),
  checklistPassed: z._default(
    z
      .array(z.string().check(z.trim(), tooLong(MAX_SHORT_TEXT)))
      .check(z.maxLength(MAX_CHECKLIST_ITEMS, { error: `must have at most ${MAX_CHECKLIST_ITEMS} items` })),
    [],
  ),
  reworkCause: z._default(z.union([z.literal(''), oneOf(REWORK_CAUSES)]), ''),
  missed: z._default(z.union([z.literal(''), oneOf(MISSED)]), ''),
  notes: optionalText(MAX_LONG_TEXT),
});

export const shipFormSchema = z.object({
  outputId: outputId(),
  destination: required(MAX_SHORT_TEXT * 10),
});
export type ShipForm = z.input<typeof shipFormSchema>;
export type ReviewForm = z.input<typeof reviewFormSchema>;
export type Review = z.output<typeof reviewFormSchema>;
const reviewFits = (r: Review): model.Review => r;
void [handoffFits, outputFits, reviewFits];

export const settingsFormSchema = z.object({
  remindersOn: z._default(z.boolean({ error: 'must be on or off' }), true),
  reminderIntervalH: wholeNumber(1, 168, 24),
  quietDays: z._default(z.array(oneOf(WEEKDAYS)).check(z.maxLength(WEEKDAYS.length, { error: `must have at most ${WEEKDAYS.length} days` })), ['Sat', 'Sun']),
  escalationEmail: optionalEmail(),
  summaryHour: wholeNumber(0, 23, 16),
  summaryRecipients: z._default(
    z.array(email()).check(
      z.maxLength(MAX_RECIPIENT_ENTRIES, { error: `must have at most ${MAX_RECIPIENT_ENTRIES} addresses` }),
      z.refine((list) => list.join(',').length <= MAX_RECIPIENTS_CHARS, {
        error: (issue) => `must fit in ${MAX_RECIPIENTS_CHARS} characters in all (these take ${(issue.input as string[]).join(',').length})`,
      }),
    ),
    [],
  ),
  archiveAfterWeeks: wholeNumber(1, 520, 8),
  whoMayDecide: z._default(oneOf(DECIDE_POLICIES), 'Review owner, others marked'),
  tellOwners: z._default(oneOf(TELL_MODES), 'In the next digest'),
  sendFrom: wholeNumber(0, 23, 8),
  sendUntil: wholeNumber(1, 24, 18),
});
export type SettingsForm = z.input<typeof settingsFormSchema>;
export type Settings = z.output<typeof settingsFormSchema>;

/** The label a user sees for each form field: the header text, so messages match the sheet. */
export const FIELD_LABELS: Record<string, string> = {
  handoffId: 'Handoff ID',
  task: 'Task',
  toolStep: 'Tool step',
  inputRequired: 'Input required',
  outputStandard: 'Output standard',
  outputType: 'Output type',
  risk: 'Risk',
  inputOwner: 'Input owner',
  reviewOwner: 'Review owner',
  nextStepOwner: 'Next-step owner',
  approvalRule: 'Approval rule',
  reviewCapMin: 'Review cap (min)',
  nextStep: 'Next step',
  measurement: 'Measurement',
  reviewChecklist: 'Review checklist',
  stallAfterH: 'Stall after (h)',
  status: 'Status',
  output: 'Output',
  link: 'Link',
  revisionOf: 'Revision of',
  notes: 'Notes',
  outputId: 'Output ID',
  decision: 'Decision',
  reviewMinutes: 'Review minutes',
  checklistPassed: 'Checklist',
  reworkCause: 'Rework cause',
  remindersOn: 'Reminders',
  reminderIntervalH: 'Reminder interval (h)',
  quietDays: 'Quiet days',
  escalationEmail: 'Escalation address',
  summaryHour: 'Friday summary hour',
  summaryRecipients: 'Summary recipients',
  archiveAfterWeeks: 'Archive after (weeks)',
  baselineMin: 'Baseline (min per output)',
  targetMin: 'Target (min per output)',
  prepMinutes: 'Prep minutes',
  promptVersion: 'Prompt version',
  whoMayDecide: 'Who may decide',
  tellOwners: 'Tell owners about new work',
  sendFrom: 'Send from (hour)',
  sendUntil: 'Send until (hour)',
  missed: 'Missed',
  destination: 'Destination',
};

export type { FieldError };

/** One message per field, naming it the way the sheet does: "Review owner: must be an email …". */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (seen.has(field)) continue;
    seen.add(field);
    const item = typeof issue.path[1] === 'number' ? ` (item ${issue.path[1] + 1})` : '';
    const problem = issue.code === 'invalid_type' && !issue.message.startsWith('must') ? 'is required' : issue.message;
    errors.push({ field, message: `${FIELD_LABELS[field] ?? field}${item}: ${problem}` });
  }
  return errors;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseForm<S extends z.ZodMiniType>(schema: S, input: unknown): Parsed<z.output<S>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'form', message: 'The form was empty or unreadable.' }] };
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: fieldErrors(result.error.issues) };
}
