import type { Zone } from '../core/zone';
import { type Context, HOUR_MS } from './context';

/** The spreadsheet's zone for core/: one formatDate per hour of time asked about. */
export function spreadsheetZone(ctx: Pick<Context, 'formatDate'>): Zone {
  const byHour = new Map<number, number>();
  return {
    offsetMinutes(at) {
      const hour = Math.floor(at.getTime() / HOUR_MS);
      let offset = byHour.get(hour);
      if (offset === undefined) {
        const z = ctx.formatDate(at, 'Z');
        const sign = z.startsWith('-') ? -1 : 1;
        offset = sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
        byHour.set(hour, offset);
      }
      return offset;
    },
  };
}
