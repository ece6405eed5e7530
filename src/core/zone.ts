// Weeks, quiet days and "Friday 16:00" are in the spreadsheet's time zone, not the script's.
// core/ cannot call Utilities, so the server hands in the zone's offset at an instant.
export interface Zone {
  /** Minutes to add to UTC to get local time at this instant (e.g. +60 for Paris in winter). */
  offsetMinutes(at: Date): number;
}

export const UTC_ZONE: Zone = { offsetMinutes: () => 0 };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface LocalParts {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 1 = Monday … 7 = Sunday */
  readonly isoWeekday: number;
}

export function localParts(zone: Zone, at: Date): LocalParts {
  const shifted = new Date(at.getTime() + zone.offsetMinutes(at) * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    isoWeekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/** The instant a local wall-clock time happens; across a DST change the offset is re-checked. */
export function instantOf(zone: Zone, year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - zone.offsetMinutes(new Date(wall)) * MINUTE_MS;
  guess = wall - zone.offsetMinutes(new Date(guess)) * MINUTE_MS;
  return new Date(guess);
}

export function localDate(parts: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

/** Monday 00:00 to the next Monday 00:00, local, of the week containing `at`. */
export function weekContaining(zone: Zone, at: Date): { start: Date; end: Date; label: string; startDate: string } {
  const p = localParts(zone, at);
  const mondayUtc = Date.UTC(p.year, p.month - 1, p.day) - (p.isoWeekday - 1) * DAY_MS;
  const monday = new Date(mondayUtc);
  const sunday = new Date(mondayUtc + 6 * DAY_MS);
  const nextMonday = new Date(mondayUtc + 7 * DAY_MS);
  const ymd = (d: Date) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  const start = instantOf(zone, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
  const end = instantOf(zone, nextMonday.getUTCFullYear(), nextMonday.getUTCMonth() + 1, nextMonday.getUTCDate());
  const startDate = localDate(ymd(monday));
  return { start, end, startDate, label: `${startDate} to ${localDate(ymd(sunday))}` };
}

export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
