// Words and numbers as the sidebar shows them. Pure, so Node tests can pin the exact text.
import type { JobStatus, RejectedOutput, ReviewTarget, WaitingHandoff } from '../shared/rpc';

export const TURN_ON_PATH = 'Extensions ▸ Handoff Register ▸ Turn on reminders & Friday summary';

/** "2026-11-20 15:00" in the spreadsheet's time zone; an unknown zone falls back to UTC. */
export function formatDateTime(iso: string, timeZone: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone }).formatToParts(when);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).formatToParts(when);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export function jobStatusText(job: JobStatus, timeZone: string): string {
  if (!job.on) return `Off: use ${TURN_ON_PATH}`;
  const runBy = job.runBy === '' ? '' : `, run by ${job.runBy}`;
  const lastRun = job.lastRunAt === '' ? ', not run yet' : `, last run ${formatDateTime(job.lastRunAt, timeZone)}`;
  const result = job.lastResult === '' ? '' : ` — ${job.lastResult}`;
  return `On${runBy}${lastRun}${result}`;
}

export function rejectedLabel(rejected: RejectedOutput): string {
  return `${rejected.outputId} v${rejected.version} — ${rejected.output}`;
}

export function reviewTargetLabel(target: ReviewTarget): string {
  return `${target.outputId} v${target.version} — ${target.output}`;
}

/** "30 h", or "3 d 2 h" once it is past two days; null means nothing waits. */
export function formatAge(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  const whole = Math.max(0, Math.floor(hours));
  if (whole < 48) return `${whole} h`;
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

export function waitingTotal(handoff: WaitingHandoff): number {
  return handoff.awaitingReview + handoff.awaitingNextStep + handoff.awaitingRevision;
}

const domainOf = (email: string) => email.trim().toLowerCase().split('@')[1] ?? '';

/**
 * Addresses outside the domain of the person whose account sends the mail: shown as a warning
 * before saving (small teams work with freelancers, so it is allowed).
 */
export function outsideDomain(addresses: readonly string[], sender: string): string[] {
  const home = domainOf(sender);
  if (home === '') return [];
  return [...new Set(addresses.map((a) => a.trim()).filter((a) => a.includes('@') && domainOf(a) !== home))];
}

export function outsideDomainWarning(addresses: readonly string[], sender: string): string {
  const outside = outsideDomain(addresses, sender);
  return outside.length === 0 ? '' : `Outside ${domainOf(sender)}: ${outside.join(', ')}. Mail to them goes out from ${sender}'s account.`;
}
