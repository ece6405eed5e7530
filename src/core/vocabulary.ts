// The words the user sees in the sheet. Header texts are a user-visible contract: columns are
// found by these texts, never by position, so people may insert, move and hide columns.

export const HANDOFFS_SHEET = 'Handoffs';
export const REGISTER_SHEET = 'Register';
export const AUDIT_SHEET = 'Audit log';
export const SUMMARY_SHEET = 'Friday Summary';
/** Shipped and revised outputs move here once they are old, with the Register's headers. */
export const ARCHIVE_SHEET = 'Archive';

export const HANDOFF_HEADERS = [
  'Handoff ID',
  'Task',
  'Tool step',
  'Input required',
  'Output standard',
  'Output type',
  'Risk',
  'Input owner',
  'Review owner',
  'Next-step owner',
  'Approval rule',
  'Review cap (min)',
  'Next step',
  'Measurement',
  'Review checklist',
  'Stall after (h)',
  'Status',
  'Baseline (min per output)',
  'Target (min per output)',
  'Pilot started',
  'Created',
  'Updated',
] as const;
export type HandoffHeader = (typeof HANDOFF_HEADERS)[number];

/**
 * The Register in the order people read and act: what the output is, the decision and what it
 * asks for, where it went, then owners and the add-on's stamps. Set up creates it in this order;
 * an existing Register keeps its own (columns are found by header).
 */
export const REGISTER_HEADERS = [
  'Output ID',
  'Output',
  'Link',
  'Handoff ID',
  'Task',
  'Decision',
  'Missed',
  'Rework cause',
  'Review minutes',
  'Shipped',
  'Destination',
  'Status',
  'Input owner',
  'Review owner',
  'Next-step owner',
  'Version',
  'Revision of',
  'Checklist',
  'Notes',
  'Prep minutes',
  'Prompt version',
  'Logged at',
  'Decided at',
  'Decided by',
  'Shipped at',
  'Last reminder',
  'Seal',
] as const;
export type RegisterHeader = (typeof REGISTER_HEADERS)[number];

export const AUDIT_HEADERS = ['When', 'Who', 'Output ID', 'Field', 'Old value', 'New value', 'Source'] as const;
export type AuditHeader = (typeof AUDIT_HEADERS)[number];

export const RISKS = ['Low', 'Medium', 'High'] as const;
export type Risk = (typeof RISKS)[number];

export const HANDOFF_STATUSES = ['Pilot', 'Active', 'Paused'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const DECISIONS = ['Approve', 'Edit', 'Reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/** The part of the handoff that broke, as the essay lists them. */
export const REWORK_CAUSES = ['Input', 'Prompt', 'Review standard', 'Next step', 'Tool'] as const;
export type ReworkCause = (typeof REWORK_CAUSES)[number];

export const OUTPUT_STATUSES = [
  'Awaiting review',
  'Needs details',
  'Awaiting next step',
  'Shipped',
  'Shipped without approval',
  'Rejected',
  'Revised',
] as const;

/** What a Reject missed: the essay's four. */
export const MISSED = ['Context', 'Accuracy', 'Tone', 'Core task'] as const;
export type Missed = (typeof MISSED)[number];

/** Who may decide: anyone, with decisions by others marked as on behalf of the review owner; or only the review owner. */
export const DECIDE_POLICIES = ['Review owner, others marked', 'Review owner only'] as const;
export type DecidePolicy = (typeof DECIDE_POLICIES)[number];
export type OutputStatus = (typeof OUTPUT_STATUSES)[number];

export const DEFAULT_REVIEW_CAP_MIN = 15;
export const DEFAULT_STALL_AFTER_H = 24;
export const DEFAULT_APPROVAL_RULE = 'Approve as is; Edit: light changes within the review cap; Reject: missed context, accuracy, tone or the core task.';

/** Where an audited change came from. */
export type AuditSource = 'sidebar' | 'sheet edit' | 'hourly check' | 'set up';

/** Register columns only the add-on writes (warning-only protection, and the row's seal). */
export const REGISTER_OWNED_HEADERS: readonly RegisterHeader[] = [
  'Output ID',
  'Logged at',
  'Decided at',
  'Decided by',
  'Shipped at',
  'Status',
  'Last reminder',
  'Seal',
];
