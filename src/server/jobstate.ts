// The hourly job's state, kept in document properties so every editor of the document sees the
// same answer (triggers themselves are only visible to their owner).
import type { JobStatus } from '../shared/rpc';
import { HOUR_MS, type Store } from './context';
import { readJson, readLong } from './longProps';

export const JOB_KEY = 'hourlyJob';
export const HELD_BACK_KEY = 'remindersHeldBack';
/** Reminders sent whose Last reminder stamps are not yet committed: one entry per digest. */
export const SENT_KEY = 'remindersSent';
/** The week whose Friday summary was written, and its email while it waits to go out. */
export const SUMMARY_KEY = 'summaryState';

export interface Claim {
  /** The hour (ms since epoch / 1 h) this claim is for. */
  readonly hour: number;
  /** When the claiming run started (ms). */
  readonly at: number;
  readonly done: boolean;
}

export interface StoredJob {
  readonly runBy?: string;
  /** Someone other than the owner turned it off: the owner's next run removes its own trigger. */
  readonly disabled?: boolean;
  readonly claim?: Claim;
  readonly lastRunAt?: string;
  readonly lastResult?: string;
  /** When it was last turned on: a job that has never run is judged from here. */
  readonly onSince?: string;
  /** The local date (yyyy-mm-dd) the archive last ran. */
  readonly archivedOn?: string;
}

export interface SentDigest {
  readonly at: string;
  readonly owner: string;
  readonly cc: string;
  /** "O-000001:review" keys: everything the digest listed. */
  readonly items: readonly string[];
  /** The stalled ones among them, which count toward escalation (absent in older records). */
  readonly reminded?: readonly string[];
}

export interface PendingEmail {
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string;
}

export interface SummaryState {
  /** Start date (yyyy-mm-dd) of the last week whose summary was written by the schedule. */
  readonly week?: string;
  /** Start date of the last week whose History row was finished after the week ended. */
  readonly finished?: string;
  /** Its email, until it has gone out. */
  readonly pending?: PendingEmail | null;
}

export const readJob = (props: Store): StoredJob => readJson<StoredJob>(props, JOB_KEY, {});
export function readSent(props: Store): SentDigest[] {
  try {
    const list: unknown = JSON.parse(readLong(props, SENT_KEY) || '[]');
    return Array.isArray(list) ? (list as SentDigest[]) : [];
  } catch {
    return [];
  }
}
export const readSummaryState = (props: Store): SummaryState => readJson<SummaryState>(props, SUMMARY_KEY, {});

/**
 * When an hourly run last found no spreadsheet to open (SpreadsheetApp.getActiveSpreadsheet()
 * null in the trigger, an open question in the public record): main.ts writes it, if the run
 * can still reach the document's properties, so the sidebar can say so.
 */
export const COULD_NOT_OPEN_KEY = 'hourlyJobCouldNotOpen';
/** Reminders on and no run finished for longer than this: the sidebar warns (a run is hourly). */
export const HEARTBEAT_HOURS = 2;

export function jobStatus(props: Store, now: Date = new Date()): JobStatus {
  const job = readJob(props);
  const on = Boolean(job.runBy) && !job.disabled;
  const status = { on, runBy: job.runBy ?? '', lastRunAt: job.lastRunAt ?? '', lastResult: job.lastResult ?? '' };
  if (!on) return status;
  const lastRun = status.lastRunAt === '' ? null : Date.parse(status.lastRunAt);
  const blind = props.get(COULD_NOT_OPEN_KEY) ?? '';
  const couldNotOpen = blind !== '' && (lastRun === null || Date.parse(blind) > lastRun);
  const elapsed = lastRun === null || Number.isNaN(lastRun) ? null : now.getTime() - lastRun;
  // A job turned on that has never run is as silent as one that stopped.
  const onSince = job.onSince === undefined ? Number.NaN : Date.parse(job.onSince);
  const silent = elapsed ?? (lastRun === null && !Number.isNaN(onSince) ? now.getTime() - onSince : null);
  // An hourly trigger fires somewhere in its hour, so one late run is no reason to warn.
  if (!couldNotOpen && (silent === null || silent <= HEARTBEAT_HOURS * HOUR_MS)) return status;
  return { ...status, attention: { hoursSinceLastRun: elapsed === null ? null : Math.floor(elapsed / HOUR_MS), couldNotOpenAt: couldNotOpen ? blind : '' } };
}

/** The subject of the Friday summary email still waiting to go out, or ''. */
export function summaryPending(props: Store): string {
  return readSummaryState(props).pending?.subject ?? '';
}

export function heldBackReminders(props: Store): string[] {
  const list = readJson<unknown>(props, HELD_BACK_KEY, []);
  return Array.isArray(list) ? list.map(String) : [];
}
