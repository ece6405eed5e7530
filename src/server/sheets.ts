// The thin adapter between the sheet and core/: read a tab in one call, find its columns by
// header, and write back only the cells that change, in as few rectangles as possible.
import { type Block, type CellWrite, type Table, locateColumns, planBlocks } from '../core/table';
import { asCellText } from '../core/text';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Cell = string | number | boolean | Date;

export interface SheetData<H extends string> {
  readonly sheet: Sheet;
  readonly table: Table<H>;
  /** Rows below the header; rows[0] is sheet row 2. */
  readonly rows: unknown[][];
}

/** One getDataRange().getValues() call: the header and every row. */
export function readSheet<H extends string>(sheet: Sheet, headers: readonly H[]): SheetData<H> {
  const values = sheet.getDataRange().getValues();
  const table = locateColumns(values[0] ?? [], headers);
  return { sheet, table, rows: values.slice(1) };
}

export function readHeader<H extends string>(sheet: Sheet, headers: readonly H[]): Table<H> {
  const width = Math.max(sheet.getLastColumn(), 1);
  return locateColumns(sheet.getRange(1, 1, 1, width).getValues()[0] ?? [], headers);
}

/** User text goes in as text: never a formula, never reinterpreted as a number or date. */
export function toCell(value: Cell): Cell {
  return typeof value === 'string' ? asCellText(value) : value;
}

export function writeBlocks(sheet: Sheet, blocks: readonly Block[]): void {
  for (const block of blocks) {
    const width = block.values[0]?.length ?? 0;
    if (width === 0) continue;
    sheet.getRange(block.row, block.column, block.values.length, width).setValues(block.values.map((r) => r.map(toCell)));
  }
}

export function writeCells(sheet: Sheet, writes: readonly CellWrite[]): void {
  writeBlocks(sheet, planBlocks(writes));
}

/** Cells of one row by header, as writes; headers the sheet lacks are skipped. */
export function rowWrites<H extends string>(table: Table<H>, row: number, cells: Partial<Record<H, Cell>>): CellWrite[] {
  const writes: CellWrite[] = [];
  for (const [header, value] of Object.entries(cells) as [H, Cell | undefined][]) {
    const column = table.columns.get(header);
    if (column !== undefined && value !== undefined) writes.push({ row, column, value });
  }
  return writes;
}

/** Makes room below the last row when a write would run past the sheet's end. */
/** Makes room below the last row when a write would run past the sheet's end; true when rows were added. */
export function ensureRows(sheet: Sheet, lastRowNeeded: number): boolean {
  const max = sheet.getMaxRows();
  if (lastRowNeeded <= max) return false;
  sheet.insertRowsAfter(max, lastRowNeeded - max + 100);
  return true;
}
