// The contract between the sidebar and the server. Everything here crosses google.script.run,
// which rejects Date objects and copies plain data only: times are ISO strings, never Dates.
import type { Decision, HandoffStatus, OutputStatus, ReworkCause, Risk } from '../core/vocabulary';
import type { HandoffForm, OutputForm, ReviewForm, Settings, SettingsForm } from './forms';

export type IsoTime = string;

export interface HandoffView {
  readonly handoffId: string;
  readonly task: string;
  readonly toolStep: string;
  readonly inputRequired: string;
  readonly outputStandard: string;
  readonly outputType: string;
  readonly risk: Risk | '';
  readonly inputOwner: string;
  readonly reviewOwner: string;
  readonly nextStepOwner: string;
  readonly approvalRule: string;
  readonly reviewCapMin: number;
  readonly nextStep: string;
  readonly measurement: string;
  readonly reviewChecklist: readonly string[];
  readonly stallAfterH: number;
  readonly status: HandoffStatus | '';
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
  readonly decision: Decision | '';
  readonly reworkCause: ReworkCause | '';
  readonly status: OutputStatus | '';
  readonly loggedAt: IsoTime | '';
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
  readonly awaitingNextStep: number;
  readonly awaitingRevision: number;
  /** Age in hours of the oldest output waiting on anyone, or null when nothing waits. */
  readonly oldestHours: number | null;
}

export interface NeedsCause {
  readonly outputId: string;
  readonly output: string;
  readonly decision: Decision;
  readonly reason: string;
}

export interface OwnerProblem {
  readonly outputId: string;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
}

export interface WaitingNow {
  readonly handoffs: readonly WaitingHandoff[];
  readonly needsCause: readonly NeedsCause[];
  /** Owners the reminders cannot reach (empty or invalid email). */
  readonly ownerProblems: readonly OwnerProblem[];
  /** Reminders held back by the mail quota, waiting for the next run. */
  readonly heldBack: readonly string[];
}

export interface JobStatus {
  readonly on: boolean;
  /** Who runs the hourly job for this document ('' when nobody does). */
  readonly runBy: string;
  readonly lastRunAt: IsoTime | '';
  readonly lastResult: string;
}

export interface SidebarState {
  readonly user: string;
  readonly timeZone: string;
  readonly setUp: boolean;
  readonly handoffs: readonly HandoffView[];
  readonly selection: ReviewTarget | null;
  /** Outputs awaiting review, so a reviewer can pick one without selecting its row. */
  readonly awaitingReview: readonly ReviewTarget[];
  readonly rejected: readonly RejectedOutput[];
  readonly waiting: WaitingNow;
  readonly settings: Settings;
  readonly job: JobStatus;
}

/** The server functions the sidebar may call, by name, through google.script.run. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  saveHandoff(form: HandoffForm): { handoffId: string };
  logOutput(form: OutputForm): { outputId: string };
  reviewOutput(form: ReviewForm): { outputId: string; status: OutputStatus };
  saveSettings(form: SettingsForm): Settings;
}
