// The emulator's clock. Time moves only when a test (or the playground) moves it, or when a
// service call is charged a cost, so every run is repeatable.
export interface Clock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function createClock(start: Date | number): Clock {
  let current = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => current,
    set(ms) {
      current = ms;
    },
    advance(ms) {
      if (ms < 0) throw new Error('the clock only moves forward');
      current += ms;
    },
  };
}

/**
 * A Date class for the script's global scope: `new Date()` and `Date.now()` read the emulator's
 * clock, and instances are real host Dates, so `instanceof Date` holds across the vm boundary and
 * the spreadsheet recognises the dates the script writes.
 */
export function createClockedDate(clock: Clock): DateConstructor {
  const HostDate = Date;
  class ClockedDate extends HostDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return clock.now();
    }
  }
  // Date() called without new returns a string in JavaScript.
  const callable = new Proxy(ClockedDate, {
    apply: () => new HostDate(clock.now()).toString(),
  });
  return callable as unknown as DateConstructor;
}
