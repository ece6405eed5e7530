// What a cell holds, how Sheets turns typed or script-written input into it, and how it is
// displayed. Everything here is pure: the time zone and "now" are passed in.

export type CellValue = string | number | boolean | Date;

/** The format a fresh cell reports. Assumed: recent Sheets returns 'General' from getNumberFormat (older ones '0.###############'). */
export const GENERAL = 'General';
/** What Sheets applies when a script writes a Date into a cell with no format of its own. */
export const DEFAULT_DATE_TIME_FORMAT = 'M/d/yyyy H:mm:ss';
/**
 * The emulator never evaluates formulas: a formula cell reads back as this error string, so a
 * script that depends on a formula's result fails loudly in tests instead of reading a guess.
 */
export const FORMULA_PLACEHOLDER = '#ERROR!';

/** Dates cross the vm boundary, so `instanceof Date` is not enough. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export function timeOf(date: Date): number {
  return Date.prototype.getTime.call(date);
}

export function copyValue(value: CellValue): CellValue {
  return isDate(value) ? new Date(timeOf(value)) : value;
}

export interface CoercedInput {
  readonly value: CellValue;
  readonly formula: string;
  /** The format Sheets' automatic detection applies, used only when the cell has none of its own. */
  readonly impliedFormat?: string;
}

export interface CoercionContext {
  readonly timeZone: string;
  readonly now: number;
  /** The cell's current number format. */
  readonly format: string;
  /** What a leading apostrophe does in a plain-text cell (world.ts Readings); 'kept' unless told. */
  readonly plainTextApostrophe?: 'kept' | 'consumed';
}

/** Sheets' limit on one cell, with the error it throws (apps-script-facts.md: high). */
export const MAX_CELL_CHARS = 50_000;
export const CELL_TOO_LONG_MESSAGE = `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`;

/** One value as written by setValue/setValues/appendRow or typed by a user. */
export function coerceInput(input: unknown, context: CoercionContext): CoercedInput {
  if (input === null || input === undefined) return { value: '', formula: '' };
  if (typeof input === 'number') {
    // Assumed: a non-finite number is stored as its text, since a cell cannot hold NaN.
    return Number.isFinite(input) ? { value: input, formula: '' } : { value: String(input), formula: '' };
  }
  if (typeof input === 'boolean') return { value: input, formula: '' };
  if (isDate(input)) return { value: new Date(timeOf(input)), formula: '', impliedFormat: DEFAULT_DATE_TIME_FORMAT };
  // Apps Script stores any other object as its string form (arrays join with commas).
  const text = typeof input === 'string' ? input : String(input);
  return coerceText(text, context);
}

function coerceText(text: string, context: CoercionContext): CoercedInput {
  if (context.format === '@') {
    // A plain-text cell keeps what is written as text, "=" included (apps-script-facts.md: "= in
    // a plain-text (@) cell", medium). Whether it consumes a leading apostrophe is open there;
    // the harsh reading, the default, keeps it as a visible character.
    if (text.startsWith("'") && context.plainTextApostrophe === 'consumed') return { value: text.slice(1), formula: '' };
    return { value: text, formula: '' };
  }
  if (text.startsWith('=') && text.length > 1) return { value: FORMULA_PLACEHOLDER, formula: text };
  // A General cell consumes the quote prefix (facts: "Apostrophe in a General cell", medium-high).
  if (text.startsWith("'")) return { value: text.slice(1), formula: '' };
  return detectAutomaticFormat(text, context) ?? { value: text, formula: '' };
}

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^([+-]?(\d+\.?\d*|\.\d+))%$/;
const CURRENCY = /^([+-]?)\$(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Sheets' automatic format in the en_US locale: numbers, grouped numbers, percentages, dollar
 * amounts, booleans, dates and times. Surrounding spaces are ignored. ISO strings with a 'T' or a
 * zone suffix stay text (assumed), as do month names ("Jan 2") which Sheets would also parse.
 */
function detectAutomaticFormat(text: string, context: CoercionContext): CoercedInput | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const lower = trimmed.toLowerCase();
  if (lower === 'true' || lower === 'false') return { value: lower === 'true', formula: '' };
  if (PLAIN_NUMBER.test(trimmed)) return { value: Number(trimmed), formula: '' };
  if (GROUPED_NUMBER.test(trimmed)) return { value: Number(trimmed.replace(/,/g, '')), formula: '', impliedFormat: '#,##0' };
  const percent = PERCENT.exec(trimmed);
  if (percent?.[1] !== undefined) {
    const whole = Number(percent[1]);
    return { value: whole / 100, formula: '', impliedFormat: Number.isInteger(whole) ? '0%' : '0.00%' };
  }
  const money = CURRENCY.exec(trimmed);
  if (money) {
    const amount = Number(`${money[2]?.replace(/,/g, '') ?? ''}${money[4] ?? ''}`);
    return { value: money[1] === '-' ? -amount : amount, formula: '', impliedFormat: '"$"#,##0.00' };
  }
  return detectDate(trimmed, context);
}

function detectDate(text: string, context: CoercionContext): CoercedInput | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const hasTime = iso[4] !== undefined;
    const format = hasTime ? (iso[6] !== undefined ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd hh:mm') : 'yyyy-mm-dd';
    return dateInput(context.timeZone, [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]], format);
  }
  const us = US_DATE.exec(text);
  if (us) {
    // "3/4" means March 4 of the current year in the spreadsheet's time zone (US month/day order).
    const year = us[3] === undefined ? String(wallClock(context.now, context.timeZone).year) : fullYear(us[3]);
    const hasTime = us[4] !== undefined;
    return dateInput(context.timeZone, [year, us[1], us[2], us[4], us[5], us[6]], hasTime ? 'M/d/yyyy H:mm:ss' : 'M/d/yyyy');
  }
  const time = TIME_ONLY.exec(text);
  if (time) {
    // A bare time is a time of day on Sheets' day zero, 1899-12-30.
    return dateInput(context.timeZone, ['1899', '12', '30', time[1], time[2], time[3]], 'h:mm:ss am/pm');
  }
  return undefined;
}

function fullYear(digits: string): string {
  if (digits.length === 4) return digits;
  const twoDigit = Number(digits);
  return String(twoDigit < 30 ? 2000 + twoDigit : 1900 + twoDigit);
}

function dateInput(timeZone: string, parts: (string | undefined)[], impliedFormat: string): CoercedInput | undefined {
  const [year, month, day, hour, minute, second] = parts.map((p) => Number(p ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = wallClockToTime({ year, month, day, hour, minute, second, millisecond: 0 }, timeZone);
  return { value: new Date(ms), formula: '', impliedFormat };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// ---- Time zones -------------------------------------------------------------------------------

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for an unknown zone, which callers turn into the Apps Script message. */
export function checkTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function wallClock(ms: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: ((ms % 1000) + 1000) % 1000 };
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  if (bc) wall.year = 1 - wall.year;
  return wall;
}

function wallAsUtc(wall: WallClock): number {
  const utc = new Date(0);
  utc.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  utc.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return utc.getTime();
}

/** Minutes to add to UTC for the zone's local time at this instant. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  return Math.round((wallAsUtc(wallClock(ms, timeZone)) - ms) / 60_000);
}

/** The instant a wall clock reading names in a zone; in a daylight-saving gap, the later offset wins. */
export function wallClockToTime(wall: WallClock, timeZone: string): number {
  const guess = wallAsUtc(wall);
  const firstOffset = wallAsUtc(wallClock(guess, timeZone)) - guess;
  const candidate = guess - firstOffset;
  const secondOffset = wallAsUtc(wallClock(candidate, timeZone)) - candidate;
  return secondOffset === firstOffset ? candidate : guess - secondOffset;
}

const DAY_ZERO = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Sheets' serial number: days since 1899-12-30 on the spreadsheet's wall clock. */
export function toSerial(ms: number, timeZone: string): number {
  return (wallAsUtc(wallClock(ms, timeZone)) - DAY_ZERO) / DAY_MS;
}

export function fromSerial(serial: number, timeZone: string): number {
  const utc = new Date(DAY_ZERO + Math.round(serial * DAY_MS));
  return wallClockToTime(
    {
      year: utc.getUTCFullYear(),
      month: utc.getUTCMonth() + 1,
      day: utc.getUTCDate(),
      hour: utc.getUTCHours(),
      minute: utc.getUTCMinutes(),
      second: utc.getUTCSeconds(),
      millisecond: utc.getUTCMilliseconds(),
    },
    timeZone,
  );
}

// ---- Display ----------------------------------------------------------------------------------

/** The text Sheets shows for a value under a number format, in the spreadsheet's time zone. */
export function displayValue(value: CellValue, format: string, timeZone: string): string {
  if (value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const kind = formatKind(format);
  if (isDate(value)) {
    const ms = timeOf(value);
    if (kind === 'date') return formatDate(ms, format, timeZone);
    if (kind === 'number') return formatNumber(toSerial(ms, timeZone), format);
    return formatDate(ms, DEFAULT_DATE_TIME_FORMAT, timeZone);
  }
  if (kind === 'date') return formatDate(fromSerial(value, timeZone), format, timeZone);
  if (kind === 'number') return formatNumber(value, format);
  return formatGeneralNumber(value);
}

type FormatKind = 'general' | 'text' | 'number' | 'date';

function formatKind(format: string): FormatKind {
  if (format === '' || format.toLowerCase() === 'general') return 'general';
  if (format === '@') return 'text';
  const bare = format.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  if (/[0#]/.test(bare)) return 'number';
  if (/[ymdhs]/i.test(bare)) return 'date';
  return 'general';
}

export function formatGeneralNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const rounded = Number(value.toPrecision(10));
  const abs = Math.abs(rounded);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-9)) {
    const [mantissa = '', exponent = '0'] = rounded.toExponential(2).toUpperCase().split('E');
    const exp = Number(exponent);
    return `${mantissa}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(rounded);
}

/** Patterns like 0, 0.0, 0.00%, #,##0, "$"#,##0.00: one section, literal text around a numeric core. */
function formatNumber(value: number, format: string): string {
  const section = format.split(';')[0] ?? format;
  const match = /^(.*?)([#0,]*[0#])(?:\.([0#]+))?(%?)(.*)$/.exec(section);
  if (!match) return formatGeneralNumber(value);
  const [, prefix = '', integerPattern = '', decimalPattern = '', percent, suffix = ''] = match;
  const scaled = percent ? value * 100 : value;
  const maxDecimals = decimalPattern.length;
  const minDecimals = (decimalPattern.match(/0/g) ?? []).length;
  let [integerDigits = '0', decimals = ''] = Math.abs(scaled).toFixed(maxDecimals).split('.');
  while (decimals.length > minDecimals && decimals.endsWith('0')) decimals = decimals.slice(0, -1);
  const minIntegerDigits = (integerPattern.match(/0/g) ?? []).length;
  if (integerDigits === '0' && minIntegerDigits === 0) integerDigits = '';
  integerDigits = integerDigits.padStart(minIntegerDigits, '0');
  if (integerPattern.includes(',')) integerDigits = integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = scaled < 0 && /[1-9]/.test(integerDigits + decimals);
  const number = decimals ? `${integerDigits}.${decimals}` : integerDigits;
  return `${negative ? '-' : ''}${literalText(prefix)}${number}${percent}${literalText(suffix)}`;
}

function literalText(pattern: string): string {
  return pattern.replace(/"([^"]*)"|\\(.)/g, (_, quoted: string | undefined, escaped: string | undefined) => quoted ?? escaped ?? '');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type DateToken = { kind: 'literal'; text: string } | { kind: 'y' | 'm' | 'd' | 'h' | 's' | 'ampm' | 'millis'; length: number; minute?: boolean };

function tokenizeDateFormat(format: string): DateToken[] {
  const tokens: DateToken[] = [];
  let i = 0;
  while (i < format.length) {
    const rest = format.slice(i);
    const ampm = /^(am\/pm|a\/p)/i.exec(rest);
    if (ampm) {
      tokens.push({ kind: 'ampm', length: ampm[0].length });
      i += ampm[0].length;
      continue;
    }
    const quoted = /^"([^"]*)"/.exec(rest);
    if (quoted) {
      tokens.push({ kind: 'literal', text: quoted[1] ?? '' });
      i += quoted[0].length;
      continue;
    }
    const char = format[i] ?? '';
    if (char === '\\') {
      tokens.push({ kind: 'literal', text: format[i + 1] ?? '' });
      i += 2;
      continue;
    }
    const millis = /^\.0+/.exec(rest);
    const previous = tokens[tokens.length - 1];
    if (millis && previous?.kind === 's') {
      tokens.push({ kind: 'millis', length: millis[0].length - 1 });
      i += millis[0].length;
      continue;
    }
    const lower = char.toLowerCase();
    if (lower === 'y' || lower === 'm' || lower === 'd' || lower === 'h' || lower === 's') {
      let length = 1;
      while ((format[i + length] ?? '').toLowerCase() === lower) length++;
      tokens.push({ kind: lower, length });
      i += length;
      continue;
    }
    tokens.push({ kind: 'literal', text: char });
    i++;
  }
  // 'm' means minutes right after an hour or right before seconds, as in Sheets and Excel.
  const fields = tokens.filter((t) => t.kind !== 'literal');
  fields.forEach((token, index) => {
    if (token.kind !== 'm' || token.length > 2) return;
    const before = fields[index - 1];
    const after = fields[index + 1];
    if (before?.kind === 'h' || after?.kind === 's') token.minute = true;
  });
  return tokens;
}

function formatDate(ms: number, format: string, timeZone: string): string {
  const wall = wallClock(ms, timeZone);
  const tokens = tokenizeDateFormat(format);
  const twelveHour = tokens.some((t) => t.kind === 'ampm');
  const pad = (n: number, length: number) => String(n).padStart(length, '0');
  return tokens
    .map((token) => {
      switch (token.kind) {
        case 'literal':
          return token.text;
        case 'y':
          return token.length <= 2 ? pad(wall.year % 100, 2) : String(wall.year);
        case 'm':
          if (token.minute) return pad(wall.minute, token.length);
          if (token.length <= 2) return pad(wall.month, token.length);
          return token.length === 3
            ? (MONTHS[wall.month - 1]?.slice(0, 3) ?? '')
            : token.length === 4
              ? (MONTHS[wall.month - 1] ?? '')
              : (MONTHS[wall.month - 1]?.slice(0, 1) ?? '');
        case 'd': {
          if (token.length <= 2) return pad(wall.day, token.length);
          const weekday = WEEKDAYS[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()] ?? '';
          return token.length === 3 ? weekday.slice(0, 3) : weekday;
        }
        case 'h': {
          const hour = twelveHour ? ((wall.hour + 11) % 12) + 1 : wall.hour;
          return pad(hour, Math.min(token.length, 2));
        }
        case 's':
          return pad(wall.second, Math.min(token.length, 2));
        case 'millis':
          return `.${pad(wall.millisecond, 3).slice(0, token.length)}`;
        case 'ampm':
          return token.length === 3 ? (wall.hour < 12 ? 'A' : 'P') : wall.hour < 12 ? 'AM' : 'PM';
      }
    })
    .join('');
}
