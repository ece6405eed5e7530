// Check this spreadsheet, run on the emulator: the same checks a deployed add-on runs on a real
// spreadsheet, with the exact report under the default reading and under each harsh one, on a
// temporary hidden tab that is always removed.
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index';
import type { Readings } from '../../src/emulator/world';
import type { Addon } from '../helpers/addon';
import { logOutput, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;
const LONG = 120_000;
const TITLE = 'Check this spreadsheet';

const start = (readings: Partial<Readings> = {}) => startRegister({ readings } as Partial<EmulatorOptions>);

function check(addon: Addon): string {
  addon.runner.clickMenu(TITLE);
  const alert = addon.emulator.ui.alerts.at(-1);
  expect(alert?.title).toBe(TITLE);
  return alert?.prompt ?? '';
}

const LINES = {
  plainText:
    'PASSED  Text in plain-text cells: =1+1, +SUM(1,2), @mention, 0012, 3/4, TRUE and "=1+1" after a space, a tab and a no-break space stay exactly as written.',
  apostropheKept:
    'PASSED  An apostrophe in a plain-text cell: "\'0012" reads back as "\'0012": the apostrophe is kept as a character, so a text that begins with one is stored exactly.',
  apostropheConsumed:
    'FAILED  An apostrophe in a plain-text cell: "\'0012" read back as "0012": the apostrophe is taken as a quote mark, so a text that begins with an apostrophe loses it. What to do: Nothing else is affected: the add-on never adds an apostrophe to its text columns. Avoid starting a text with an apostrophe.',
  general: 'PASSED  Text in General cells: "\'=1+1", "\'0012" and "\'TRUE" read back as =1+1, 0012 and TRUE, text without the apostrophe.',
  dropdown:
    'PASSED  A strict dropdown under a script write: Writing "zzz" to a cell whose dropdown allows only "a" is refused at once ("The data you entered in cell D1 violates the data validation rules set on this cell."), and the cell stays empty.',
  dateTime: (iso: string) => `PASSED  A date-time to the second: ${iso} reads back to the same second.`,
  cellLimit:
    'PASSED  Cells longer than 50,000 characters: A 50,001-character text is refused ("Your input contains more than the maximum of 50000 characters in a single cell."); the add-on refuses such a cell itself first, with a message naming the field.',
  properties: "PASSED  Document properties: A value written to the document's properties reads back, and is removed again.",
  lock: 'PASSED  The document lock: The document lock can be taken and released.',
  user: "PASSED  Who you are: Google tells the add-on you are owner@example.com: Decided by and the Audit log's Who name you.",
  jobOff:
    'NOT CHECKED  The hourly job: Reminders are off, so there is no hourly run to check. What to do: Turn reminders on, wait for a run (an hour), then check again.',
  jobSaw: 'PASSED  The hourly job: The last hourly run (2026-11-16T10:00:00.000Z, run by owner@example.com) opened this spreadsheet.',
  jobBlind:
    'FAILED  The hourly job: Its run at 2026-11-16T10:00:00.000Z could not open this spreadsheet: Google gave its trigger no active spreadsheet, so nothing was repaired, archived or emailed. What to do: Turn reminders off and on again (Extensions > Handoff Register). If the next run cannot open it either, use Send reminders now and Generate Friday summary now by hand, and tell whoever maintains the add-on.',
  moving: 'PASSED  Moving a column: A moved column takes its cells and formats with it; the add-on finds its columns by their headers.',
};

const report = (head: string, lines: string[]) => [head, '', ...lines].join('\n');

function hourLater(addon: Addon): void {
  addon.runner.clickMenu('Turn on reminders & Friday summary');
  addon.runner.advance(HOUR);
}

describe('Check this spreadsheet, on the emulator', () => {
  it(
    'under the default readings: every check passes; the hourly job is not checked while reminders are off',
    () => {
      const addon = start();
      logOutput(addon, 'Spring offer post');
      const before = workbookState(addon);
      expect(check(addon)).toBe(
        report('10 passed, 0 failed, 1 not checked.', [
          LINES.plainText,
          LINES.apostropheKept,
          LINES.general,
          LINES.dropdown,
          LINES.dateTime('2026-11-16T09:00:17.000Z'),
          LINES.cellLimit,
          LINES.properties,
          LINES.lock,
          LINES.user,
          LINES.jobOff,
          LINES.moving,
        ]),
      );
      // The temporary tab is gone, the probe property too: the workbook is as it was.
      expect(workbookState(addon)).toEqual(before);
      hourLater(addon);
      expect(check(addon)).toBe(
        report('11 passed, 0 failed.', [
          LINES.plainText,
          LINES.apostropheKept,
          LINES.general,
          LINES.dropdown,
          LINES.dateTime('2026-11-16T10:00:17.000Z'),
          LINES.cellLimit,
          LINES.properties,
          LINES.lock,
          LINES.user,
          LINES.jobSaw,
          LINES.moving,
        ]),
      );
    },
    LONG,
  );

  it(
    'under the harsh reading of the time trigger: the hourly job could not open the spreadsheet',
    () => {
      const addon = start({ timeTriggerSeesSpreadsheet: false });
      hourLater(addon);
      expect(check(addon)).toBe(
        report('10 passed, 1 failed.', [
          LINES.plainText,
          LINES.apostropheKept,
          LINES.general,
          LINES.dropdown,
          LINES.dateTime('2026-11-16T10:00:17.000Z'),
          LINES.cellLimit,
          LINES.properties,
          LINES.lock,
          LINES.user,
          LINES.jobBlind,
          LINES.moving,
        ]),
      );
    },
    LONG,
  );

  it(
    'under the other reading of the apostrophe: the one text it affects is named',
    () => {
      const addon = start({ plainTextApostrophe: 'consumed' });
      hourLater(addon);
      expect(check(addon)).toBe(
        report('10 passed, 1 failed.', [
          LINES.plainText,
          LINES.apostropheConsumed,
          LINES.general,
          LINES.dropdown,
          LINES.dateTime('2026-11-16T10:00:17.000Z'),
          LINES.cellLimit,
          LINES.properties,
          LINES.lock,
          LINES.user,
          LINES.jobSaw,
          LINES.moving,
        ]),
      );
    },
    LONG,
  );

  it(
    'a check that throws is reported as failed, and the temporary tab is removed all the same',
    () => {
      const addon = start();
      const sheets = () => addon.emulator.workbook.sheets.map((s) => s.name);
      const tabs = sheets();
      // The first check's first write (after the tab is made, hidden and the active tab restored).
      addon.emulator.counters.reset();
      check(addon);
      const calls = addon.emulator.counters.log.map((c) => `${c.service}.${c.method}`);
      const k = calls.indexOf('SpreadsheetApp.Range.setValues') + 1;
      expect(k).toBeGreaterThan(1);
      addon.emulator.failCallAt(k);
      const text = check(addon);
      expect(text.split('\n').slice(0, 3)).toEqual([
        '9 passed, 1 failed, 1 not checked.',
        '',
        "FAILED  Text in plain-text cells: The check itself failed: We're sorry, a server error occurred. Please wait a bit and try again. What to do: Run the check again; if it fails the same way, tell whoever maintains the add-on.",
      ]);
      expect(sheets()).toEqual(tabs);
    },
    LONG,
  );

  it(
    'a check killed half-way leaves its tab, and the next check removes it first',
    () => {
      const addon = start();
      const names = () => addon.emulator.workbook.sheets.map((s) => s.name);
      const tabs = names();
      addon.emulator.killRunAt('SpreadsheetApp', 'Sheet.moveColumns');
      expect(() => addon.runner.clickMenu(TITLE)).toThrow('Exceeded maximum execution time');
      expect(names()).toEqual([...tabs, 'Handoff Register check (temporary)']);
      expect(addon.emulator.workbook.sheets.find((s) => s.name === 'Handoff Register check (temporary)')?.hidden).toBe(true);
      expect(check(addon).split('\n')[0]).toBe('10 passed, 0 failed, 1 not checked.');
      expect(names()).toEqual(tabs);
    },
    LONG,
  );
});
