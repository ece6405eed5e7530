// What the sidebar shows about the hourly job, kept in document properties so every editor of
// the document sees the same answer (triggers themselves are only visible to their owner).
import type { JobStatus } from '../shared/rpc';

export const JOB_KEY = 'hourlyJob';
export const HELD_BACK_KEY = 'remindersHeldBack';

export interface StoredJob {
  runBy?: string;
  /** Someone other than the owner turned it off: the owner's next run removes its own trigger. */
  disabled?: boolean;
  /** The hour (ms since epoch / 1 h) whose work is done or under way: the document-level guard. */
  lastHour?: number;
  /** Set when a run stopped early to stay inside the time limit; the next run finishes the work. */
  unfinished?: boolean;
  lastRunAt?: string;
  lastResult?: string;
}

function parse<T>(text: string | null, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function readJob(props: GoogleAppsScript.Properties.Properties): StoredJob {
  return parse<StoredJob>(props.getProperty(JOB_KEY), {});
}

export function writeJob(props: GoogleAppsScript.Properties.Properties, job: StoredJob): void {
  props.setProperty(JOB_KEY, JSON.stringify(job));
}

export function jobStatus(props: GoogleAppsScript.Properties.Properties): JobStatus {
  const job = readJob(props);
  return { on: Boolean(job.runBy) && !job.disabled, runBy: job.runBy ?? '', lastRunAt: job.lastRunAt ?? '', lastResult: job.lastResult ?? '' };
}

export function heldBackReminders(props: GoogleAppsScript.Properties.Properties): string[] {
  const list = parse<unknown>(props.getProperty(HELD_BACK_KEY), []);
  return Array.isArray(list) ? list.map(String) : [];
}

export function readJson<T>(props: GoogleAppsScript.Properties.Properties, key: string, fallback: T): T {
  return parse<T>(props.getProperty(key), fallback);
}

/** Apps Script holds at most 9 KB a property value; longer texts are split over numbered keys. */
const CHUNK = 8000;

export function writeLongProperty(props: GoogleAppsScript.Properties.Properties, key: string, text: string): void {
  const previous = Number(props.getProperty(`${key}#n`) ?? '0') || 0;
  const pieces = Math.max(1, Math.ceil(text.length / CHUNK));
  const values: Record<string, string> = { [`${key}#n`]: String(pieces) };
  for (let i = 0; i < pieces; i++) values[`${key}#${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  props.setProperties(values);
  for (let i = pieces; i < previous; i++) props.deleteProperty(`${key}#${i}`);
}

export function readLongProperty(props: GoogleAppsScript.Properties.Properties, key: string): string {
  const all = props.getProperties();
  const pieces = Number(all[`${key}#n`] ?? '0') || 0;
  let text = '';
  for (let i = 0; i < pieces; i++) text += all[`${key}#${i}`] ?? '';
  return text;
}
