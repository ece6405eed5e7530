// Once a day, Shipped and Revised outputs older than the setting move to the Archive tab, so the
// Register people work in (and every hourly read of it) stays the size of the open work.
// Nothing is lost: rows are appended to the Archive and committed first, then deleted from the
// Register; a run that dies between the two leaves rows in both tabs, and the next run deletes
// the Register copy of any Output ID the Archive already holds. A row is never in neither tab.
import { HOURLY_ACTOR, type OutputRecord, parseOutputs } from '../core/register';
import type { CellWrite } from '../core/table';
import { ARCHIVE_SHEET, REGISTER_HEADERS, REGISTER_SHEET } from '../core/vocabulary';
import { localDate, localParts } from '../core/zone';
import type { Settings } from '../shared/forms';
import { errorMessage, HOUR_MS } from './context';
import { JOB_KEY, readJob } from './jobstate';
import { readRegister, requireColumns } from './register';
import { commit, runsOf, type Session } from './session';
import { formatOf, TABS, type TabSpec } from './tabs';
import { spreadsheetZone } from './zone';

const DAY_MS = 24 * HOUR_MS;

export function readArchive(session: Session): OutputRecord[] {
  const data = session.readAll(ARCHIVE_SHEET, REGISTER_HEADERS);
  return parseOutputs(data.table, data.rows, 2);
}

/** The moment an output was finished with, for its age. */
function finishedAt(output: OutputRecord): Date | null {
  return output.shippedAt ?? output.decidedAt ?? output.loggedAt;
}

/** Deleting scattered rows costs a call per run of rows; the rest waits for the next day. */
const DELETE_RUNS_PER_DAY = 20;

/**
 * Moves old rows inside the hourly run's session; at most once a (local) day unless forced.
 * Returns a line for the run's status, '' when nothing moved. After it, the session's Register
 * holds the rows that stayed, so the run reads nothing twice.
 */
export function archiveOldRows(session: Session, settings: Settings, force = false): string {
  const { ctx } = session;
  const today = localDate(localParts(spreadsheetZone(ctx), ctx.now));
  if (!force && readJob(ctx.props).archivedOn === today) return '';
  let moved: string;
  try {
    moved = moveRows(session, settings);
  } catch (error) {
    // The hour's other work goes on; the next run (it is not marked done today) tries again.
    return `Archiving stopped: ${errorMessage(error)}`;
  }
  ctx.props.set({ [JOB_KEY]: JSON.stringify({ ...readJob(ctx.props), archivedOn: today }) });
  return moved;
}

function moveRows(session: Session, settings: Settings): string {
  const { ctx } = session;
  const { data, outputs } = readRegister(session);
  const cutoff = ctx.now.getTime() - settings.archiveAfterWeeks * 7 * DAY_MS;
  const old = outputs.filter((o) => {
    if (o.outputId === '' || (o.status !== 'Shipped' && o.status !== 'Revised')) return false;
    const at = finishedAt(o);
    return at !== null && at.getTime() < cutoff;
  });
  if (session.sheet(ARCHIVE_SHEET) === null) {
    if (old.length === 0) return '';
    ctx.book.insertSheet(ARCHIVE_SHEET);
    session.forget(ARCHIVE_SHEET);
  }
  let { table, lastRow } = session.readHeader(ARCHIVE_SHEET, REGISTER_HEADERS);
  if (lastRow === 0) {
    // New, or left blank by a run that failed right after creating it.
    prepareArchive(session.sheet(ARCHIVE_SHEET) as GoogleAppsScript.Spreadsheet.Sheet);
    session.forget(ARCHIVE_SHEET);
    ({ table, lastRow } = session.readHeader(ARCHIVE_SHEET, REGISTER_HEADERS));
  }
  requireColumns(ARCHIVE_SHEET, table);
  const already = new Set(session.readColumn(ARCHIVE_SHEET, REGISTER_HEADERS, 'Output ID').map((id) => String(id).trim()));
  // Rows left in both tabs by a run that died between its append and its delete go first.
  const leftovers = outputs.filter((o) => o.outputId !== '' && already.has(o.outputId)).map((o) => o.row);
  const runs = runsOf([...leftovers, ...old.filter((o) => !already.has(o.outputId)).map((o) => o.row)]).slice(0, DELETE_RUNS_PER_DAY);
  const inRuns = (row: number) => runs.some(([first, last]) => row >= first && row <= last);
  const toAppend = old.filter((o) => !already.has(o.outputId) && inRuns(o.row));
  const cells: CellWrite[] = [];
  toAppend.forEach((output, i) => {
    const source = data.rows[output.row - 2] ?? [];
    for (const header of REGISTER_HEADERS) {
      const from = data.table.columns.get(header);
      const to = table.columns.get(header);
      if (from !== undefined && to !== undefined) cells.push({ row: lastRow + 1 + i, column: to, value: cellValue(source[from - 1]) });
    }
  });
  if (toAppend.length > 0) {
    commit(session, {
      writes: [{ tab: ARCHIVE_SHEET, cells }],
      audit: toAppend.map((o, i) => ({
        when: ctx.now,
        who: HOURLY_ACTOR,
        outputId: o.outputId,
        field: 'Archived',
        oldValue: `Register row ${o.row}`,
        newValue: `Archive row ${lastRow + 1 + i}`,
        source: 'hourly check' as const,
      })),
    });
  }
  // Only now, with the Archive's copy committed, do the Register's rows go.
  const doomed = outputs.filter((o) => inRuns(o.row) && (already.has(o.outputId) || toAppend.includes(o))).map((o) => o.row);
  session.deleteRows(REGISTER_SHEET, doomed);
  return toAppend.length === 0 ? '' : `Archived ${toAppend.length} row${toAppend.length === 1 ? '' : 's'}`;
}

function cellValue(value: unknown): CellWrite['value'] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return '';
}

/** The Archive's header row and formats (the Register's), in a few calls; no dropdowns: nobody decides there. */
function prepareArchive(sheet: GoogleAppsScript.Spreadsheet.Sheet): void {
  // A new tab has 26 columns; the Register has more.
  if (sheet.getMaxColumns() < REGISTER_HEADERS.length) sheet.insertColumnsAfter(sheet.getMaxColumns(), REGISTER_HEADERS.length - sheet.getMaxColumns());
  const spec = TABS.find((t) => t.name === REGISTER_SHEET) as TabSpec;
  const formats = REGISTER_HEADERS.map((h) => formatOf(spec, h) ?? 'General');
  const rows = sheet.getMaxRows() - 1;
  sheet.getRange(2, 1, rows, formats.length).setNumberFormats(Array.from({ length: rows }, () => formats));
  sheet.setFrozenRows(1);
  // The header goes last: a tab with its header is a finished Archive.
  sheet
    .getRange(1, 1, 1, REGISTER_HEADERS.length)
    .setValues([[...REGISTER_HEADERS]])
    .setFontWeight('bold');
}
