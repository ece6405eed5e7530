// Sheet: structure (rows, columns, frozen panes), appendRow, protections and charts.
import { parseA1, splitSheetName } from './a1';
import { chartsOf, createChartBuilder, insertChart, removeChart, updateChart } from './charts';
import { bill, expose, isInteger, signatureError } from './expose';
import {
  appsScriptError,
  assertCanEdit,
  cellCount,
  columnMeta,
  DEFAULT_COLUMN_WIDTH,
  deleteColumns,
  deleteRows,
  type EmuWorkbook,
  editableCell,
  emptyCell,
  forEachCell,
  insertColumns,
  insertRows,
  lastColumn,
  lastRow,
  moveColumns,
  type SheetModel,
  scriptUser,
  sortArea,
  writeValues,
} from './model';
import { createProtection, newProtection } from './protection';
import { checkArea, createRange } from './range';
import { createSpreadsheet, findSheet } from './spreadsheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

type Implemented =
  | 'activate'
  | 'appendRow'
  | 'autoResizeColumns'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'deleteColumn'
  | 'deleteColumns'
  | 'deleteRow'
  | 'deleteRows'
  | 'getActiveRange'
  | 'getCharts'
  | 'getColumnWidth'
  | 'getDataRange'
  | 'getFilter'
  | 'getFrozenColumns'
  | 'getFrozenRows'
  | 'getIndex'
  | 'getLastColumn'
  | 'getLastRow'
  | 'getMaxColumns'
  | 'getMaxRows'
  | 'getName'
  | 'getParent'
  | 'getProtections'
  | 'getRange'
  | 'getSheetId'
  | 'getSheetName'
  | 'getTabColor'
  | 'hideColumns'
  | 'hideSheet'
  | 'insertChart'
  | 'insertColumnAfter'
  | 'insertColumnBefore'
  | 'moveColumns'
  | 'insertColumns'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'insertRowAfter'
  | 'insertRowBefore'
  | 'insertRows'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'isColumnHiddenByUser'
  | 'isSheetHidden'
  | 'newChart'
  | 'protect'
  | 'removeChart'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'setFrozenColumns'
  | 'setFrozenRows'
  | 'setName'
  | 'setTabColor'
  | 'showColumns'
  | 'showSheet'
  | 'sort'
  | 'updateChart';

/** Sheet names are unique regardless of case. */
export function assertNameFree(book: EmuWorkbook, name: string, except?: SheetModel): void {
  const lower = name.toLowerCase();
  if (book.sheets.some((s) => s !== except && s.name.toLowerCase() === lower)) {
    throw appsScriptError(`A sheet with the name "${name}" already exists. Please enter another name.`);
  }
}

/** Resolves A1 notation against a sheet; a sheet name in the notation wins. */
export function resolveA1(book: EmuWorkbook, sheet: SheetModel, notation: string): { sheet: SheetModel; area: ReturnType<typeof checkArea> } {
  const { sheetName, cells } = splitSheetName(notation);
  const target = sheetName === undefined ? sheet : findSheet(book, sheetName);
  const area = target ? parseA1(cells, target.maxRows, target.maxColumns) : undefined;
  if (!target || !area) throw appsScriptError('Range not found');
  return { sheet: target, area: checkArea(target, area.row, area.column, area.numRows, area.numColumns) };
}

const ROWS_OUT_OF_BOUNDS = 'Those rows are out of bounds.';
const COLUMNS_OUT_OF_BOUNDS = 'Those columns are out of bounds.';

class EmuSheet implements Pick<Sheet, Implemented> {
  constructor(
    readonly book: EmuWorkbook,
    readonly model: SheetModel,
  ) {}

  private bill(method: string, cells?: { read?: number; written?: number }): void {
    bill(this.book.world, `Sheet.${method}`, cells);
  }

  private self(): Sheet {
    // `this` is the proxy the script holds.
    return this as unknown as Sheet;
  }

  /** Structural edits are blocked by a whole-sheet protection the user cannot edit. */
  private assertStructureEditable(): void {
    assertCanEdit(this.book, this.model, { row: 1, column: 1, numRows: this.model.maxRows, numColumns: this.model.maxColumns }, scriptUser(this.book.world));
  }

  getName(): string {
    this.bill('getName');
    return this.model.name;
  }

  getSheetName(): string {
    this.bill('getSheetName');
    return this.model.name;
  }

  setName(name: string): Sheet {
    this.bill('setName');
    if (typeof name !== 'string' || name.trim() === '') throw signatureError('Sheet.setName', [name]);
    assertNameFree(this.book, name, this.model);
    this.model.name = name;
    return this.self();
  }

  getSheetId(): number {
    this.bill('getSheetId');
    return this.model.sheetId;
  }

  getIndex(): number {
    this.bill('getIndex');
    return this.book.sheets.indexOf(this.model) + 1;
  }

  getParent(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    this.bill('getParent');
    return createSpreadsheet(this.book);
  }

  getRange(a1OrRow: string | number, column?: number, numRows?: number, numColumns?: number): Range {
    this.bill('getRange');
    if (typeof a1OrRow === 'string' && column === undefined) {
      const { sheet, area } = resolveA1(this.book, this.model, a1OrRow);
      return createRange(this.book, sheet, area);
    }
    const args = [a1OrRow, column, numRows, numColumns].filter((a) => a !== undefined);
    if (column === undefined || !args.every(isInteger) || (numColumns !== undefined && numRows === undefined)) {
      throw signatureError('Sheet.getRange', args);
    }
    const area = checkArea(this.model, a1OrRow as number, column, numRows ?? 1, numColumns ?? 1);
    return createRange(this.book, this.model, area);
  }

  getDataRange(): Range {
    this.bill('getDataRange');
    return createRange(this.book, this.model, {
      row: 1,
      column: 1,
      numRows: Math.max(1, lastRow(this.model)),
      numColumns: Math.max(1, lastColumn(this.model)),
    });
  }

  getActiveRange(): Range | null {
    this.bill('getActiveRange');
    return this.book.activeSheet === this.model ? createRange(this.book, this.model, this.model.selection) : null;
  }

  getLastRow(): number {
    this.bill('getLastRow');
    return lastRow(this.model);
  }

  getLastColumn(): number {
    this.bill('getLastColumn');
    return lastColumn(this.model);
  }

  getMaxRows(): number {
    this.bill('getMaxRows');
    return this.model.maxRows;
  }

  getMaxColumns(): number {
    this.bill('getMaxColumns');
    return this.model.maxColumns;
  }

  /** One call however many cells: the row after the last row with content, growing the sheet if needed. */
  appendRow(rowContents: unknown[]): Sheet {
    this.bill('appendRow', { written: Array.isArray(rowContents) ? rowContents.length : 0 });
    if (!Array.isArray(rowContents)) throw signatureError('Sheet.appendRow', [rowContents]);
    if (rowContents.length === 0) throw appsScriptError('The number of columns in the range must be at least 1.');
    const row = lastRow(this.model) + 1;
    const area = { row, column: 1, numRows: 1, numColumns: rowContents.length };
    assertCanEdit(this.book, this.model, area, scriptUser(this.book.world));
    if (row > this.model.maxRows) this.model.maxRows = row;
    if (rowContents.length > this.model.maxColumns) this.model.maxColumns = rowContents.length;
    writeValues(this.book, this.model, area, [rowContents], scriptUser(this.book.world));
    return this.self();
  }

  private insertRowsAt(method: string, at: number, count: number, inheritFrom: number | undefined, args: unknown[]): Sheet {
    this.bill(method);
    if (!args.every(isInteger)) throw signatureError(`Sheet.${method}`, args);
    if (at < 1 || at > this.model.maxRows + 1 || count < 1) throw appsScriptError(ROWS_OUT_OF_BOUNDS);
    this.assertStructureEditable();
    insertRows(this.book, this.model, at, count, inheritFrom);
    return this.self();
  }

  insertRowAfter(afterPosition: number): Sheet {
    return this.insertRowsAt('insertRowAfter', afterPosition + 1, 1, afterPosition, [afterPosition]);
  }

  insertRowsAfter(afterPosition: number, howMany: number): Sheet {
    return this.insertRowsAt('insertRowsAfter', afterPosition + 1, howMany, afterPosition, [afterPosition, howMany]);
  }

  insertRowBefore(beforePosition: number): Sheet {
    return this.insertRowsAt('insertRowBefore', beforePosition, 1, beforePosition, [beforePosition]);
  }

  insertRowsBefore(beforePosition: number, howMany: number): Sheet {
    return this.insertRowsAt('insertRowsBefore', beforePosition, howMany, beforePosition, [beforePosition, howMany]);
  }

  // Assumed: insertRows(rowIndex) inserts plain rows without inheriting formats.
  insertRows(rowIndex: number, numRows?: number): void {
    this.insertRowsAt('insertRows', rowIndex, numRows ?? 1, undefined, numRows === undefined ? [rowIndex] : [rowIndex, numRows]);
  }

  private insertColumnsAt(method: string, at: number, count: number, inheritFrom: number | undefined, args: unknown[]): Sheet {
    this.bill(method);
    if (!args.every(isInteger)) throw signatureError(`Sheet.${method}`, args);
    if (at < 1 || at > this.model.maxColumns + 1 || count < 1) throw appsScriptError(COLUMNS_OUT_OF_BOUNDS);
    this.assertStructureEditable();
    insertColumns(this.book, this.model, at, count, inheritFrom);
    return this.self();
  }

  moveColumns(columnSpec: Range, destinationIndex: number): void {
    this.bill('moveColumns');
    if (!isInteger(destinationIndex) || destinationIndex < 1 || destinationIndex > this.model.maxColumns + 1) {
      throw appsScriptError(COLUMNS_OUT_OF_BOUNDS);
    }
    this.assertStructureEditable();
    moveColumns(this.book, this.model, columnSpec.getColumn(), columnSpec.getNumColumns(), destinationIndex);
  }

  insertColumnAfter(afterPosition: number): Sheet {
    return this.insertColumnsAt('insertColumnAfter', afterPosition + 1, 1, afterPosition, [afterPosition]);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): Sheet {
    return this.insertColumnsAt('insertColumnsAfter', afterPosition + 1, howMany, afterPosition, [afterPosition, howMany]);
  }

  insertColumnBefore(beforePosition: number): Sheet {
    return this.insertColumnsAt('insertColumnBefore', beforePosition, 1, beforePosition, [beforePosition]);
  }

  insertColumnsBefore(beforePosition: number, howMany: number): Sheet {
    return this.insertColumnsAt('insertColumnsBefore', beforePosition, howMany, beforePosition, [beforePosition, howMany]);
  }

  insertColumns(columnIndex: number, numColumns?: number): void {
    this.insertColumnsAt('insertColumns', columnIndex, numColumns ?? 1, undefined, numColumns === undefined ? [columnIndex] : [columnIndex, numColumns]);
  }

  private deleteRowsAt(method: string, at: number, count: number, args: unknown[]): void {
    this.bill(method);
    if (!args.every(isInteger)) throw signatureError(`Sheet.${method}`, args);
    if (at < 1 || count < 1 || at + count - 1 > this.model.maxRows) throw appsScriptError(ROWS_OUT_OF_BOUNDS);
    if (count >= this.model.maxRows - this.model.frozenRows && at > this.model.frozenRows) {
      throw appsScriptError('Sorry, it is not possible to delete all non-frozen rows.');
    }
    assertCanEdit(this.book, this.model, { row: at, column: 1, numRows: count, numColumns: this.model.maxColumns }, scriptUser(this.book.world));
    deleteRows(this.book, this.model, at, count);
  }

  deleteRow(rowPosition: number): Sheet {
    this.deleteRowsAt('deleteRow', rowPosition, 1, [rowPosition]);
    return this.self();
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.deleteRowsAt('deleteRows', rowPosition, howMany, [rowPosition, howMany]);
  }

  private deleteColumnsAt(method: string, at: number, count: number, args: unknown[]): void {
    this.bill(method);
    if (!args.every(isInteger)) throw signatureError(`Sheet.${method}`, args);
    if (at < 1 || count < 1 || at + count - 1 > this.model.maxColumns) throw appsScriptError(COLUMNS_OUT_OF_BOUNDS);
    if (count >= this.model.maxColumns - this.model.frozenColumns && at > this.model.frozenColumns) {
      throw appsScriptError('Sorry, it is not possible to delete all non-frozen columns.');
    }
    assertCanEdit(this.book, this.model, { row: 1, column: at, numRows: this.model.maxRows, numColumns: count }, scriptUser(this.book.world));
    deleteColumns(this.book, this.model, at, count);
  }

  deleteColumn(columnPosition: number): Sheet {
    this.deleteColumnsAt('deleteColumn', columnPosition, 1, [columnPosition]);
    return this.self();
  }

  deleteColumns(columnPosition: number, howMany: number): void {
    this.deleteColumnsAt('deleteColumns', columnPosition, howMany, [columnPosition, howMany]);
  }

  setFrozenRows(rows: number): void {
    this.bill('setFrozenRows');
    if (!isInteger(rows) || rows < 0) throw signatureError('Sheet.setFrozenRows', [rows]);
    if (rows >= this.model.maxRows) throw appsScriptError('Sorry, it is not possible to freeze all rows.');
    this.model.frozenRows = rows;
  }

  getFrozenRows(): number {
    this.bill('getFrozenRows');
    return this.model.frozenRows;
  }

  setFrozenColumns(columns: number): void {
    this.bill('setFrozenColumns');
    if (!isInteger(columns) || columns < 0) throw signatureError('Sheet.setFrozenColumns', [columns]);
    if (columns >= this.model.maxColumns) throw appsScriptError('Sorry, it is not possible to freeze all columns.');
    this.model.frozenColumns = columns;
  }

  getFrozenColumns(): number {
    this.bill('getFrozenColumns');
    return this.model.frozenColumns;
  }

  private eachColumn(method: string, args: unknown[], start: number, count: number, visit: (column: number) => void): void {
    this.bill(method);
    if (!args.every(isInteger)) throw signatureError(`Sheet.${method}`, args);
    if (start < 1 || count < 1 || start + count - 1 > this.model.maxColumns) throw appsScriptError(COLUMNS_OUT_OF_BOUNDS);
    for (let c = start; c < start + count; c++) visit(c);
  }

  hideColumns(columnIndex: number, numColumns?: number): void {
    const args = numColumns === undefined ? [columnIndex] : [columnIndex, numColumns];
    this.eachColumn('hideColumns', args, columnIndex, numColumns ?? 1, (c) => {
      columnMeta(this.model, c).hidden = true;
    });
  }

  showColumns(columnIndex: number, numColumns?: number): void {
    const args = numColumns === undefined ? [columnIndex] : [columnIndex, numColumns];
    this.eachColumn('showColumns', args, columnIndex, numColumns ?? 1, (c) => {
      columnMeta(this.model, c).hidden = false;
    });
  }

  isColumnHiddenByUser(columnPosition: number): boolean {
    let hidden = false;
    this.eachColumn('isColumnHiddenByUser', [columnPosition], columnPosition, 1, (c) => {
      hidden = this.model.columns[c - 1]?.hidden ?? false;
    });
    return hidden;
  }

  setColumnWidth(columnPosition: number, width: number): Sheet {
    this.eachColumn('setColumnWidth', [columnPosition, width], columnPosition, 1, (c) => {
      columnMeta(this.model, c).width = width;
    });
    return this.self();
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): Sheet {
    this.eachColumn('setColumnWidths', [startColumn, numColumns, width], startColumn, numColumns, (c) => {
      columnMeta(this.model, c).width = width;
    });
    return this.self();
  }

  getColumnWidth(columnPosition: number): number {
    let width = DEFAULT_COLUMN_WIDTH;
    this.eachColumn('getColumnWidth', [columnPosition], columnPosition, 1, (c) => {
      width = this.model.columns[c - 1]?.width ?? DEFAULT_COLUMN_WIDTH;
    });
    return width;
  }

  // No text measurement offline: widths are left as they are; the call is still counted and checked.
  autoResizeColumns(startColumn: number, numColumns: number): Sheet {
    this.eachColumn('autoResizeColumns', [startColumn, numColumns], startColumn, numColumns, () => {});
    return this.self();
  }

  protect(): GoogleAppsScript.Spreadsheet.Protection {
    this.bill('protect');
    // Assumed: a second protect() on a sheet returns the existing sheet protection.
    const existing = this.model.protections.find((p) => p.kind === 'sheet');
    if (existing) return createProtection(this.book, this.model, existing);
    const protection = newProtection(this.book, 'sheet', null);
    this.model.protections.push(protection);
    return createProtection(this.book, this.model, protection);
  }

  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType): GoogleAppsScript.Spreadsheet.Protection[] {
    this.bill('getProtections');
    const kind = protectionKind('Sheet.getProtections', type);
    return this.model.protections.filter((p) => p.kind === kind).map((p) => createProtection(this.book, this.model, p));
  }

  private clearEach(method: string, clearCell: (cell: ReturnType<typeof editableCell>) => void): Sheet {
    const area = { row: 1, column: 1, numRows: this.model.maxRows, numColumns: this.model.maxColumns };
    this.bill(method, { written: cellCount(area) });
    assertCanEdit(this.book, this.model, area, scriptUser(this.book.world));
    forEachCell({ ...area, numRows: this.model.rows.length }, (row, column) => {
      if (this.model.rows[row - 1]?.[column - 1]) clearCell(editableCell(this.model, row, column));
    });
    return this.self();
  }

  clear(): Sheet {
    return this.clearEach('clear', (cell) => {
      Object.assign(cell, { ...emptyCell(), validation: cell.validation, note: cell.note });
    });
  }

  clearContents(): Sheet {
    return this.clearEach('clearContents', (cell) => {
      cell.value = '';
      cell.formula = '';
    });
  }

  clearFormats(): Sheet {
    return this.clearEach('clearFormats', (cell) => {
      Object.assign(cell, { ...emptyCell(), value: cell.value, formula: cell.formula, validation: cell.validation, note: cell.note });
    });
  }

  activate(): Sheet {
    this.bill('activate');
    this.book.activeSheet = this.model;
    this.model.hidden = false;
    return this.self();
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    this.bill('newChart');
    return createChartBuilder(this.book, this.model);
  }

  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.bill('insertChart');
    insertChart(this.book, this.model, chart);
  }

  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    this.bill('getCharts');
    return chartsOf(this.book, this.model);
  }

  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.bill('updateChart');
    updateChart(this.model, chart);
  }

  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    this.bill('removeChart');
    removeChart(this.model, chart);
  }

  /** Sorts the rows below the frozen rows by one column, as Sheet.sort does. */
  sort(columnPosition: number, ascending?: boolean): Sheet {
    this.bill('sort');
    if (!isInteger(columnPosition) || (ascending !== undefined && typeof ascending !== 'boolean')) {
      throw signatureError('Sheet.sort', ascending === undefined ? [columnPosition] : [columnPosition, ascending]);
    }
    if (columnPosition < 1 || columnPosition > this.model.maxColumns) throw appsScriptError(COLUMNS_OUT_OF_BOUNDS);
    const first = this.model.frozenRows + 1;
    const last = lastRow(this.model);
    if (last < first) return this.self();
    const area = { row: first, column: 1, numRows: last - first + 1, numColumns: Math.max(lastColumn(this.model), columnPosition) };
    assertCanEdit(this.book, this.model, area, scriptUser(this.book.world));
    sortArea(this.model, area, [{ column: columnPosition, ascending: ascending ?? true }]);
    return this.self();
  }

  getFilter(): null {
    this.bill('getFilter');
    return null;
  }

  setTabColor(color: string | null): Sheet {
    this.bill('setTabColor');
    this.model.tabColor = color === null ? null : String(color);
    return this.self();
  }

  getTabColor(): string | null {
    this.bill('getTabColor');
    return this.model.tabColor;
  }

  hideSheet(): Sheet {
    this.bill('hideSheet');
    if (this.book.sheets.every((s) => s === this.model || s.hidden)) throw appsScriptError("You can't hide all the sheets in a document.");
    this.model.hidden = true;
    return this.self();
  }

  showSheet(): Sheet {
    this.bill('showSheet');
    this.model.hidden = false;
    return this.self();
  }

  isSheetHidden(): boolean {
    this.bill('isSheetHidden');
    return this.model.hidden;
  }

  toString(): string {
    return 'Sheet';
  }
}

export function protectionKind(method: string, type: unknown): 'range' | 'sheet' {
  const name = String(type);
  if (name === 'RANGE') return 'range';
  if (name === 'SHEET') return 'sheet';
  throw signatureError(method, [type]);
}

/** The model behind a Sheet the script passes back in, or undefined for a foreign object. */
export function sheetTarget(sheet: unknown): SheetModel | undefined {
  return sheet instanceof EmuSheet ? sheet.model : undefined;
}

export function createSheet(book: EmuWorkbook, model: SheetModel): Sheet {
  return expose<Sheet>(new EmuSheet(book, model), 'Sheet');
}
