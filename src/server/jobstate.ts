// What the sidebar shows about the hourly job, kept in document properties so every editor of
// the document sees the same answer (triggers themselves are only visible to their owner).
import type { JobStatus } from '../shared/rpc';

export const JOB_KEY = 'hourlyJob';
export const HELD_BACK_KEY = 'remindersHeldBack';

interface StoredJob {
  runBy?: string;
  lastRunAt?: string;
  lastResult?: string;
}

export function readJob(props: GoogleAppsScript.Properties.Properties): StoredJob {
  try {
    return JSON.parse(props.getProperty(JOB_KEY) ?? '{}') as StoredJob;
  } catch {
    return {};
  }
}

export function jobStatus(props: GoogleAppsScript.Properties.Properties): JobStatus {
  const job = readJob(props);
  return { on: Boolean(job.runBy), runBy: job.runBy ?? '', lastRunAt: job.lastRunAt ?? '', lastResult: job.lastResult ?? '' };
}

export function heldBackReminders(props: GoogleAppsScript.Properties.Properties): string[] {
  try {
    const list = JSON.parse(props.getProperty(HELD_BACK_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}
