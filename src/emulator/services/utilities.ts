import { createHash } from 'node:crypto';
import { charge, notImplemented, type World } from '../world';
import { enumOf, strict } from './strict';

export const DigestAlgorithm = enumOf(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512']);
export const Charset = enumOf(['US_ASCII', 'UTF_8']);

const nodeDigest: Record<string, string | undefined> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

/** Apps Script hands bytes to JavaScript as Java bytes: signed, -128..127. */
const toSignedBytes = (buffer: Buffer): number[] => Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
const fromBytesOrText = (data: unknown, charset?: unknown): Buffer =>
  Array.isArray(data) ? Buffer.from(data.map((b) => Number(b) & 0xff)) : Buffer.from(String(data), charset === 'US_ASCII' ? 'ascii' : 'utf8');

export function createUtilities(world: World, options: { uuidSeed: string }) {
  let uuidCount = 0;
  const utilities = {
    formatDate(date: Date, timeZone: string, pattern: string): string {
      charge(world, 'Utilities', 'formatDate');
      return formatDate(date, timeZone, pattern);
    },
    // Repeatable rather than random, so test runs compare equal; still shaped like a v4 UUID.
    getUuid(): string {
      charge(world, 'Utilities', 'getUuid');
      const hex = createHash('sha256').update(`${options.uuidSeed}:${uuidCount++}`).digest('hex');
      const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    sleep(milliseconds: number): void {
      charge(world, 'Utilities', 'sleep');
      world.clock.advance(Math.max(0, Number(milliseconds) || 0));
    },
    computeDigest(algorithm: unknown, value: unknown, charset?: unknown): number[] {
      charge(world, 'Utilities', 'computeDigest');
      const name = nodeDigest[String(algorithm)];
      if (name === undefined) return notImplemented(`Utilities.computeDigest(${String(algorithm)})`);
      return toSignedBytes(createHash(name).update(fromBytesOrText(value, charset)).digest());
    },
    base64Encode(data: unknown, charset?: unknown): string {
      charge(world, 'Utilities', 'base64Encode');
      return fromBytesOrText(data, charset).toString('base64');
    },
    base64EncodeWebSafe(data: unknown, charset?: unknown): string {
      charge(world, 'Utilities', 'base64EncodeWebSafe');
      return fromBytesOrText(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    },
    base64Decode(encoded: string): number[] {
      charge(world, 'Utilities', 'base64Decode');
      return toSignedBytes(Buffer.from(String(encoded), 'base64'));
    },
    base64DecodeWebSafe(encoded: string): number[] {
      charge(world, 'Utilities', 'base64DecodeWebSafe');
      return toSignedBytes(Buffer.from(String(encoded), 'base64url'));
    },
  };
  // Signature check against the real declarations, so a wrong parameter list fails to compile.
  const typed: Pick<
    GoogleAppsScript.Utilities.Utilities,
    'formatDate' | 'getUuid' | 'sleep' | 'base64Encode' | 'base64EncodeWebSafe' | 'base64Decode' | 'base64DecodeWebSafe'
  > = utilities;
  void typed;
  return strict('Utilities', { ...utilities, DigestAlgorithm, Charset });
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 1 = Monday … 7 = Sunday
  offsetMinutes: number;
  shortZoneName: string;
  longZoneName: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "GMT+2", "GMT-05:30", "UTC" — Java's custom zone ids, which Intl does not take in Node 20. */
function fixedOffsetMinutes(timeZone: string): number | undefined {
  if (timeZone === 'GMT' || timeZone === 'UTC') return 0;
  const match = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(timeZone);
  if (match === null) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

function wallClock(instant: number, timeZone: string): WallClock {
  let fixed = fixedOffsetMinutes(timeZone);
  let zone = timeZone;
  if (fixed === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      // Java's TimeZone.getTimeZone falls back to GMT for an unknown id, silently (assumed for Apps Script too).
      fixed = 0;
      zone = 'GMT';
    }
  }
  if (fixed !== undefined) {
    const shifted = new Date(instant + fixed * 60_000);
    const sign = fixed < 0 ? '-' : '+';
    const abs = Math.abs(fixed);
    const name = fixed === 0 ? 'GMT' : `GMT${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond: shifted.getUTCMilliseconds(),
      weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
      offsetMinutes: fixed,
      shortZoneName: name,
      longZoneName: name,
    };
  }
  const parts = (zoneName: 'short' | 'long') =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
      timeZoneName: zoneName,
    }).formatToParts(new Date(instant));
  const short = parts('short');
  const get = (type: string) => short.find((p) => p.type === type)?.value ?? '';
  const year = Number(get('year'));
  const month = Number(get('month'));
  const day = Number(get('day'));
  const hour = Number(get('hour'));
  const minute = Number(get('minute'));
  const second = Number(get('second'));
  const millisecond = new Date(instant).getUTCMilliseconds();
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
    weekday: DAYS.indexOf(get('weekday')) + 1,
    offsetMinutes: Math.round((asUtc - instant) / 60_000),
    // Intl's short names ("PST", "GMT+1") stand in for Java's ("PST", "CET"); they differ for some zones.
    shortZoneName: get('timeZoneName'),
    longZoneName: parts('long').find((p) => p.type === 'timeZoneName')?.value ?? '',
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function offset(minutes: number, style: 'Z' | 'X' | 'XX' | 'XXX'): string {
  if (minutes === 0 && style !== 'Z') return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = pad(Math.floor(abs / 60), 2);
  const mm = pad(abs % 60, 2);
  if (style === 'X') return `${sign}${hh}`;
  if (style === 'XXX') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}${mm}`;
}

/** Java SimpleDateFormat, the subset scripts use, computed in `timeZone` (daylight saving included). */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new Error('Invalid argument: date');
  const t = wallClock(date.getTime(), String(timeZone));
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern.charAt(i);
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      if (end < 0) throw new Error(`Illegal pattern: unterminated quote in ${pattern}`);
      out += pattern.slice(i + 1, end).replace(/''/g, "'");
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern.charAt(i + n) === ch) n++;
    i += n;
    out += field(ch, n, t);
  }
  return out;
}

function field(letter: string, n: number, t: WallClock): string {
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  switch (letter) {
    case 'y':
      return n === 2 ? pad(t.year % 100, 2) : pad(t.year, n);
    case 'M':
      if (n >= 4) return MONTHS[t.month - 1] ?? '';
      if (n === 3) return (MONTHS[t.month - 1] ?? '').slice(0, 3);
      return pad(t.month, n);
    case 'd':
      return pad(t.day, n);
    case 'H':
      return pad(t.hour, n);
    case 'k':
      return pad(t.hour === 0 ? 24 : t.hour, n);
    case 'h':
      return pad(hour12, n);
    case 'K':
      return pad(t.hour % 12, n);
    case 'm':
      return pad(t.minute, n);
    case 's':
      return pad(t.second, n);
    case 'S':
      return pad(t.millisecond, n);
    case 'a':
      return t.hour < 12 ? 'AM' : 'PM';
    case 'E':
      return n >= 4 ? (DAYS[t.weekday - 1] ?? '') : (DAYS[t.weekday - 1] ?? '').slice(0, 3);
    case 'u':
      return pad(t.weekday, n);
    case 'D': {
      const dayOfYear = Math.round((Date.UTC(t.year, t.month - 1, t.day) - Date.UTC(t.year, 0, 1)) / 86_400_000) + 1;
      return pad(dayOfYear, n);
    }
    case 'z':
      return n >= 4 ? t.longZoneName : t.shortZoneName;
    case 'Z':
      return offset(t.offsetMinutes, 'Z');
    case 'X':
      return offset(t.offsetMinutes, n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
    default:
      return notImplemented(`Utilities.formatDate pattern letter '${letter}'`);
  }
}
