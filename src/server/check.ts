// Check this spreadsheet: every platform assumption the emulator encodes that a script can
// check (../shared/apps-script-facts.md), run on the spreadsheet the add-on is installed in, on
// a temporary hidden tab removed afterwards (also when a check throws). Each check says passed,
// failed (with what to do) or not checked. `npm test` runs the same checks on the emulator
// under each reading of what the public record leaves open (test/server/check.test.ts).
import type { Context } from './context';
import { errorMessage } from './context';
import { jobStatus } from './jobstate';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const CHECK_TITLE = 'Check this spreadsheet';
/** The temporary tab; a leftover from a check that was killed is removed by the next one. */
export const CHECK_TAB = 'Handoff Register check (temporary)';

/** The execution log's line, and the start of the sidebar's, when the hourly run found no spreadsheet. */
export const COULD_NOT_OPEN_MESSAGE =
  'The hourly job could not open this spreadsheet: Google gave its trigger no active spreadsheet, so nothing was repaired, archived or emailed.';
export const COULD_NOT_OPEN_TO_DO =
  'Turn reminders off and on again (Extensions > Handoff Register). If the next run cannot open it either, use Send reminders now and Generate Friday summary now by hand, and tell whoever maintains the add-on.';

/** What main.ts hands in: the document's own services, fetched as this run's mode allows. */
export interface CheckProbes {
  documentProperties(): GoogleAppsScript.Properties.Properties | null;
  documentLock(): GoogleAppsScript.Lock.Lock | null;
}

export interface CheckResult {
  readonly name: string;
  /** null: not checked (nothing to check yet). */
  readonly passed: boolean | null;
  readonly detail: string;
  /** What to do, when it failed or could not be checked. */
  readonly toDo: string;
}

/** Texts that a General cell would turn into formulas, numbers, dates or booleans. */
export const RISKY_TEXTS = ['=1+1', '+SUM(1,2)', '@mention', '0012', '3/4', 'TRUE', ' \t\u00a0=1+1'] as const;
const PROBE_KEY = 'checkSpreadsheetProbe';

const show = (value: unknown) =>
  value instanceof Date ? `the date ${value.toISOString()}` : typeof value === 'string' ? JSON.stringify(value) : `the ${typeof value} ${String(value)}`;

interface Probe {
  readonly name: string;
  run(sheet: Sheet): Omit<CheckResult, 'name'>;
}

function passed(detail: string): Omit<CheckResult, 'name'> {
  return { passed: true, detail, toDo: '' };
}

function failed(detail: string, toDo: string): Omit<CheckResult, 'name'> {
  return { passed: false, detail, toDo };
}

function probes(ctx: Context, services: CheckProbes): Probe[] {
  return [
    {
      name: 'Text in plain-text cells',
      run(sheet) {
        const range = sheet.getRange(1, 1, RISKY_TEXTS.length, 1);
        range.setNumberFormat('@');
        range.setValues(RISKY_TEXTS.map((t) => [t]));
        const values = range.getValues();
        const formulas = range.getFormulas();
        const wrong = RISKY_TEXTS.flatMap((text, i) => {
          const value = values[i]?.[0];
          const formula = formulas[i]?.[0] ?? '';
          return value === text && formula === '' ? [] : [`${show(text)} read back as ${formula !== '' ? `the formula ${formula}` : show(value)}`];
        });
        if (wrong.length === 0)
          return passed(`${RISKY_TEXTS.slice(0, -1).join(', ')} and "=1+1" after a space, a tab and a no-break space stay exactly as written.`);
        return failed(
          `${wrong.join('; ')}.`,
          "The add-on's text columns would not keep text exactly as typed. Tell whoever maintains the add-on; until then, avoid starting a text with =, +, - or @.",
        );
      },
    },
    {
      name: 'An apostrophe in a plain-text cell',
      run(sheet) {
        const cell = sheet.getRange(1, 2);
        cell.setNumberFormat('@');
        cell.setValue("'0012");
        const value = cell.getValue();
        if (value === "'0012")
          return passed('"\'0012" reads back as "\'0012": the apostrophe is kept as a character, so a text that begins with one is stored exactly.');
        return failed(
          `"'0012" read back as ${show(value)}: the apostrophe is taken as a quote mark, so a text that begins with an apostrophe loses it.`,
          'Nothing else is affected: the add-on never adds an apostrophe to its text columns. Avoid starting a text with an apostrophe.',
        );
      },
    },
    {
      name: 'Text in General cells',
      run(sheet) {
        const range = sheet.getRange(1, 3, 3, 1);
        range.setValues([["'=1+1"], ["'0012"], ["'TRUE"]]);
        const values = range.getValues().map((r) => r[0]);
        const formulas = range.getFormulas().map((r) => r[0]);
        const expected = ['=1+1', '0012', 'TRUE'];
        const wrong = expected.flatMap((text, i) => (values[i] === text && formulas[i] === '' ? [] : [`"'${text}" read back as ${show(values[i])}`]));
        if (wrong.length === 0) return passed('"\'=1+1", "\'0012" and "\'TRUE" read back as =1+1, 0012 and TRUE, text without the apostrophe.');
        return failed(
          `${wrong.join('; ')}.`,
          'Text the add-on writes in General cells (the Friday Summary, columns it does not format) may show an apostrophe or change. Tell whoever maintains the add-on.',
        );
      },
    },
    {
      name: 'A strict dropdown under a script write',
      run(sheet) {
        const cell = sheet.getRange(1, 4);
        cell.setDataValidation(ctx.app.newDataValidation().requireValueInList(['a'], true).setAllowInvalid(false).build());
        let thrown = '';
        try {
          cell.setValue('zzz');
        } catch (error) {
          thrown = errorMessage(error);
        }
        const value = cell.getValue();
        if (thrown !== '' && value === '')
          return passed(`Writing "zzz" to a cell whose dropdown allows only "a" is refused at once ("${thrown}"), and the cell stays empty.`);
        return failed(
          thrown === ''
            ? `Writing "zzz" was not refused; the cell holds ${show(value)}.`
            : `The write was refused ("${thrown}") but the cell holds ${show(value)}.`,
          'The add-on writes only values from its own dropdowns, so nothing breaks; tell whoever maintains the add-on, whose tests assume the write throws.',
        );
      },
    },
    {
      name: 'A date-time to the second',
      run(sheet) {
        const cell = sheet.getRange(1, 5);
        const at = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000 + 17_000);
        cell.setNumberFormat('yyyy-mm-dd hh:mm:ss');
        cell.setValue(at);
        const value = cell.getValue();
        if (value instanceof Date && value.getTime() === at.getTime()) return passed(`${at.toISOString()} reads back to the same second.`);
        return failed(
          `${at.toISOString()} read back as ${show(value)}.`,
          "Verify audit log hashes each row's When to the second and would report rows as changed. Tell whoever maintains the add-on.",
        );
      },
    },
    {
      name: 'Cells longer than 50,000 characters',
      run(sheet) {
        const cell = sheet.getRange(1, 6);
        try {
          cell.setValue('x'.repeat(50_001));
        } catch (error) {
          return passed(
            `A 50,001-character text is refused ("${errorMessage(error)}"); the add-on refuses such a cell itself first, with a message naming the field.`,
          );
        }
        return failed('A 50,001-character text was accepted.', 'Nothing to do: the add-on keeps its cells to 50,000 characters anyway.');
      },
    },
    {
      name: 'Document properties',
      run() {
        const props = services.documentProperties();
        if (props === null)
          return failed(
            'There are no document properties in this mode.',
            'The add-on keeps its settings and the audit fingerprint there: tell whoever maintains the add-on.',
          );
        const value = ctx.now.toISOString();
        props.setProperty(PROBE_KEY, value);
        const read = props.getProperty(PROBE_KEY);
        props.deleteProperty(PROBE_KEY);
        if (read === value) return passed("A value written to the document's properties reads back, and is removed again.");
        return failed(`A value written read back as ${show(read)}.`, 'The add-on keeps its settings there: tell whoever maintains the add-on.');
      },
    },
    {
      name: 'The document lock',
      run() {
        const lock = services.documentLock();
        if (lock === null) return failed('There is no document lock in this mode.', 'Two saves at once could collide: tell whoever maintains the add-on.');
        if (!lock.tryLock(5_000))
          return { passed: null, detail: 'Someone else (or the hourly job) holds the document lock right now.', toDo: 'Run the check again in a minute.' };
        lock.releaseLock();
        return passed('The document lock can be taken and released.');
      },
    },
    {
      name: 'Who you are',
      run() {
        const user = ctx.user;
        if (user !== '') return passed(`Google tells the add-on you are ${user}: Decided by and the Audit log's Who name you.`);
        return failed(
          'Google does not tell the add-on who you are (it shares emails only within one Workspace domain, or with the owner).',
          "Your decisions are recorded as made by an unknown editor; a review owner who must decide in person (Who may decide: Review owner only) cannot be confirmed. Ask the spreadsheet's owner to use the add-on from an account in the same domain.",
        );
      },
    },
    {
      name: 'The hourly job',
      run() {
        const job = jobStatus(ctx.props, ctx.now);
        if (!job.on)
          return {
            passed: null,
            detail: 'Reminders are off, so there is no hourly run to check.',
            toDo: 'Turn reminders on, wait for a run (an hour), then check again.',
          };
        if (job.attention?.couldNotOpenAt)
          return failed(
            `Its run at ${job.attention.couldNotOpenAt} could not open this spreadsheet: Google gave its trigger no active spreadsheet, so nothing was repaired, archived or emailed.`,
            COULD_NOT_OPEN_TO_DO,
          );
        if (job.lastRunAt === '')
          return {
            passed: null,
            detail: `Reminders are on (run by ${job.runBy}) but no hourly run has finished yet.`,
            toDo: 'Check again after the next hour.',
          };
        if (job.attention) {
          return failed(
            `No hourly run has finished for ${job.attention.hoursSinceLastRun ?? 'more than 2'} hours (last at ${job.lastRunAt}).`,
            `Turn reminders off and on again from the menu, or ask ${job.runBy} to open the spreadsheet.`,
          );
        }
        return passed(`The last hourly run (${job.lastRunAt}, run by ${job.runBy}) opened this spreadsheet.`);
      },
    },
    {
      name: 'Moving a column',
      run(sheet) {
        // Three columns past the others' cells: G moves to stand before I, so H (holding plain
        // text) becomes G.
        sheet.getRange(1, 7, 1, 3).setValues([['first', 'second', 'third']]);
        sheet.getRange(2, 8).setNumberFormat('@').setValue('0012');
        sheet.moveColumns(sheet.getRange(1, 7), 9);
        const after = sheet.getRange(1, 7, 2, 3);
        const values = after.getValues();
        const formats = after.getNumberFormats();
        const row = (values[0] ?? []).map(String);
        const ok = row.join('|') === 'second|first|third' && values[1]?.[0] === '0012' && formats[1]?.[0] === '@';
        if (ok) return passed('A moved column takes its cells and formats with it; the add-on finds its columns by their headers.');
        return failed(
          `After moving column G before I the headers read ${row.join(', ')}, the moved-over cell ${show(values[1]?.[0])} formatted ${show(formats[1]?.[0])}.`,
          "Do not move the add-on's columns until whoever maintains the add-on has looked at this.",
        );
      },
    },
  ];
}

/** Runs every check; the temporary tab is removed whatever happens. */
export function runChecks(ctx: Context, services: CheckProbes): CheckResult[] {
  const { book } = ctx;
  const leftover = book.getSheetByName(CHECK_TAB);
  if (leftover !== null) book.deleteSheet(leftover);
  const active = book.getActiveSheet();
  const sheet = book.insertSheet(CHECK_TAB);
  const results: CheckResult[] = [];
  try {
    sheet.hideSheet();
    active.activate();
    for (const probe of probes(ctx, services)) {
      try {
        results.push({ name: probe.name, ...probe.run(sheet) });
      } catch (error) {
        const message = errorMessage(error).replace(/\.$/, '');
        results.push({
          name: probe.name,
          passed: false,
          detail: `The check itself failed: ${message}.`,
          toDo: 'Run the check again; if it fails the same way, tell whoever maintains the add-on.',
        });
      }
    }
  } finally {
    book.deleteSheet(sheet);
  }
  return results;
}

export function renderChecks(results: readonly CheckResult[]): string {
  const count = (p: boolean | null) => results.filter((r) => r.passed === p).length;
  const notChecked = count(null);
  const head = `${count(true)} passed, ${count(false)} failed${notChecked > 0 ? `, ${notChecked} not checked` : ''}.`;
  const lines = results.map((r) => {
    const verdict = r.passed === true ? 'PASSED' : r.passed === false ? 'FAILED' : 'NOT CHECKED';
    return `${verdict}  ${r.name}: ${r.detail}${r.toDo === '' ? '' : ` What to do: ${r.toDo}`}`;
  });
  return [head, '', ...lines].join('\n');
}

export function checkSpreadsheet(ctx: Context, services: CheckProbes): string {
  return renderChecks(runChecks(ctx, services));
}
