// Issue 13 through the built bundle: text stays exactly as typed under every reading of what
// Apps Script leaves open, the hourly job that cannot open its spreadsheet says so, Sheets'
// 50,000-character cell limit is the add-on's, and headers are never guessed at.
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index';
import type { Readings } from '../../src/emulator/world';
import type { JobStatus } from '../../src/shared/rpc';
import { heartbeatWarning } from '../../src/sidebar/settingsSection';
import type { Addon } from '../helpers/addon';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;
/** A scenario runs the bundle dozens of times: generous for a loaded two-core machine. */
const LONG = 120_000;

const READINGS: Record<string, Partial<Readings>> = {
  'an apostrophe in a plain-text cell is kept (harsh, the default)': { plainTextApostrophe: 'kept' },
  'an apostrophe in a plain-text cell is consumed': { plainTextApostrophe: 'consumed' },
};

const start = (readings: Partial<Readings> = {}) => startRegister({ readings } as Partial<EmulatorOptions>);

/** Text a General cell would turn into a formula, a number, a date or a boolean. */
const RISKY = ['=1+1', '+SUM(1,2)', '@mention', '0012', '3/4', 'TRUE', '-5', '50%', '2026-01-02', '=HYPERLINK("http://x","y")', '=IMPORTXML("http://x","//a")'];
/** Whitespace before a formula: the sidebar's forms trim it, so it reaches cells through the grid. */
const PADDED = [' =1+1', '\t=1+1', '\u00a0=1+1', ' \t\u00a0+SUM(1,2)'];

/** Every cell of a tab as stored, displayed and (if any) as formula, by header. */
function cellsOf(addon: Addon, tab: string, header: string): { value: unknown; display: string; formula: string }[] {
  const sheet = addon.sheet(tab);
  const column = (sheet.display[0] ?? []).indexOf(header);
  return sheet.values
    .slice(1)
    .map((row, i) => ({ value: row[column], display: sheet.display[i + 1]?.[column] ?? '', formula: sheet.formulas[i + 1]?.[column] ?? '' }));
}

const exactly = (text: string) => ({ value: text, display: text, formula: '' });

describe.each(Object.entries(READINGS))('text is stored exactly as typed when %s', (_, readings) => {
  it(
    'in the Register and its Audit log rows, from the sidebar',
    () => {
      const addon = start(readings);
      for (const text of RISKY) logOutput(addon, text, { notes: text, promptVersion: text });
      const register = addon.records('Register');
      expect(cellsOf(addon, 'Register', 'Output').slice(0, RISKY.length)).toEqual(RISKY.map(exactly));
      expect(cellsOf(addon, 'Register', 'Notes').slice(0, RISKY.length)).toEqual(RISKY.map(exactly));
      expect(cellsOf(addon, 'Register', 'Prompt version').slice(0, RISKY.length)).toEqual(RISKY.map(exactly));
      expect(register.map((r) => r.Output)).toEqual(RISKY);
      const logged = addon
        .records('Audit log')
        .filter((r) => r.Field === 'Logged')
        .map((r) => r['New value']);
      expect(logged).toEqual(RISKY.map((t) => `${t} (H-001, version 1)`));
      // Nothing the add-on wrote starts with an apostrophe it added.
      for (const tab of ['Register', 'Handoffs', 'Audit log']) {
        expect(
          addon
            .sheet(tab)
            .values.flat()
            .filter((v) => typeof v === 'string' && v.startsWith("'")),
          tab,
        ).toEqual([]);
      }
    },
    LONG,
  );

  it(
    'in the Handoffs, and in the Audit log that records them',
    () => {
      const addon = start(readings);
      const handoff = {
        ...HANDOFF,
        task: '=1+1',
        toolStep: '+SUM(1,2)',
        inputRequired: '@mention',
        outputStandard: '0012',
        nextStep: '3/4',
        measurement: 'TRUE',
        outputType: '=HYPERLINK("http://x","y")',
      };
      expect(addon.runner.scriptRun('saveHandoff', [handoff])).toEqual({ ok: true, handoffId: 'H-002' });
      const row = 3;
      for (const [header, text] of [
        ['Task', '=1+1'],
        ['Tool step', '+SUM(1,2)'],
        ['Input required', '@mention'],
        ['Output standard', '0012'],
        ['Next step', '3/4'],
        ['Measurement', 'TRUE'],
        ['Output type', '=HYPERLINK("http://x","y")'],
      ] as const) {
        expect(cellsOf(addon, 'Handoffs', header)[row - 2], header).toEqual(exactly(text));
      }
      expect(
        addon
          .records('Audit log')
          .filter((r) => r.Field === 'H-002 Task')
          .map((r) => r['New value']),
      ).toEqual(['=1+1']);
      // Changing it again records old and new exactly.
      expect(addon.runner.scriptRun('saveHandoff', [{ ...handoff, handoffId: 'H-002', task: '0012', measurement: '=1+1' }])).toEqual({
        ok: true,
        handoffId: 'H-002',
      });
      expect(
        addon
          .records('Audit log')
          .filter((r) => r.Field === 'H-002 Task' || r.Field === 'H-002 Measurement')
          .map((r) => [r.Field, r['Old value'], r['New value']])
          .slice(-2),
      ).toEqual([
        ['H-002 Task', '=1+1', '0012'],
        ['H-002 Measurement', 'TRUE', '=1+1'],
      ]);
    },
    LONG,
  );

  it(
    'with spaces, tabs and no-break spaces before a formula, typed in the grid',
    () => {
      const addon = start(readings);
      const ids = PADDED.map((_, i) => logOutput(addon, `Post ${i + 1}`));
      ids.forEach((id, i) => addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Output')}${rowOf(addon, id)}`, [[PADDED[i]]]));
      expect(cellsOf(addon, 'Register', 'Output').slice(0, PADDED.length)).toEqual(PADDED.map(exactly));
      const audited = addon
        .records('Audit log')
        .filter((r) => r.Field === 'Output')
        .map((r) => [r['Output ID'], r['Old value'], r['New value']]);
      expect(audited).toEqual(ids.map((id, i) => [id, `Post ${i + 1}`, PADDED[i]]));
      expect(cellsOf(addon, 'Audit log', 'New value').slice(-PADDED.length)).toEqual(PADDED.map(exactly));
    },
    LONG,
  );
});

describe('the hourly job that cannot open its spreadsheet', () => {
  const turnOn = (addon: Addon) => addon.runner.clickMenu('Turn on reminders & Friday summary');
  const job = (addon: Addon) => (addon.runner.scriptRun('getSidebarState', []) as { job: JobStatus }).job;
  const MESSAGE =
    'The hourly job could not open this spreadsheet: Google gave its trigger no active spreadsheet, so nothing was repaired, archived or emailed.';

  it(
    'records when it could not, and the sidebar says so with what to do',
    () => {
      const addon = start({ timeTriggerSeesSpreadsheet: false });
      logOutput(addon, 'Spring offer post');
      turnOn(addon);
      const before = addon.sheet('Register');
      const runs = addon.runner.advance(HOUR);
      expect(runs.map((r) => [r.functionName, r.kind, r.error])).toEqual([['runHourlyJob', 'timeDriven', MESSAGE]]);
      expect(addon.emulator.properties.document.get('hourlyJobCouldNotOpen')).toBe('2026-11-16T10:00:00.000Z');
      expect(addon.sheet('Register')).toEqual(before);
      const status = job(addon);
      expect(status).toEqual({
        on: true,
        runBy: 'owner@example.com',
        lastRunAt: '',
        lastResult: '',
        attention: { hoursSinceLastRun: null, couldNotOpenAt: '2026-11-16T10:00:00.000Z' },
      });
      expect(heartbeatWarning(status, 'Europe/London')).toBe(
        'The hourly job could not open this spreadsheet (its last try: 2026-11-16 10:00), so no reminders, repairs or Friday summary are going out. What to do: turn reminders off and on again from Extensions ▸ Handoff Register, or ask owner@example.com to open the spreadsheet; until it runs again, use Send reminders now and Generate Friday summary now from the same menu.',
      );
    },
    LONG,
  );

  it(
    "says so in its error when it cannot reach the document's properties either, and writes nothing",
    () => {
      const addon = start({ timeTriggerSeesSpreadsheet: false, timeTriggerSeesDocument: false });
      turnOn(addon);
      const before = workbookState(addon);
      const runs = addon.runner.advance(HOUR);
      expect(runs.map((r) => r.error)).toEqual([`${MESSAGE} (This run could not reach the document's properties either, so the sidebar cannot show it.)`]);
      expect(workbookState(addon)).toEqual(before);
    },
    LONG,
  );

  it(
    'when it sees the spreadsheet, no warning until no run has finished for more than two hours',
    () => {
      const addon = start();
      turnOn(addon);
      addon.runner.advance(HOUR);
      expect(job(addon)).toEqual({ on: true, runBy: 'owner@example.com', lastRunAt: '2026-11-16T10:00:00.000Z', lastResult: expect.any(String) });
      // The trigger stops firing (Google stopped it, or its owner's authorisation lapsed).
      addon.emulator.triggerStore.list.length = 0;
      addon.emulator.clock.advance(2 * HOUR);
      expect(job(addon).attention).toBeUndefined();
      addon.emulator.clock.advance(HOUR);
      const status = job(addon);
      expect(status.attention).toEqual({ hoursSinceLastRun: 3, couldNotOpenAt: '' });
      expect(heartbeatWarning(status, 'Europe/London')).toBe(
        'The hourly job has not finished a run for 3 hours (last run 2026-11-16 10:00): reminders and the Friday summary may not be going out. What to do: turn it off and on again from Extensions ▸ Handoff Register, or ask owner@example.com to open the spreadsheet.',
      );
      // Turned off, nothing to warn about.
      addon.runner.clickMenu('Turn off reminders & Friday summary');
      expect(job(addon).attention).toBeUndefined();
      expect(heartbeatWarning(job(addon), 'Europe/London')).toBe('');
    },
    LONG,
  );

  it(
    'a job turned on that never runs is warned about too, judged from when it was turned on',
    () => {
      const addon = start();
      turnOn(addon);
      // Its trigger never fires.
      addon.emulator.triggerStore.list.length = 0;
      addon.emulator.clock.advance(2 * HOUR);
      expect(job(addon).attention).toBeUndefined();
      addon.emulator.clock.advance(HOUR);
      const status = job(addon);
      expect(status).toEqual({
        on: true,
        runBy: 'owner@example.com',
        lastRunAt: '',
        lastResult: '',
        attention: { hoursSinceLastRun: null, couldNotOpenAt: '' },
      });
      expect(heartbeatWarning(status, 'Europe/London')).toBe(
        'The hourly job has not finished a run: reminders and the Friday summary may not be going out. What to do: turn it off and on again from Extensions ▸ Handoff Register, or ask owner@example.com to open the spreadsheet.',
      );
    },
    LONG,
  );
});

describe("Sheets' limits are the add-on's", () => {
  it(
    'a review whose Notes would pass 50,000 characters is refused, naming the cell, and nothing is written',
    () => {
      const addon = start();
      const id = logOutput(addon, 'Spring offer post');
      addon.emulator.setUser('rae@example.com');
      const note = 'n'.repeat(5000);
      const review = () => addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Edit', reviewMinutes: 5, reworkCause: 'Prompt', notes: note }]);
      for (let i = 0; i < 9; i++) expect(review()).toMatchObject({ ok: true });
      expect(String(addon.records('Register')[0]?.Notes).length).toBe(9 * 5024 - 1);
      const before = workbookState(addon);
      expect(review).toThrow(
        new Error(
          'Nothing was saved: the "Notes" cell of the "Register" tab (row 2) would hold 50,239 characters, more than the 50,000 Google Sheets allows in one cell.',
        ),
      );
      expect(workbookState(addon)).toEqual(before);
    },
    LONG,
  );

  it(
    'an audit value past the limit is cut and says so: the record is still written',
    () => {
      const addon = start();
      const id = logOutput(addon, 'Spring offer post');
      addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Output')}${rowOf(addon, id)}`, [['o'.repeat(50_000)]]);
      addon.emulator.setUser('rae@example.com');
      expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }])).toMatchObject({ ok: true });
      const decided = addon.records('Audit log').find((r) => r.Field === 'Decided version')?.['New value'] ?? '';
      const tail = ' … (cut: 50,031 characters in all; a cell holds 50,000)';
      expect(decided.length).toBe(49_999);
      expect(decided.endsWith(tail)).toBe(true);
      expect(decided.startsWith(`"${'o'.repeat(100)}`)).toBe(true);
      addon.runner.clickMenu('Verify audit log');
      expect(addon.emulator.ui.alerts.at(-1)?.prompt).toMatch(/^The Audit log is intact: all \d+ rows match their fingerprints\.$/);
    },
    LONG,
  );

  it.each([
    ['quietDays', Array.from({ length: 10_000 }, () => 'Sat'), 'Quiet days: must have at most 7 days'],
    ['summaryRecipients', Array.from({ length: 10_000 }, (_, i) => `r${i}@example.com`), 'Summary recipients: must have at most 500 addresses'],
    [
      'summaryRecipients',
      Array.from({ length: 400 }, (_, i) => `recipient-${i}@example.com`),
      'Summary recipients: must fit in 6000 characters in all (these take 10289)',
    ],
    ['escalationEmail', `${'e'.repeat(300)}@example.com`, 'Escalation address: must be at most 254 characters (it has 312)'],
  ])(
    'oversized settings (%s) are a field error, never "Argument too large"',
    (field, value, message) => {
      const addon = start();
      const before = workbookState(addon);
      expect(addon.runner.scriptRun('saveSettings', [{ [field]: value }])).toEqual({ ok: false, errors: [{ field, message }] });
      expect(workbookState(addon)).toEqual(before);
    },
    LONG,
  );
});

describe('headers: the add-on writes only to the column it set up under each', () => {
  const addColumn = (addon: Addon, tab: string, before: number) => {
    // A person inserts a column (as the script API would do it for them: no run, no trigger).
    const app = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    app.getActiveSpreadsheet().getSheetByName(tab)?.insertColumnBefore(before);
  };

  it(
    "a second Status column inserted before the add-on's is reported by Set up and in the error, and never written",
    () => {
      const addon = start();
      logOutput(addon, 'Spring offer post');
      const status = columnLetter(addon, 'Register', 'Status');
      addColumn(addon, 'Register', 2);
      addon.emulator.userEdit('Register', 'B1:B2', [['Status'], ["mine, not the add-on's"]]);
      const message = `The "Register" tab has two "Status" columns (B and ${String.fromCharCode(status.charCodeAt(0) + 1)}): the add-on writes to neither. Rename the one you added (or delete it), then try again.`;
      addon.runner.clickMenu('Set up register');
      expect(addon.emulator.ui.toasts.at(-1)?.message).toBe(`The register is set up: tabs, headers, dropdowns and protections are in place. ${message}`);
      const before = workbookState(addon);
      expect(() => logOutput(addon, 'Second post')).toThrow(new Error(message));
      expect(workbookState(addon)).toEqual(before);
      // The hourly check is refused the same way, and says so in the sidebar.
      addon.runner.clickMenu('Turn on reminders & Friday summary');
      addon.runner.advance(HOUR);
      expect(addon.sheet('Register').values[1]?.[1]).toBe("mine, not the add-on's");
      expect((addon.runner.scriptRun('getSidebarState', []) as { job: JobStatus }).job.lastResult).toContain(message);
      // Renamed, the add-on's own column is written again.
      addon.emulator.userEdit('Register', 'B1', [['My status']]);
      expect(logOutput(addon, 'Second post')).toBe('O-000002');
      expect(addon.sheet('Register').values[2]?.[1]).toBe('');
    },
    LONG,
  );

  it(
    'a renamed Audit log header refuses every write naming the tab and header, and Set up puts it back in place',
    () => {
      const addon = start();
      logOutput(addon, 'Spring offer post');
      addon.emulator.userEdit('Audit log', 'B1', [['Person']]);
      const width = addon.sheet('Audit log').display[0]?.length;
      const before = workbookState(addon);
      expect(() => logOutput(addon, 'Second post')).toThrow(new Error('The "Audit log" tab lacks the column "Who": run Set up register to restore it.'));
      expect(workbookState(addon)).toEqual(before);
      addon.runner.clickMenu('Set up register');
      expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('Set up: put back the header Audit log: Who (column B, renamed "Person").');
      expect(addon.sheet('Audit log').display[0]?.slice(0, 7)).toEqual(['When', 'Who', 'Output ID', 'Field', 'Old value', 'New value', 'Source']);
      expect(addon.sheet('Audit log').display[0]?.length).toBe(width);
      expect(addon.records('Audit log').at(-1)).toMatchObject({
        Field: 'Header',
        'Old value': 'Audit log column B: Person',
        'New value': 'Audit log: Who',
        Source: 'set up',
      });
      expect(logOutput(addon, 'Second post')).toBe('O-000002');
      expect(addon.records('Audit log').at(-1)).toMatchObject({ Who: 'owner@example.com', Field: 'Logged' });
      expect(addon.sheet('Audit log').values.at(-1)?.[1]).toBe('owner@example.com');
      addon.runner.clickMenu('Verify audit log');
      expect(addon.emulator.ui.alerts.at(-1)?.prompt).toMatch(/^The Audit log is intact/);
    },
    LONG,
  );

  it(
    'a renamed Register header is put back in place even after columns were inserted elsewhere; its data stays',
    () => {
      const addon = start();
      const id = logOutput(addon, 'Spring offer post');
      addColumn(addon, 'Register', 1);
      const task = columnLetter(addon, 'Register', 'Task');
      addon.emulator.userEdit('Register', `${task}1`, [['Tsk']]);
      addon.runner.clickMenu('Set up register');
      expect(addon.emulator.ui.toasts.at(-1)?.message).toBe(`Set up: put back the header Register: Task (column ${task}, renamed "Tsk").`);
      expect(columnLetter(addon, 'Register', 'Task')).toBe(task);
      expect(addon.records('Register').find((r) => r['Output ID'] === id)?.Task).toBe('Social posts');
      expect(addon.sheet('Register').display[0]?.filter((h) => h === 'Task')).toHaveLength(1);
    },
    LONG,
  );

  it(
    'with no record of where a header stood (a register set up before this version), a lost header goes after the last column, as before',
    () => {
      const addon = start();
      addon.emulator.properties.document.delete('headerLayout');
      addon.emulator.userEdit('Audit log', 'B1', [['']]);
      addon.runner.clickMenu('Set up register');
      expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('Set up: restored the header Audit log: Who.');
      expect(addon.sheet('Audit log').display[0]).toEqual(['When', '', 'Output ID', 'Field', 'Old value', 'New value', 'Source', 'Who']);
      // From now on Set up knows where each header stands.
      expect(JSON.parse(addon.emulator.properties.document.get('headerLayout') ?? '{}')['Audit log']).toEqual([
        'When',
        '',
        'Output ID',
        'Field',
        'Old value',
        'New value',
        'Source',
        'Who',
      ]);
    },
    LONG,
  );
});

describe('the heartbeat warning (sidebar Settings)', () => {
  const on: JobStatus = { on: true, runBy: 'sam@example.com', lastRunAt: '2026-11-16T10:00:00.000Z', lastResult: 'Nothing to repair.' };
  it.each([
    [{ ...on }, ''],
    [{ ...on, on: false, attention: { hoursSinceLastRun: 5, couldNotOpenAt: '' } }, ''],
    [
      { ...on, lastRunAt: '', attention: { hoursSinceLastRun: null, couldNotOpenAt: '' } },
      'The hourly job has not finished a run: reminders and the Friday summary may not be going out. What to do: turn it off and on again from Extensions ▸ Handoff Register, or ask sam@example.com to open the spreadsheet.',
    ],
  ])('%j warns %j', (job, text) => {
    expect(heartbeatWarning(job, 'Etc/UTC')).toBe(text);
  });
});
