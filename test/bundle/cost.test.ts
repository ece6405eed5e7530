// Issue 9's cost targets, asserted on COUNTS (service calls, cells, bytes), never on time: the
// built bundle runs every operation on a seeded register (test/helpers/seed.ts) at two sizes,
// and what must not grow with the register is compared between them. Until the redesign in
// issue 9 lands several of these fail, by design: they are its targets, not today's behaviour.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../helpers/addon';
import { type Measured, OPERATIONS, type Operation, runOperations } from '../helpers/operations';
import { SEED_OWNERS, type SeededRegister, startSeededRegister } from '../helpers/seed';

const SMALL = 400;
const LARGE = 4000;
/** Generous for a loaded two-core machine: the larger size runs in a few seconds on an idle one. */
const TIMEOUT = 60_000;
const MAX_HOURLY_CALLS = 100;
const MAX_SIDEBAR_BYTES = 100 * 1024;
const MAX_CODE_BYTES = 200 * 1024;

const runs = new Map<number, { seeded: SeededRegister; ops: Measured[] }>();

beforeAll(() => {
  for (const size of [SMALL, LARGE]) {
    const { addon, seeded } = startSeededRegister(size);
    runs.set(size, { seeded, ops: runOperations(addon, seeded) });
  }
}, 4 * TIMEOUT);

function op(size: number, operation: Operation): Measured {
  const found = runs.get(size)?.ops.find((m) => m.operation === operation);
  if (!found) throw new Error(`${operation} was not measured at ${size} rows`);
  return found;
}

const callsExceptMail = (m: Measured) => m.calls - (m.byMethod['MailApp.sendEmail'] ?? 0);
/**
 * Calls spent making room at the end of a tab: one insertRowsAfter, then a getRange and a
 * setNumberFormats for the new rows' formats. It happens whenever a tab (here the Audit log)
 * fills its rows, whatever the register's size, so the two sizes may differ by it once.
 */
const growthCalls = (m: Measured) => 3 * (m.byMethod['SpreadsheetApp.Sheet.insertRowsAfter'] ?? 0);
const describeTabs = (m: Measured) =>
  Object.entries(m.tabs)
    .filter(([, t]) => t.lastRow > 0)
    .map(([name, t]) => `${name} ${t.lastRow}×${t.width}`)
    .join(', ');

describe('the seeded register', () => {
  it(
    'has the mix the targets are measured on',
    () => {
      for (const size of [SMALL, LARGE]) {
        const { seeded } = runs.get(size) as { seeded: SeededRegister };
        for (const kind of ['stalledReview', 'stalledNextStep', 'stalledRevise']) {
          expect(seeded.kinds[kind], `${kind} rows at ${size}`).toBe(Math.round(0.15 * size));
        }
        expect(seeded.handoffIds, `handoffs at ${size}`).toHaveLength(4);
      }
      expect(new Set(SEED_OWNERS).size, 'distinct owners').toBe(24);
      // The hourly comparison means something only if both sizes remind the same owners.
      const small = op(SMALL, 'hourly job: repairs + reminders').emails;
      expect(small, 'reminder digests sent by the first hourly run').toBeGreaterThan(0);
      expect(op(LARGE, 'hourly job: repairs + reminders').emails, 'digests at both sizes').toBe(small);
    },
    TIMEOUT,
  );
});

describe.each([SMALL, LARGE])('at %i rows, every operation reads each cell at most once', (size) => {
  it.each(OPERATIONS)(
    '%s',
    (operation) => {
      const m = op(size, operation);
      expect(
        m.cellsRead,
        `${operation} at ${size} rows read ${m.cellsRead} cells; every cell of every tab once is ${m.readBound} (${describeTabs(m)}, header widths × (rows + 1)): ${(m.cellsRead / m.readBound).toFixed(2)}× the bound`,
      ).toBeLessThanOrEqual(m.readBound);
    },
    TIMEOUT,
  );
});

describe(`service calls that must not grow with the register (${SMALL} vs ${LARGE} rows)`, () => {
  it.each(['hourly job: repairs + reminders', 'hourly job: idle (next hour)'] as const)(
    `%s: the same calls at both sizes (MailApp.sendEmail aside), at most ${MAX_HOURLY_CALLS}`,
    (operation) => {
      const small = callsExceptMail(op(SMALL, operation));
      const large = callsExceptMail(op(LARGE, operation));
      const [grewSmall, grewLarge] = [growthCalls(op(SMALL, operation)), growthCalls(op(LARGE, operation))];
      expect
        .soft(
          large - grewLarge,
          `${operation}: ${small} calls at ${SMALL} rows but ${large} at ${LARGE} (MailApp.sendEmail excluded; ${grewSmall} and ${grewLarge} of them making room at a tab's end)`,
        )
        .toBe(small - grewSmall);
      for (const [size, calls] of [
        [SMALL, small],
        [LARGE, large],
      ] as const) {
        expect
          .soft(calls, `${operation} at ${size} rows made ${calls} calls (MailApp.sendEmail excluded); the target is at most ${MAX_HOURLY_CALLS}`)
          .toBeLessThanOrEqual(MAX_HOURLY_CALLS);
      }
    },
    TIMEOUT,
  );

  it.each(['onEdit: one decision', 'onEdit: 100-row paste of decisions', 'reviewOutput'] as const)(
    '%s: the same calls at both sizes',
    (operation) => {
      const small = op(SMALL, operation).calls;
      const large = op(LARGE, operation).calls;
      expect(large, `${operation}: ${small} calls at ${SMALL} rows but ${large} at ${LARGE}`).toBe(small);
    },
    TIMEOUT,
  );
});

describe('what the add-on sends and ships', () => {
  it(
    `getSidebarState returns under ${MAX_SIDEBAR_BYTES / 1024} KB at ${LARGE} rows`,
    () => {
      const bytes = op(LARGE, 'getSidebarState').payloadBytes ?? Number.NaN;
      expect(bytes, `getSidebarState's JSON is ${(bytes / 1024).toFixed(1)} KB at ${LARGE} rows`).toBeLessThan(MAX_SIDEBAR_BYTES);
    },
    TIMEOUT,
  );

  it.each([SMALL, LARGE])(
    'an idle hourly run at %i rows writes no backgrounds',
    (size) => {
      const m = op(size, 'hourly job: idle (next hour)');
      const tints = Object.entries(m.byMethod).filter(([method]) => /^SpreadsheetApp\..*\.setBackgrounds?$/.test(method));
      const count = tints.reduce((n, [, c]) => n + c, 0);
      expect(
        count,
        `the idle hourly run made ${count} setBackground(s) calls (${tints.map(([k, c]) => `${k} ×${c}`).join(', ')}) with no row's state changed`,
      ).toBe(0);
    },
    TIMEOUT,
  );

  it(
    `dist/Code.js stays under ${MAX_CODE_BYTES / 1024} KB (parsed on every execution)`,
    () => {
      const bytes = statSync(join(DIST, 'Code.js')).size;
      expect(bytes, `dist/Code.js is ${(bytes / 1024).toFixed(1)} KB`).toBeLessThan(MAX_CODE_BYTES);
    },
    TIMEOUT,
  );
});
