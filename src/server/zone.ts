import type { Zone } from '../core/zone';

/** The spreadsheet's zone for core/: one Utilities call per hour of time asked about. */
export function spreadsheetZone(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Zone {
  const tz = ss.getSpreadsheetTimeZone();
  const byHour = new Map<number, number>();
  return {
    offsetMinutes(at) {
      const hour = Math.floor(at.getTime() / 3_600_000);
      let offset = byHour.get(hour);
      if (offset === undefined) {
        const z = Utilities.formatDate(at, tz, 'Z');
        const sign = z.startsWith('-') ? -1 : 1;
        offset = sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
        byHour.set(hour, offset);
      }
      return offset;
    },
  };
}
