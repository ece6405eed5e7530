// The workbook as plain data, and the grid operations both scripts and the simulated user go
// through. Wrapper classes (range.ts, sheet.ts...) only charge calls and check arguments.
import { currentExecution, type World } from '../world';
import { areaToA1, type GridArea, overlaps } from './a1';
import { CELL_TOO_LONG_MESSAGE, type CellValue, coerceInput, displayValue, GENERAL, isDate, MAX_CELL_CHARS, timeOf } from './values';

export type ValidationRule =
  | { readonly kind: 'list'; readonly values: readonly string[]; readonly showDropdown: boolean; readonly allowInvalid: boolean; readonly helpText: string }
  | {
      readonly kind: 'checkbox';
      /** Custom checked/unchecked values; absent for the usual TRUE/FALSE checkbox. */
      readonly customValues?: readonly [unknown, unknown];
      readonly allowInvalid: boolean;
      readonly helpText: string;
    };

export interface Cell {
  value: CellValue;
  formula: string;
  format: string;
  background: string;
  fontColor: string;
  fontWeight: 'normal' | 'bold';
  wrap: boolean;
  horizontalAlignment: string;
  note: string;
  validation: ValidationRule | null;
}

export interface ProtectionModel {
  readonly kind: 'range' | 'sheet';
  /** null for a whole-sheet protection. */
  area: GridArea | null;
  description: string;
  warningOnly: boolean;
  editors: string[];
  removed: boolean;
}

export interface ChartModel {
  chartId: number;
  type: string;
  ranges: { sheet: SheetModel; area: GridArea }[];
  position: { row: number; column: number; offsetX: number; offsetY: number };
  options: Record<string, unknown>;
}

export interface ColumnMeta {
  width: number;
  hidden: boolean;
}

export interface SheetModel {
  sheetId: number;
  name: string;
  /** Sparse: rows[r - 1]?.[c - 1]; a missing cell is an empty one. */
  rows: ((Cell | undefined)[] | undefined)[];
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  frozenColumns: number;
  columns: (ColumnMeta | undefined)[];
  protections: ProtectionModel[];
  charts: ChartModel[];
  tabColor: string | null;
  hidden: boolean;
  selection: GridArea;
  deleted: boolean;
}

export interface EmuWorkbook {
  readonly world: World;
  readonly id: string;
  name: string;
  sheets: SheetModel[];
  activeSheet: SheetModel;
  nextSheetId: number;
  nextChartId: number;
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;
export const DEFAULT_COLUMN_WIDTH = 100;

/** Apps Script's service errors print as "Exception: ..." and carry the bare text as message. */
export function appsScriptError(message: string): Error {
  const error = new Error(message);
  error.name = 'Exception';
  return error;
}

export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

export function newSheet(book: Pick<EmuWorkbook, 'nextSheetId'>, name: string, sheetId: number = book.nextSheetId++): SheetModel {
  return {
    sheetId,
    name,
    rows: [],
    maxRows: DEFAULT_ROWS,
    maxColumns: DEFAULT_COLUMNS,
    frozenRows: 0,
    frozenColumns: 0,
    columns: [],
    protections: [],
    charts: [],
    tabColor: null,
    hidden: false,
    selection: { row: 1, column: 1, numRows: 1, numColumns: 1 },
    deleted: false,
  };
}

export function emptyCell(): Cell {
  return {
    value: '',
    formula: '',
    format: GENERAL,
    background: '#ffffff',
    fontColor: '#000000',
    fontWeight: 'normal',
    wrap: true,
    horizontalAlignment: 'general',
    note: '',
    validation: null,
  };
}

const BLANK: Readonly<Cell> = Object.freeze(emptyCell());

export function cellAt(sheet: SheetModel, row: number, column: number): Readonly<Cell> {
  return sheet.rows[row - 1]?.[column - 1] ?? BLANK;
}

export function editableCell(sheet: SheetModel, row: number, column: number): Cell {
  let cells = sheet.rows[row - 1];
  if (!cells) {
    cells = [];
    sheet.rows[row - 1] = cells;
  }
  let cell = cells[column - 1];
  if (!cell) {
    cell = emptyCell();
    cells[column - 1] = cell;
  }
  return cell;
}

export function hasContent(cell: Readonly<Cell>): boolean {
  return cell.value !== '' || cell.formula !== '';
}

export function lastRow(sheet: SheetModel): number {
  for (let r = sheet.rows.length; r >= 1; r--) if (sheet.rows[r - 1]?.some((cell) => cell !== undefined && hasContent(cell))) return r;
  return 0;
}

export function lastColumn(sheet: SheetModel): number {
  let last = 0;
  for (const cells of sheet.rows) {
    if (!cells) continue;
    for (let c = cells.length; c > last; c--) {
      const cell = cells[c - 1];
      if (cell && hasContent(cell)) {
        last = c;
        break;
      }
    }
  }
  return last;
}

export function forEachCell(area: GridArea, visit: (row: number, column: number, i: number, j: number) => void): void {
  for (let i = 0; i < area.numRows; i++) for (let j = 0; j < area.numColumns; j++) visit(area.row + i, area.column + j, i, j);
}

export function mapArea<T>(area: GridArea, read: (row: number, column: number) => T): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < area.numRows; i++) {
    const line: T[] = [];
    for (let j = 0; j < area.numColumns; j++) line.push(read(area.row + i, area.column + j));
    result.push(line);
  }
  return result;
}

export function cellCount(area: GridArea): number {
  return area.numRows * area.numColumns;
}

export function readValue(cell: Readonly<Cell>): CellValue {
  return isDate(cell.value) ? new Date(timeOf(cell.value)) : cell.value;
}

export function readDisplay(book: EmuWorkbook, cell: Readonly<Cell>): string {
  return displayValue(cell.value, cell.format, book.world.timeZone);
}

// ---- Who may edit -----------------------------------------------------------------------------

export type Editor = { readonly kind: 'script' } | { readonly kind: 'user' };

/** Scripts run as the effective user; outside any run, as the person at the keyboard. */
export function scriptUser(world: World): string {
  return currentExecution(world)?.effectiveUser ?? world.currentUser;
}

export function canEditProtection(book: EmuWorkbook, protection: ProtectionModel, user: string): boolean {
  return protection.warningOnly || user === book.world.ownerEmail || protection.editors.includes(user);
}

/**
 * Warning-only protections never stop a script (there is no one to click through the warning)
 * and we assume the simulated user always clicks "OK" on the warning.
 */
export function assertCanEdit(book: EmuWorkbook, sheet: SheetModel, area: GridArea, user: string): void {
  for (const protection of sheet.protections) {
    if (protection.removed || protection.warningOnly) continue;
    if (protection.area && !overlaps(protection.area, area)) continue;
    if (!canEditProtection(book, protection, user)) throw appsScriptError(PROTECTED_MESSAGE);
  }
}

// ---- Writing values ---------------------------------------------------------------------------

export function validationMessage(row: number, column: number): string {
  return `The data you entered in cell ${areaToA1({ row, column, numRows: 1, numColumns: 1 })} violates the data validation rules set on this cell.`;
}

export function satisfiesRule(book: EmuWorkbook, rule: ValidationRule, value: CellValue, format: string): boolean {
  if (value === '') return true;
  if (rule.kind === 'checkbox') {
    if (!rule.customValues) return typeof value === 'boolean';
    const text = displayValue(value, format, book.world.timeZone);
    return rule.customValues.some((allowed) => String(allowed) === text || allowed === value);
  }
  // Assumed: the list match is exact and case-sensitive (a stricter reading than the UI's dropdown).
  return rule.values.includes(displayValue(value, format, book.world.timeZone));
}

/**
 * Writes a block of values as Sheets would store them. All-or-nothing: protections and strict
 * validation are checked for every cell before any cell changes. Apps Script may report a
 * validation failure only when the write is flushed; the emulator throws at the call, which is
 * the one place a script can still react to it (to verify on a real sheet).
 */
export function writeValues(book: EmuWorkbook, sheet: SheetModel, area: GridArea, values: readonly (readonly unknown[])[], user: string): void {
  assertCanEdit(book, sheet, area, user);
  const now = book.world.clock.now();
  const timeZone = book.world.timeZone;
  const plainTextApostrophe = book.world.readings.plainTextApostrophe;
  // Sheets refuses the whole write when one cell would pass its limit: nothing is written.
  for (const line of values)
    for (const input of line) if (typeof input === 'string' && input.length > MAX_CELL_CHARS) throw appsScriptError(CELL_TOO_LONG_MESSAGE);
  const coerced = values.map((line, i) =>
    line.map((input, j) => coerceInput(input, { timeZone, now, format: cellAt(sheet, area.row + i, area.column + j).format, plainTextApostrophe })),
  );
  forEachCell(area, (row, column, i, j) => {
    const cell = cellAt(sheet, row, column);
    const next = coerced[i]?.[j];
    // Open in the record (apps-script-facts.md, "Script write breaking a strict dropdown"): it
    // may throw at the call, at flush, or be stored and flagged. The harsh reading: it throws
    // here, at the call, before any cell of the range is written.
    // Formulas are not evaluated, so their results cannot be validated here.
    if (!next || !cell.validation || cell.validation.allowInvalid || next.formula !== '') return;
    const format = cell.format === GENERAL && next.impliedFormat !== undefined ? next.impliedFormat : cell.format;
    if (!satisfiesRule(book, cell.validation, next.value, format)) throw appsScriptError(validationMessage(row, column));
  });
  forEachCell(area, (row, column, i, j) => {
    const next = coerced[i]?.[j];
    if (!next) return;
    const cell = editableCell(sheet, row, column);
    cell.value = next.value;
    cell.formula = next.formula;
    if (next.impliedFormat !== undefined && cell.format === GENERAL) cell.format = next.impliedFormat;
  });
}

// ---- Inserting and deleting rows and columns --------------------------------------------------

type Axis = 'rows' | 'columns';

/** Where an area ends up after `count` lines are inserted before line `at` (1-based). */
function shiftForInsert(area: GridArea, axis: Axis, at: number, count: number): GridArea {
  const start = axis === 'rows' ? area.row : area.column;
  const size = axis === 'rows' ? area.numRows : area.numColumns;
  let newStart = start;
  let newSize = size;
  if (at <= start) newStart = start + count;
  else if (at < start + size) newSize = size + count;
  return axis === 'rows' ? { ...area, row: newStart, numRows: newSize } : { ...area, column: newStart, numColumns: newSize };
}

/** Where an area ends up after lines at..at+count-1 are deleted; undefined when nothing is left. */
function shiftForDelete(area: GridArea, axis: Axis, at: number, count: number): GridArea | undefined {
  const start = axis === 'rows' ? area.row : area.column;
  const end = start + (axis === 'rows' ? area.numRows : area.numColumns) - 1;
  const deleteEnd = at + count - 1;
  const keptBefore = Math.max(0, Math.min(end, at - 1) - start + 1);
  const keptAfter = Math.max(0, end - Math.max(deleteEnd, start - 1));
  const newSize = keptBefore + keptAfter;
  if (newSize === 0) return undefined;
  const newStart = start < at ? start : Math.max(at, start - count);
  return axis === 'rows' ? { ...area, row: newStart, numRows: newSize } : { ...area, column: newStart, numColumns: newSize };
}

function shiftDependents(book: EmuWorkbook, sheet: SheetModel, shift: (area: GridArea) => GridArea | undefined): void {
  for (const protection of sheet.protections) {
    if (!protection.area) continue;
    const moved = shift(protection.area);
    if (moved) protection.area = moved;
    else protection.removed = true;
  }
  sheet.protections = sheet.protections.filter((p) => !p.removed);
  for (const other of book.sheets) {
    for (const chart of other.charts) {
      chart.ranges = chart.ranges.flatMap((ref) => {
        if (ref.sheet !== sheet) return [ref];
        const moved = shift(ref.area);
        return moved ? [{ sheet, area: moved }] : [];
      });
    }
  }
  sheet.selection = shift(sheet.selection) ?? { row: 1, column: 1, numRows: 1, numColumns: 1 };
}

function formatOnly(cell: Readonly<Cell>): Cell {
  return {
    ...emptyCell(),
    format: cell.format,
    background: cell.background,
    fontColor: cell.fontColor,
    fontWeight: cell.fontWeight,
    wrap: cell.wrap,
    horizontalAlignment: cell.horizontalAlignment,
    validation: cell.validation,
  };
}

/**
 * Inserts `count` rows before row `at`. Like the Sheets UI, the new rows take the formats and data
 * validation of `inheritFrom` (a row number before the insert), or stay blank when it is undefined.
 */
export function insertRows(book: EmuWorkbook, sheet: SheetModel, at: number, count: number, inheritFrom: number | undefined): void {
  const template = inheritFrom === undefined ? undefined : sheet.rows[inheritFrom - 1];
  const inserted = Array.from({ length: count }, () => template?.map((cell) => (cell ? formatOnly(cell) : undefined)));
  if (sheet.rows.length < at - 1) sheet.rows.length = at - 1;
  sheet.rows.splice(at - 1, 0, ...inserted);
  sheet.maxRows += count;
  if (at <= sheet.frozenRows) sheet.frozenRows += count;
  shiftDependents(book, sheet, (area) => shiftForInsert(area, 'rows', at, count));
}

export function deleteRows(book: EmuWorkbook, sheet: SheetModel, at: number, count: number): void {
  sheet.rows.splice(at - 1, count);
  sheet.maxRows -= count;
  sheet.frozenRows -= Math.max(0, Math.min(sheet.frozenRows, at + count - 1) - at + 1);
  shiftDependents(book, sheet, (area) => shiftForDelete(area, 'rows', at, count));
}

export function insertColumns(book: EmuWorkbook, sheet: SheetModel, at: number, count: number, inheritFrom: number | undefined): void {
  for (const cells of sheet.rows) {
    if (!cells) continue;
    const template = inheritFrom === undefined ? undefined : cells[inheritFrom - 1];
    if (cells.length < at - 1) cells.length = at - 1;
    cells.splice(at - 1, 0, ...Array.from({ length: count }, () => (template ? formatOnly(template) : undefined)));
  }
  const meta = inheritFrom === undefined ? undefined : sheet.columns[inheritFrom - 1];
  if (sheet.columns.length < at - 1) sheet.columns.length = at - 1;
  sheet.columns.splice(at - 1, 0, ...Array.from({ length: count }, () => (meta ? { width: meta.width, hidden: false } : undefined)));
  sheet.maxColumns += count;
  if (at <= sheet.frozenColumns) sheet.frozenColumns += count;
  shiftDependents(book, sheet, (area) => shiftForInsert(area, 'columns', at, count));
}

export function deleteColumns(book: EmuWorkbook, sheet: SheetModel, at: number, count: number): void {
  for (const cells of sheet.rows) cells?.splice(at - 1, count);
  sheet.columns.splice(at - 1, count);
  sheet.maxColumns -= count;
  sheet.frozenColumns -= Math.max(0, Math.min(sheet.frozenColumns, at + count - 1) - at + 1);
  shiftDependents(book, sheet, (area) => shiftForDelete(area, 'columns', at, count));
}

/**
 * Moves columns from..from+count-1 so they stand before column `destination`, numbered as before
 * the move (Sheet.moveColumns). Cells, widths, protections and chart ranges travel with their
 * columns; an area that only partly overlaps the moved block keeps its place (assumed).
 */
export function moveColumns(book: EmuWorkbook, sheet: SheetModel, from: number, count: number, destination: number): void {
  const width = Math.max(sheet.maxColumns, from + count - 1);
  const order = Array.from({ length: width }, (_, i) => i + 1);
  const block = order.splice(from - 1, count);
  const insertAt = destination > from ? destination - count - 1 : destination - 1;
  order.splice(insertAt, 0, ...block);
  const newIndexOf = new Map(order.map((old, i) => [old, i + 1]));
  for (const cells of sheet.rows) {
    if (!cells) continue;
    const copy = [...cells];
    cells.length = 0;
    order.forEach((old, i) => {
      cells[i] = copy[old - 1];
    });
  }
  const columns = [...sheet.columns];
  sheet.columns = order.map((old) => columns[old - 1]);
  shiftDependents(book, sheet, (area) => {
    const first = newIndexOf.get(area.column) ?? area.column;
    const last = newIndexOf.get(area.column + area.numColumns - 1) ?? area.column + area.numColumns - 1;
    return last - first === area.numColumns - 1 ? { ...area, column: first } : area;
  });
}

export function columnMeta(sheet: SheetModel, column: number): ColumnMeta {
  let meta = sheet.columns[column - 1];
  if (!meta) {
    meta = { width: DEFAULT_COLUMN_WIDTH, hidden: false };
    sheet.columns[column - 1] = meta;
  }
  return meta;
}

// ---- Sorting ----------------------------------------------------------------------------------

export interface SortKey {
  readonly column: number;
  readonly ascending: boolean;
}

const collator = new Intl.Collator('en-US', { sensitivity: 'base' });

/** Assumed order, ascending: numbers and dates, then text, then booleans; blanks always last. */
function typeRank(value: CellValue): number {
  if (typeof value === 'number' || isDate(value)) return 0;
  if (typeof value === 'string') return 1;
  return 2;
}

function compareValues(a: CellValue, b: CellValue): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  const numeric = (v: CellValue) => (isDate(v) ? timeOf(v) : Number(v));
  return numeric(a) - numeric(b);
}

/**
 * Sorts the rows of an area by absolute sheet columns. Whole cells move: values, formulas
 * (their references are not rewritten), formats and data validation; the last is assumed to move
 * with its row as the Sheets UI does (to verify on a real sheet).
 */
export function sortArea(sheet: SheetModel, area: GridArea, keys: readonly SortKey[]): void {
  const lines = Array.from({ length: area.numRows }, (_, i) =>
    Array.from({ length: area.numColumns }, (_, j) => sheet.rows[area.row + i - 1]?.[area.column + j - 1]),
  );
  const keyOf = (line: (Cell | undefined)[], column: number): CellValue => line[column - area.column]?.value ?? '';
  const order = lines.map((line, index) => ({ line, index }));
  order.sort((x, y) => {
    for (const key of keys) {
      const a = keyOf(x.line, key.column);
      const b = keyOf(y.line, key.column);
      if (a === '' || b === '') {
        if (a === b) continue;
        return a === '' ? 1 : -1;
      }
      const compared = compareValues(a, b);
      if (compared !== 0) return key.ascending ? compared : -compared;
    }
    return x.index - y.index;
  });
  order.forEach(({ line }, i) => {
    let cells = sheet.rows[area.row + i - 1];
    if (!cells) {
      cells = [];
      sheet.rows[area.row + i - 1] = cells;
    }
    const target = cells;
    line.forEach((cell, j) => {
      target[area.column + j - 1] = cell;
    });
  });
}
