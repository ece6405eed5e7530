// The contract between the sidebar and the server. Everything here crosses google.script.run,
// which rejects Date objects and copies plain data only: times are ISO strings, never Dates.
import type {
  FieldError,
  Flagged,
  HandoffView,
  NeedsDetails,
  OwnerProblem,
  Queue,
  QueueItem,
  RejectedOutput,
  ReviewTarget,
  WaitingHandoff,
} from '../core/model';
import type { OutputStatus } from '../core/vocabulary';
import type { HandoffForm, OutputForm, ReviewForm, Settings, SettingsForm, ShipForm } from './forms';

export type IsoTime = string;

export type { FieldError, Flagged, HandoffView, NeedsDetails, OwnerProblem, Queue, QueueItem, RejectedOutput, ReviewTarget, WaitingHandoff };

/**
 * What a save returns: its result, or the form's problems, one per field, for the sidebar to
 * show under each field. A thrown error is kept for the unexpected (the register busy, a tab
 * missing, a service failure), and then nothing was saved.
 */
export type Saved<T extends object> = ({ readonly ok: true } & T) | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface WaitingNow {
  readonly handoffs: readonly WaitingHandoff[];
  /** Decisions that wait for what their rule asks (Status "Needs details"). */
  readonly needsDetails: readonly NeedsDetails[];
  readonly needsDetailsTotal: number;
  /** Ticked Shipped without an approved, unchanged decision (Status "Shipped without approval"). */
  readonly unapproved: readonly Flagged[];
  readonly changedAfterShipping: readonly Flagged[];
  /** Owners the reminders cannot reach (empty or invalid email). */
  readonly ownerProblems: readonly OwnerProblem[];
  readonly ownerProblemsTotal: number;
  /** Reminders held back by the mail quota, waiting for the next run. */
  readonly heldBack: readonly string[];
}

export interface JobStatus {
  readonly on: boolean;
  /** Who runs the hourly job for this document ('' when nobody does). */
  readonly runBy: string;
  readonly lastRunAt: IsoTime | '';
  readonly lastResult: string;
  /**
   * Present only when the job is on and needs someone: no run has finished for more than two
   * hours (add-on triggers send no failure email), or its last run could not open this
   * spreadsheet. The sidebar's Settings shows it with what to do.
   */
  readonly attention?: JobAttention;
}

export interface JobAttention {
  /** Whole hours since the last run finished; null when it never ran. */
  readonly hoursSinceLastRun: number | null;
  /** When a run last found no spreadsheet to open, '' when its last run did. */
  readonly couldNotOpenAt: IsoTime | '';
}

export interface SidebarState {
  readonly user: string;
  readonly timeZone: string;
  readonly setUp: boolean;
  readonly handoffs: readonly HandoffView[];
  readonly selection: ReviewTarget | null;
  /** The signed-in person's work: what to review, finish, ship, revise, and what they sent back. */
  readonly queue: Queue;
  /** Outputs awaiting review, so a reviewer can pick one without selecting its row. */
  readonly awaitingReview: readonly ReviewTarget[];
  /** How many await review in all; the list holds the oldest few. */
  readonly awaitingReviewTotal: number;
  readonly rejected: readonly RejectedOutput[];
  readonly rejectedTotal: number;
  /** Subject of the Friday summary email still waiting to go out (quota, failed send), or ''. */
  readonly summaryPending: string;
  readonly waiting: WaitingNow;
  readonly settings: Settings;
  readonly job: JobStatus;
}

/** The server functions the sidebar may call, by name, through google.script.run. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  saveHandoff(form: HandoffForm): Saved<{ handoffId: string }>;
  logOutput(form: OutputForm): Saved<{ outputId: string }>;
  reviewOutput(form: ReviewForm): Saved<{ outputId: string; status: OutputStatus }>;
  saveSettings(form: SettingsForm): Saved<{ settings: Settings }>;
  markShipped(form: ShipForm): Saved<{ outputId: string; status: OutputStatus }>;
}
