// The domain's data as plain, readonly shapes. core/ owns them; shared/ (the wire contract)
// builds its schemas and RPC types on top, never the other way round.
import type { Decision, HandoffStatus, Missed, OutputStatus, ReworkCause, Risk } from './vocabulary';

/** A problem with one field of a form, named the way the sheet names it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A handoff as the template documents it (what the sidebar's form saves). */
export interface Handoff {
  readonly handoffId?: string | undefined;
  readonly task: string;
  readonly toolStep: string;
  readonly inputRequired: string;
  readonly outputStandard: string;
  readonly outputType: string;
  readonly risk: Risk;
  readonly inputOwner: string;
  readonly reviewOwner: string;
  readonly nextStepOwner: string;
  readonly approvalRule: string;
  readonly reviewCapMin: number;
  readonly nextStep: string;
  readonly measurement: string;
  readonly reviewChecklist: readonly string[];
  readonly stallAfterH: number;
  readonly status: HandoffStatus;
  /** How long the task took per output before the tool (optional): what the pilot is measured against. */
  readonly baselineMin?: number | undefined;
  readonly targetMin?: number | undefined;
}

/** A handoff as read from its row; a Risk or Status someone typed badly reads as ''. */
export interface HandoffView extends Omit<Handoff, 'handoffId' | 'risk' | 'status' | 'baselineMin' | 'targetMin'> {
  readonly handoffId: string;
  readonly risk: Risk | '';
  readonly status: HandoffStatus | '';
  readonly baselineMin: number | null;
  readonly targetMin: number | null;
  /** ISO time the handoff was last set to Pilot ('' when it never was). */
  readonly pilotStarted: string;
}

/** One AI output to log. */
export interface OutputEntry {
  readonly handoffId: string;
  readonly output: string;
  readonly link: string;
  readonly revisionOf: string;
  readonly inputOwner: string;
  readonly reviewOwner: string;
  readonly nextStepOwner: string;
  readonly notes: string;
  /** Minutes the input owner spent preparing the input (optional). */
  readonly prepMinutes?: number | undefined;
  /** Which prompt or tool setup made it (free text, optional). */
  readonly promptVersion: string;
}

/** A reviewer's decision on one output. */
export interface Review {
  readonly outputId: string;
  readonly decision: Decision;
  /** Optional for a Low-risk handoff; the approval rule asks for it otherwise. */
  readonly reviewMinutes?: number | undefined;
  readonly checklistPassed: readonly string[];
  readonly reworkCause: ReworkCause | '';
  readonly missed: Missed | '';
  readonly notes: string;
}

/** The output in the selected Register row, with what its reviewer needs to judge it. */
export interface ReviewTarget {
  readonly outputId: string;
  readonly output: string;
  readonly link: string;
  readonly version: number;
  readonly handoffId: string;
  readonly task: string;
  readonly outputStandard: string;
  readonly reviewChecklist: readonly string[];
  readonly reviewCapMin: number;
  readonly reviewOwner: string;
  readonly inputOwner: string;
  readonly risk: Risk | '';
  readonly outputType: string;
  readonly approvalRule: string;
  readonly decision: Decision | '';
  readonly reworkCause: ReworkCause | '';
  readonly status: OutputStatus | '';
  /** ISO time: google.script.run refuses Dates. */
  readonly loggedAt: string;
}

export interface RejectedOutput {
  readonly outputId: string;
  readonly handoffId: string;
  readonly output: string;
  readonly version: number;
}

export interface WaitingHandoff {
  readonly handoffId: string;
  readonly task: string;
  readonly awaitingReview: number;
  readonly needsDetails: number;
  readonly awaitingNextStep: number;
  readonly awaitingRevision: number;
  /** Age in hours of the oldest output waiting on anyone, or null when nothing waits. */
  readonly oldestHours: number | null;
}

/** A decision kept from the grid that still lacks what its rule asks (Status "Needs details"). */
export interface NeedsDetails {
  readonly outputId: string;
  readonly output: string;
  readonly decision: Decision;
  readonly reason: string;
}

/** An output that needs someone's attention for what happened to it, with why. */
export interface Flagged {
  readonly outputId: string;
  readonly output: string;
  readonly reason: string;
}

export interface OwnerProblem {
  readonly outputId: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
}

/** One item of a person's queue: the output, what it needs of them, and how long it has waited. */
export interface QueueItem extends ReviewTarget {
  readonly waitingHours: number;
  /** What they should know: what a decision lacks, what a Reject missed, the next step. */
  readonly detail: string;
  readonly nextStep: string;
}

/** What is the signed-in person's to do, oldest first, at most 50 a list with each total beside it. */
export interface Queue {
  readonly toReview: readonly QueueItem[];
  readonly toFinish: readonly QueueItem[];
  readonly toShip: readonly QueueItem[];
  readonly toRevise: readonly QueueItem[];
  readonly sentBack: readonly QueueItem[];
  readonly totals: { readonly toReview: number; readonly toFinish: number; readonly toShip: number; readonly toRevise: number; readonly sentBack: number };
}
