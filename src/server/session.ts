// One register session per execution: it reads what the operation needs once (and remembers
// it), core/ decides a plan, and commit() writes the plan in one ordered step under the document
// lock. Apps Script has no transactions, so commit keeps an undo record: when any call fails
// part-way, what was written is put back before the error is reported, so a call that reports an
// error has changed nothing. The properties write (counters, settings, the audit chain's head)
// goes last: until it succeeds nothing is final, and once it has, everything is.
import { appendRows, auditRow, fingerprintNote, parseChainHead } from '../core/audit';
import type { AuditEntry } from '../core/register';
import { type Block, type CellWrite, locateColumns, planBlocks, type Table } from '../core/table';
import { MAX_CELL_CHARS, PLAIN_TEXT_FORMAT, textForCell } from '../core/text';
import { ARCHIVE_SHEET, AUDIT_HEADERS, AUDIT_SHEET, REGISTER_SHEET } from '../core/vocabulary';
import type { Context } from './context';
import { requireColumns } from './register';
import { applyColumnRules, duplicateHeaders, duplicateMessage, formatOf, TABS, type TabSpec } from './tabs';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Cell = string | number | boolean | Date;

export const CHAIN_KEY = 'auditChain';

/** A tab as read: its header, and the rows below it that were read (sheet row = index + 2). */
export interface TabData<H extends string> {
  readonly sheet: Sheet;
  readonly table: Table<H>;
  readonly rows: unknown[][];
  /** The last row with content, header included. */
  readonly lastRow: number;
}

export interface TabWrites {
  readonly tab: string;
  readonly cells: readonly CellWrite[];
  /**
   * Columns only the add-on writes, where the cells between the first and last write may be
   * rewritten with what the session read: each such column is then one setValues however
   * scattered its rows. Never a column people type into, where a rewrite could undo typing.
   */
  readonly spanColumns?: ReadonlySet<number>;
}

export interface Plan {
  readonly writes?: readonly TabWrites[];
  /** Row tints: a colour, or null to remove the add-on's own tint (people's colours stay). */
  readonly tints?: readonly { readonly tab: string; readonly rows: ReadonlyMap<number, string | null> }[];
  readonly audit?: readonly AuditEntry[];
  readonly props?: Readonly<Record<string, string>>;
}

export const BUSY_MESSAGE = 'The register is busy: someone else (or the hourly check) is saving right now. Nothing was saved; try again in a moment.';

/** Runs work under the document lock, or throws BUSY_MESSAGE when it stays taken for waitMs. */
export function locked<T>(ctx: Context, waitMs: number, work: () => T): T {
  if (!ctx.lock.tryLock(waitMs)) throw new Error(BUSY_MESSAGE);
  try {
    return work();
  } finally {
    ctx.lock.release();
  }
}

export const TINTS = { needsDetails: '#fce8b2', unapproved: '#f4c7c3' } as const;
const OUR_TINTS = new Set<string>(Object.values(TINTS));
const PLAIN = '#ffffff';

/**
 * User text goes in as text: never a formula, never reinterpreted as a number or date. `format`
 * is the target cell's number format. The add-on writes text into plain-text ('@') cells, where
 * a string goes in as itself, and that is what a caller that names no format gets (an index
 * from Array.map included: the Friday Summary formats its text cells '@' before writing). Any
 * other format ('General', a date, a dropdown's column) gets the quote prefix where needed.
 */
export function toCell(value: unknown, format?: unknown): Cell {
  if (typeof value === 'string') return textForCell(value, typeof format === 'string' ? format : PLAIN_TEXT_FORMAT);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return value === null || value === undefined ? '' : String(value);
}

/** Each column of a tab as commit writes it: the number format its cells hold, by the tab's spec. */
interface ColumnFormats {
  /** The format of the add-on's column here; GENERAL for people's columns, numbers, dropdowns and unknown tabs. */
  formatOf(column: number): string;
  /** Throws when the add-on must not write this column: its header is on two columns. */
  check(column: number): void;
}

/** The Archive holds the Register's columns, with the Register's formats. */
/** Any format but plain text: the quote prefix applies. */
const GENERAL = 'General';
const specOf = (tab: string): TabSpec | undefined => TABS.find((t) => t.name === (tab === ARCHIVE_SHEET ? REGISTER_SHEET : tab));

function columnFormats(session: Session, remembered: Remembered, tab: string): ColumnFormats {
  const spec = specOf(tab);
  if (spec === undefined) return { formatOf: () => GENERAL, check: () => undefined };
  const { table } = session.readHeader(tab, spec.headers);
  const duplicates = duplicateHeaders(remembered.headerCells ?? [], spec.headers);
  const headerAt = (column: number) => {
    const cell = remembered.headerCells?.[column - 1];
    return typeof cell === 'string' ? cell.trim() : '';
  };
  return {
    formatOf(column) {
      const header = headerAt(column);
      return (table.columns.get(header) === column ? formatOf(spec, header) : null) ?? GENERAL;
    },
    check(column) {
      const columns = duplicates.get(headerAt(column));
      if (columns !== undefined) throw new Error(duplicateMessage(tab, headerAt(column), columns));
    },
  };
}

/**
 * Refuses, before anything is written, a cell past Sheets' limit: Sheets would throw part-way
 * through the plan, and a clear message beats its generic one.
 */
function checkLength(tab: string, header: string, row: number, value: Cell): void {
  if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
    throw new Error(
      `Nothing was saved: the "${header}" cell of the "${tab}" tab (row ${row}) would hold ${value.length.toLocaleString('en-US')} characters, more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} Google Sheets allows in one cell.`,
    );
  }
}

/** An audit value past the cell limit (a huge paste, quoted whole) is cut, saying so: the record must still be written. */
function fitAuditText(value: string): string {
  if (value.length <= MAX_CELL_CHARS) return value;
  const note = ` … (cut: ${value.length.toLocaleString('en-US')} characters in all; a cell holds ${MAX_CELL_CHARS.toLocaleString('en-US')})`;
  // One more character of room for a quote prefix in a cell that is not plain text.
  return `${value.slice(0, MAX_CELL_CHARS - note.length - 1)}${note}`;
}

export interface Session {
  readonly ctx: Context;
  /** The tab, or null when it is missing. */
  sheet(name: string): Sheet | null;
  /** Every row of a tab in one getDataRange call, once per execution. */
  readAll<H extends string>(name: string, headers: readonly H[]): TabData<H>;
  /** The header row and the last row, without the data. */
  readHeader<H extends string>(name: string, headers: readonly H[]): { sheet: Sheet; table: Table<H>; lastRow: number };
  /** Full-width rows first..last (sheet rows), remembered for the commit's undo. */
  readRows<H extends string>(name: string, headers: readonly H[], first: number, last: number): unknown[][];
  /** One column's cells from row 2 to the last row, one call. */
  readColumn<H extends string>(name: string, headers: readonly H[], header: H): unknown[];
  /**
   * Deletes sheet rows (one deleteRows per run of adjacent rows, bottom-up) and drops them from
   * what the session remembers, so the rest of the execution goes on without reading again.
   */
  deleteRows(name: string, rows: readonly number[]): void;
  /** Forgets a tab, after a handler created it. */
  forget(name: string): void;
}

interface Remembered {
  readonly sheet: Sheet | null;
  headerCells?: unknown[];
  lastRow?: number;
  all?: unknown[][];
  readonly rows: Map<number, unknown[]>;
  readonly columns: Map<number, unknown[]>;
}

type Remember = (name: string) => Remembered;
const REMEMBERED = new WeakMap<Session, Remember>();

export function openSession(ctx: Context): Session {
  const tabs = new Map<string, Remembered>();
  const memo: Remember = (name) => {
    let tab = tabs.get(name);
    if (!tab) tabs.set(name, (tab = { sheet: ctx.book.getSheetByName(name), rows: new Map(), columns: new Map() }));
    return tab;
  };
  const need = (name: string): Sheet => {
    const sheet = memo(name).sheet;
    if (sheet === null) throw new Error(`The "${name}" tab is missing: run Extensions > Handoff Register > Set up register to restore it.`);
    return sheet;
  };
  /** The header row and last row: two calls, once, unless the whole tab was read. */
  const header = <H extends string>(name: string, headers: readonly H[]) => {
    const tab = memo(name);
    if (tab.headerCells === undefined || tab.lastRow === undefined) {
      const sheet = need(name);
      tab.lastRow = sheet.getLastRow();
      tab.headerCells = sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getValues()[0] ?? [];
    }
    return { table: locateColumns(tab.headerCells, headers), lastRow: tab.lastRow };
  };

  const session: Session = {
    ctx,
    sheet: (name) => memo(name).sheet,
    readAll<H extends string>(name: string, headers: readonly H[]): TabData<H> {
      const tab = memo(name);
      if (tab.all === undefined) {
        const values = need(name).getDataRange().getValues();
        tab.headerCells = values[0] ?? [];
        tab.lastRow = values.length;
        tab.all = values.slice(1);
      }
      return { sheet: need(name), table: locateColumns(tab.headerCells ?? [], headers), rows: tab.all, lastRow: tab.lastRow ?? 0 };
    },
    readHeader(name, headers) {
      const found = header(name, headers);
      return { sheet: need(name), ...found };
    },
    readRows(name, headers, first, last) {
      const tab = memo(name);
      if (tab.all) return tab.all.slice(first - 2, last - 1);
      if (last < first) return [];
      // Rows this session already read (and commit kept current) are not read again.
      const known: unknown[][] = [];
      for (let r = first; r <= last && tab.rows.has(r); r++) known.push(tab.rows.get(r) as unknown[]);
      if (known.length === last - first + 1) return known;
      const { table } = header(name, headers);
      const rows = need(name)
        .getRange(first, 1, last - first + 1, Math.max(table.width, 1))
        .getValues();
      rows.forEach((row, i) => tab.rows.set(first + i, row));
      return rows;
    },
    readColumn(name, headers, wanted) {
      const tab = memo(name);
      const { table, lastRow } = header(name, headers);
      const column = table.columns.get(wanted);
      if (column === undefined) return [];
      if (tab.all) return tab.all.map((row) => row[column - 1] ?? '');
      let cells = tab.columns.get(column);
      if (!cells) {
        cells =
          lastRow < 2
            ? []
            : need(name)
                .getRange(2, column, lastRow - 1, 1)
                .getValues()
                .map((r) => r[0]);
        tab.columns.set(column, cells);
      }
      return cells;
    },
    forget: (name) => void tabs.delete(name),
    deleteRows(name, rows) {
      const tab = memo(name);
      const sheet = need(name);
      for (const [start, end] of runsOf(rows).reverse()) {
        sheet.deleteRows(start, end - start + 1);
        tab.all?.splice(start - 2, end - start + 1);
        if (tab.lastRow !== undefined) tab.lastRow -= Math.max(0, Math.min(end, tab.lastRow) - start + 1);
        tab.rows.clear();
        tab.columns.clear();
      }
    },
  };
  REMEMBERED.set(session, memo);
  return session;
}

/** Sorted row numbers as runs of adjacent rows [first, last], top to bottom. */
export function runsOf(rows: Iterable<number>, gap = 1): [number, number][] {
  const runs: [number, number][] = [];
  for (const r of [...rows].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last && r - last[1] <= gap) last[1] = Math.max(last[1], r);
    else runs.push([r, r]);
  }
  return runs;
}

/** What a cell held when the session read it, or undefined when it was not read. */
function knownValue(tab: Remembered, row: number, column: number): unknown {
  if (tab.lastRow !== undefined && row > tab.lastRow) return '';
  if (tab.all) return tab.all[row - 2]?.[column - 1] ?? '';
  const fromRow = tab.rows.get(row);
  if (fromRow) return fromRow[column - 1] ?? '';
  const fromColumn = tab.columns.get(column);
  if (fromColumn) return row - 2 < fromColumn.length ? (fromColumn[row - 2] ?? '') : '';
  return undefined;
}

/**
 * Writes the plan: Register and Handoffs cells, tints, the audit rows, then the properties. If a
 * call throws, everything already written is put back, in reverse, and the error goes on to the
 * caller. Undo writes what the session read, so a cell the plan writes must have been read (or
 * lie past the tab's last row); a block that was not is read here, once, before it is written.
 */
export function commit(session: Session, plan: Plan): void {
  const { ctx } = session;
  const remembered = REMEMBERED.get(session) as Remember;
  const undo: (() => void)[] = [];
  const audit = (plan.audit ?? []).map((entry) => ({ ...entry, oldValue: fitAuditText(entry.oldValue), newValue: fitAuditText(entry.newValue) }));
  // Every cell as it will be written, checked before the first write: a refused plan writes nothing.
  const tabs = (plan.writes ?? [])
    .filter(({ cells }) => cells.length > 0)
    .map(({ tab, cells, spanColumns }) => {
      const sheet = session.sheet(tab);
      if (sheet === null) throw new Error(`The "${tab}" tab is missing: run Set up register to restore it.`);
      const formats = columnFormats(session, remembered(tab), tab);
      const header = (column: number) => String(remembered(tab).headerCells?.[column - 1] ?? `column ${column}`);
      const blocks = blocksOf(cells, spanColumns, remembered(tab)).map((block) => {
        const values = block.values.map((line, i) =>
          line.map((value, j) => {
            const column = block.column + j;
            formats.check(column);
            const cell = toCell(value, formats.formatOf(column));
            checkLength(tab, header(column), block.row + i, cell);
            return cell;
          }),
        );
        return { ...block, values };
      });
      return { tab, sheet, cells, blocks, formats };
    });
  const log = audit.length === 0 ? null : auditCells(session, remembered, audit);
  try {
    for (const { tab, sheet, cells, blocks, formats } of tabs) {
      let lastNeeded = 0;
      for (const cell of cells) lastNeeded = Math.max(lastNeeded, cell.row);
      growRows(sheet, tab, lastNeeded, session, undo);
      for (const block of blocks) {
        const width = block.values[0]?.length ?? 0;
        if (width === 0) continue;
        const range = sheet.getRange(block.row, block.column, block.values.length, width);
        const known = block.values.map((line, i) => line.map((_, j) => knownValue(remembered(tab), block.row + i, block.column + j)));
        const before = known.some((line) => line.some((v) => v === undefined)) ? range.getValues() : (known as unknown[][]);
        range.setValues(block.values);
        undo.push(() => range.setValues(before.map((line) => line.map((value, j) => toCell(value, formats.formatOf(block.column + j))))));
      }
    }
    for (const { tab, rows } of plan.tints ?? []) tint(session, tab, rows, undo);
    let head = parseChainHead(ctx.props.get(CHAIN_KEY));
    if (log !== null) {
      const first = log.lastRow + 1;
      growRows(log.sheet, AUDIT_SHEET, first + log.cells.length - 1, session, undo);
      const range = log.sheet.getRange(first, 1, log.cells.length, log.width);
      range.setValues(log.cells);
      undo.push(() => range.setValues(log.cells.map((line) => line.map(() => ''))));
      const chained = appendRows(head, log.canonical);
      // Each row's fingerprint on its Source cell, so Verify can name the first changed row.
      const notes = log.sheet.getRange(first, log.sourceColumn, log.cells.length, 1);
      notes.setNotes(chained.fingerprints.map((f) => [fingerprintNote(f)]));
      undo.push(() => notes.setNotes(chained.fingerprints.map(() => [''])));
      head = chained.head;
    }
    const props: Record<string, string> = { ...(plan.props ?? {}) };
    if (audit.length > 0) props[CHAIN_KEY] = JSON.stringify(head);
    ctx.props.set(props);
  } catch (error) {
    rollBack(undo);
    throw error;
  }
  // Committed: what the session remembers now matches the sheet, for a later commit's undo.
  for (const { tab, cells } of plan.writes ?? []) for (const cell of cells) remember(remembered(tab), cell);
  if (audit.length > 0) {
    const audited = remembered(AUDIT_SHEET);
    audited.lastRow = (audited.lastRow ?? 1) + audit.length;
  }
}

/** The audit rows as cells of the Audit log as it is now, refused before any write if a column is missing or doubled. */
function auditCells(session: Session, remembered: Remember, audit: readonly AuditEntry[]) {
  const { sheet, table, lastRow } = session.readHeader(AUDIT_SHEET, AUDIT_HEADERS);
  requireColumns(AUDIT_SHEET, table);
  const width = Math.max(table.width, AUDIT_HEADERS.length);
  const formats = columnFormats(session, remembered(AUDIT_SHEET), AUDIT_SHEET);
  const canonical = audit.map(auditRow);
  const cells = canonical.map((row) => {
    const line: Cell[] = Array.from({ length: width }, () => '');
    AUDIT_HEADERS.forEach((h, i) => {
      const column = table.columns.get(h) as number;
      formats.check(column);
      line[column - 1] = toCell(row[i], formats.formatOf(column));
    });
    return line;
  });
  return { sheet, width, lastRow, canonical, cells, sourceColumn: table.columns.get('Source') as number };
}

/** planBlocks, except that each span column becomes one block filled with what was read. */
function blocksOf(cells: readonly CellWrite[], spanColumns: ReadonlySet<number> | undefined, tab: Remembered): Block[] {
  if (!spanColumns || spanColumns.size === 0) return planBlocks(cells);
  const rest: CellWrite[] = [];
  const byColumn = new Map<number, Map<number, CellWrite['value']>>();
  for (const cell of cells) {
    if (!spanColumns.has(cell.column)) rest.push(cell);
    else {
      let rows = byColumn.get(cell.column);
      if (!rows) byColumn.set(cell.column, (rows = new Map()));
      rows.set(cell.row, cell.value);
    }
  }
  const blocks: Block[] = [];
  for (const [column, rows] of byColumn) {
    const sorted = [...rows.keys()].sort((a, b) => a - b);
    const first = sorted[0] as number;
    const last = sorted[sorted.length - 1] as number;
    const values: CellWrite['value'][][] = [];
    for (let row = first; row <= last && values !== null; row++) {
      const value = rows.has(row) ? rows.get(row) : knownValue(tab, row, column);
      if (value === undefined) break;
      // As read or planned: commit turns every block's values into cells once.
      values.push([value as CellWrite['value']]);
    }
    if (values.length === last - first + 1) blocks.push({ row: first, column, values });
    else for (const [row, value] of rows) rest.push({ row, column, value });
  }
  return [...blocks, ...planBlocks(rest)];
}

function remember(tab: Remembered, cell: CellWrite): void {
  const blank = cell.value === '';
  if (!blank && tab.lastRow !== undefined && cell.row > tab.lastRow) tab.lastRow = cell.row;
  const row = tab.all ? (tab.all[cell.row - 2] ??= []) : tab.rows.get(cell.row);
  if (row) row[cell.column - 1] = cell.value;
  const column = tab.columns.get(cell.column);
  if (column) column[cell.row - 2] = cell.value;
}

function rollBack(undo: (() => void)[]): void {
  for (const step of undo.reverse()) {
    try {
      step();
    } catch {
      // A second failure while putting things back: the hourly check repairs what it can, and
      // Verify names any audit rows left without their fingerprint.
    }
  }
}

/** Adds rows at the end (with the tab's dropdowns and formats) when a write runs past it. */
function growRows(sheet: Sheet, tab: string, lastNeeded: number, session: Session, undo: (() => void)[]): void {
  const max = sheet.getMaxRows();
  if (lastNeeded <= max) return;
  const added = lastNeeded - max + 100;
  sheet.insertRowsAfter(max, added);
  undo.push(() => sheet.deleteRows(max + 1, added));
  const spec = TABS.find((t: TabSpec) => t.name === tab);
  if (spec) applyColumnRules(session.ctx.app, sheet, spec, session.readHeader(tab, spec.headers).table, max + 1, added);
}

const TINT_GAP_ROWS = 25;

function tint(session: Session, tab: string, rows: ReadonlyMap<number, string | null>, undo: (() => void)[]): void {
  const sheet = session.sheet(tab);
  if (sheet === null || rows.size === 0) return;
  const width = Math.max(session.readHeader(tab, []).table.width, 1);
  // Nearby rows share one read and one write of colours: calls stay few when a paste or the
  // hourly check tints every fifth row, and cells stay few when two rows are far apart.
  for (const [start, end] of runsOf(rows.keys(), TINT_GAP_ROWS)) {
    const range = sheet.getRange(start, 1, end - start + 1, width);
    const before = range.getBackgrounds();
    let changed = false;
    const after = before.map((colours, i) => {
      if (!rows.has(start + i)) return colours;
      const wanted = rows.get(start + i) ?? null;
      return colours.map((colour) => {
        const next = wanted ?? (OUR_TINTS.has(colour.toLowerCase()) ? PLAIN : colour);
        if (next !== colour) changed = true;
        return next;
      });
    });
    if (!changed) continue;
    range.setBackgrounds(after);
    undo.push(() => range.setBackgrounds(before));
  }
}
