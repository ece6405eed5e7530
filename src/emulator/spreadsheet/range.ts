// Range: the class scripts use most. Every method charges one call; reads and writes of cells
// charge the number of cells they touch.
import { areaToA1, type GridArea } from './a1';
import { bill, expose, isInteger, signatureError } from './expose';
import {
  appsScriptError,
  assertCanEdit,
  type Cell,
  cellAt,
  cellCount,
  type EmuWorkbook,
  editableCell,
  emptyCell,
  forEachCell,
  hasContent,
  mapArea,
  readDisplay,
  readValue,
  type SheetModel,
  type SortKey,
  scriptUser,
  sortArea,
  type ValidationRule,
  writeValues,
} from './model';
import { createProtection, newProtection } from './protection';
import { createSheet } from './sheet';
import { createDataValidation, ruleOf } from './validation';
import { type CellValue, GENERAL } from './values';

type Range = GoogleAppsScript.Spreadsheet.Range;

type Implemented =
  | 'activate'
  | 'check'
  | 'clear'
  | 'clearContent'
  | 'clearDataValidations'
  | 'clearFormat'
  | 'clearNote'
  | 'getA1Notation'
  | 'getBackground'
  | 'getBackgrounds'
  | 'getCell'
  | 'getColumn'
  | 'getDataValidation'
  | 'getDataValidations'
  | 'getDisplayValue'
  | 'getDisplayValues'
  | 'getFontColor'
  | 'getFontWeight'
  | 'getFontWeights'
  | 'getFormula'
  | 'getFormulas'
  | 'getGridId'
  | 'getHeight'
  | 'getHorizontalAlignment'
  | 'getLastColumn'
  | 'getLastRow'
  | 'getNote'
  | 'getNotes'
  | 'getNumColumns'
  | 'getNumRows'
  | 'getNumberFormat'
  | 'getNumberFormats'
  | 'getRow'
  | 'getSheet'
  | 'getValue'
  | 'getValues'
  | 'getWidth'
  | 'getWrap'
  | 'insertCheckboxes'
  | 'isBlank'
  | 'isChecked'
  | 'offset'
  | 'protect'
  | 'removeCheckboxes'
  | 'setBackground'
  | 'setBackgrounds'
  | 'setDataValidation'
  | 'setDataValidations'
  | 'setFontColor'
  | 'setFontWeight'
  | 'setFontWeights'
  | 'setFormula'
  | 'setFormulas'
  | 'setHorizontalAlignment'
  | 'setNote'
  | 'setNotes'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'setValue'
  | 'setValues'
  | 'setWrap'
  | 'sort'
  | 'uncheck';

export function rowsMismatch(dataRows: number, rangeRows: number): Error {
  return appsScriptError(
    `The number of rows in the data does not match the number of rows in the range. The data has ${dataRows} but the range has ${rangeRows}.`,
  );
}

export function columnsMismatch(dataColumns: number, rangeColumns: number): Error {
  return appsScriptError(
    `The number of columns in the data does not match the number of columns in the range. The data has ${dataColumns} but the range has ${rangeColumns}.`,
  );
}

/** Checks a grid argument against the range: rows first, then each row's length, as Apps Script does. */
function checkGrid(method: string, grid: unknown, area: GridArea): readonly (readonly unknown[])[] {
  if (!Array.isArray(grid) || !grid.every((line) => Array.isArray(line))) throw signatureError(`Range.${method}`, [grid]);
  const lines = grid as unknown[][];
  if (lines.length !== area.numRows) throw rowsMismatch(lines.length, area.numRows);
  for (const line of lines) if (line.length !== area.numColumns) throw columnsMismatch(line.length, area.numColumns);
  return lines;
}

/** The checks and messages of Sheet.getRange(row, column, numRows, numColumns). */
export function checkArea(sheet: SheetModel, row: number, column: number, numRows: number, numColumns: number): GridArea {
  if (row < 1) throw appsScriptError('The starting row of the range is too small.');
  if (column < 1) throw appsScriptError('The starting column of the range is too small.');
  if (numRows < 1) throw appsScriptError('The number of rows in the range must be at least 1.');
  if (numColumns < 1) throw appsScriptError('The number of columns in the range must be at least 1.');
  if (row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) {
    throw appsScriptError('The coordinates of the range are outside the dimensions of the sheet.');
  }
  return { row, column, numRows, numColumns };
}

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  orange: '#ffa500',
  gray: '#808080',
  grey: '#808080',
  purple: '#800080',
};

function normalizeColor(color: unknown, fallback: string): string {
  if (color === null || color === undefined || color === '') return fallback;
  const text = String(color).trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return NAMED_COLORS[text] ?? text;
}

function parseSortSpec(spec: unknown, area: GridArea): SortKey[] {
  const specs = Array.isArray(spec) ? spec : [spec];
  return specs.map((item) => {
    let key: SortKey;
    if (isInteger(item)) key = { column: item, ascending: true };
    else if (typeof item === 'object' && item !== null && isInteger((item as { column?: unknown }).column)) {
      const { column, ascending } = item as { column: number; ascending?: unknown };
      key = { column, ascending: ascending === undefined ? true : Boolean(ascending) };
    } else throw signatureError('Range.sort', [spec]);
    // Assumed wording for a sort column outside the range.
    if (key.column < area.column || key.column >= area.column + area.numColumns) {
      throw appsScriptError(`Column specified in sort spec is out of range: ${key.column}`);
    }
    return key;
  });
}

class EmuRange implements Pick<Range, Implemented> {
  constructor(
    readonly book: EmuWorkbook,
    readonly sheet: SheetModel,
    readonly area: GridArea,
  ) {}

  private bill(method: string, cells?: { read?: number; written?: number }): void {
    bill(this.book.world, `Range.${method}`, cells);
  }

  private readAll<T>(method: string, read: (cell: Readonly<Cell>) => T): T[][] {
    this.bill(method, { read: cellCount(this.area) });
    return mapArea(this.area, (row, column) => read(cellAt(this.sheet, row, column)));
  }

  private readFirst<T>(method: string, read: (cell: Readonly<Cell>) => T): T {
    this.bill(method, { read: 1 });
    return read(cellAt(this.sheet, this.area.row, this.area.column));
  }

  /** Changes every cell of the range, after the protection check; `edit` gets each cell with its offsets. */
  private editEach(method: string, edit: (cell: Cell, i: number, j: number) => void): Range {
    this.bill(method, { written: cellCount(this.area) });
    assertCanEdit(this.book, this.sheet, this.area, scriptUser(this.book.world));
    forEachCell(this.area, (row, column, i, j) => edit(editableCell(this.sheet, row, column), i, j));
    return this.self();
  }

  private self(): Range {
    // Methods run with `this` bound to the proxy the script holds, so chaining returns that proxy.
    return this as unknown as Range;
  }

  getValues(): CellValue[][] {
    return this.readAll('getValues', readValue);
  }

  getValue(): CellValue {
    return this.readFirst('getValue', readValue);
  }

  setValues(values: unknown[][]): Range {
    this.bill('setValues', { written: cellCount(this.area) });
    const grid = checkGrid('setValues', values, this.area);
    writeValues(this.book, this.sheet, this.area, grid, scriptUser(this.book.world));
    return this.self();
  }

  setValue(value: unknown): Range {
    this.bill('setValue', { written: cellCount(this.area) });
    const grid = mapArea(this.area, () => value);
    writeValues(this.book, this.sheet, this.area, grid, scriptUser(this.book.world));
    return this.self();
  }

  getDisplayValues(): string[][] {
    return this.readAll('getDisplayValues', (cell) => readDisplay(this.book, cell));
  }

  getDisplayValue(): string {
    return this.readFirst('getDisplayValue', (cell) => readDisplay(this.book, cell));
  }

  getFormulas(): string[][] {
    return this.readAll('getFormulas', (cell) => cell.formula);
  }

  getFormula(): string {
    return this.readFirst('getFormula', (cell) => cell.formula);
  }

  // The same formula text goes to every cell; Sheets would shift relative references per cell.
  setFormula(formula: string): Range {
    this.bill('setFormula', { written: cellCount(this.area) });
    if (typeof formula !== 'string') throw signatureError('Range.setFormula', [formula]);
    writeValues(
      this.book,
      this.sheet,
      this.area,
      mapArea(this.area, () => formula),
      scriptUser(this.book.world),
    );
    return this.self();
  }

  setFormulas(formulas: string[][]): Range {
    this.bill('setFormulas', { written: cellCount(this.area) });
    const grid = checkGrid('setFormulas', formulas, this.area);
    writeValues(this.book, this.sheet, this.area, grid, scriptUser(this.book.world));
    return this.self();
  }

  getRow(): number {
    this.bill('getRow');
    return this.area.row;
  }

  getColumn(): number {
    this.bill('getColumn');
    return this.area.column;
  }

  getLastRow(): number {
    this.bill('getLastRow');
    return this.area.row + this.area.numRows - 1;
  }

  getLastColumn(): number {
    this.bill('getLastColumn');
    return this.area.column + this.area.numColumns - 1;
  }

  getNumRows(): number {
    this.bill('getNumRows');
    return this.area.numRows;
  }

  getNumColumns(): number {
    this.bill('getNumColumns');
    return this.area.numColumns;
  }

  getHeight(): number {
    this.bill('getHeight');
    return this.area.numRows;
  }

  getWidth(): number {
    this.bill('getWidth');
    return this.area.numColumns;
  }

  // Assumed: whole-column ranges ("A:A") report their bounded form ("A1:A1000").
  getA1Notation(): string {
    this.bill('getA1Notation');
    return areaToA1(this.area);
  }

  getGridId(): number {
    this.bill('getGridId');
    return this.sheet.sheetId;
  }

  getSheet(): GoogleAppsScript.Spreadsheet.Sheet {
    this.bill('getSheet');
    return createSheet(this.book, this.sheet);
  }

  getCell(row: number, column: number): Range {
    this.bill('getCell');
    if (!isInteger(row) || !isInteger(column)) throw signatureError('Range.getCell', [row, column]);
    // Assumed wording for a cell outside the range.
    if (row < 1 || column < 1 || row > this.area.numRows || column > this.area.numColumns) {
      throw appsScriptError('The coordinates or dimensions of the range are invalid.');
    }
    return createRange(this.book, this.sheet, { row: this.area.row + row - 1, column: this.area.column + column - 1, numRows: 1, numColumns: 1 });
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    this.bill('offset');
    const args = [rowOffset, columnOffset, numRows, numColumns].filter((a) => a !== undefined);
    if (!args.every(isInteger) || (numColumns !== undefined && numRows === undefined)) throw signatureError('Range.offset', args);
    const area = checkArea(
      this.sheet,
      this.area.row + rowOffset,
      this.area.column + columnOffset,
      numRows ?? this.area.numRows,
      numColumns ?? this.area.numColumns,
    );
    return createRange(this.book, this.sheet, area);
  }

  isBlank(): boolean {
    this.bill('isBlank', { read: cellCount(this.area) });
    let blank = true;
    forEachCell(this.area, (row, column) => {
      if (hasContent(cellAt(this.sheet, row, column))) blank = false;
    });
    return blank;
  }

  // Assumed: clear() keeps data validation (it clears "contents and formats"); clear({validationsOnly: true}) removes it.
  clear(options?: object): Range {
    const only: { commentsOnly?: unknown; contentsOnly?: unknown; formatOnly?: unknown; validationsOnly?: unknown } = options ?? {};
    const anyOnly = Boolean(only.commentsOnly || only.contentsOnly || only.formatOnly || only.validationsOnly);
    return this.editEach('clear', (cell) => {
      const blank = emptyCell();
      if (!anyOnly || only.contentsOnly) {
        cell.value = '';
        cell.formula = '';
      }
      if (!anyOnly || only.formatOnly) Object.assign(cell, formatsOf(blank));
      if (only.validationsOnly) cell.validation = null;
      if (only.commentsOnly) cell.note = '';
    });
  }

  clearContent(): Range {
    return this.editEach('clearContent', (cell) => {
      cell.value = '';
      cell.formula = '';
    });
  }

  clearFormat(): Range {
    return this.editEach('clearFormat', (cell) => Object.assign(cell, formatsOf(emptyCell())));
  }

  clearDataValidations(): Range {
    return this.editEach('clearDataValidations', (cell) => {
      cell.validation = null;
    });
  }

  clearNote(): Range {
    return this.editEach('clearNote', (cell) => {
      cell.note = '';
    });
  }

  setNumberFormat(numberFormat: string): Range {
    if (typeof numberFormat !== 'string') throw signatureError('Range.setNumberFormat', [numberFormat]);
    return this.editEach('setNumberFormat', (cell) => {
      cell.format = numberFormat === '' ? GENERAL : numberFormat;
    });
  }

  setNumberFormats(numberFormats: string[][]): Range {
    const grid = checkGrid('setNumberFormats', numberFormats, this.area);
    return this.editEach('setNumberFormats', (cell, i, j) => {
      const format = grid[i]?.[j];
      cell.format = format === undefined || format === null || format === '' ? GENERAL : String(format);
    });
  }

  getNumberFormat(): string {
    return this.readFirst('getNumberFormat', (cell) => cell.format);
  }

  getNumberFormats(): string[][] {
    return this.readAll('getNumberFormats', (cell) => cell.format);
  }

  setBackground(color: string | null): Range {
    return this.editEach('setBackground', (cell) => {
      cell.background = normalizeColor(color, '#ffffff');
    });
  }

  setBackgrounds(color: string[][]): Range {
    const grid = checkGrid('setBackgrounds', color, this.area);
    return this.editEach('setBackgrounds', (cell, i, j) => {
      cell.background = normalizeColor(grid[i]?.[j], '#ffffff');
    });
  }

  getBackground(): string {
    return this.readFirst('getBackground', (cell) => cell.background);
  }

  getBackgrounds(): string[][] {
    return this.readAll('getBackgrounds', (cell) => cell.background);
  }

  setFontColor(color: string | null): Range {
    return this.editEach('setFontColor', (cell) => {
      cell.fontColor = normalizeColor(color, '#000000');
    });
  }

  getFontColor(): string {
    return this.readFirst('getFontColor', (cell) => cell.fontColor);
  }

  setFontWeight(fontWeight: string | null): Range {
    if (fontWeight !== null && fontWeight !== 'bold' && fontWeight !== 'normal') throw signatureError('Range.setFontWeight', [fontWeight]);
    return this.editEach('setFontWeight', (cell) => {
      cell.fontWeight = fontWeight ?? 'normal';
    });
  }

  setFontWeights(fontWeights: unknown[][]): Range {
    const grid = checkGrid('setFontWeights', fontWeights, this.area);
    return this.editEach('setFontWeights', (cell, i, j) => {
      cell.fontWeight = grid[i]?.[j] === 'bold' ? 'bold' : 'normal';
    });
  }

  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    return this.readFirst('getFontWeight', (cell) => cell.fontWeight);
  }

  getFontWeights(): GoogleAppsScript.Spreadsheet.FontWeight[][] {
    return this.readAll('getFontWeights', (cell) => cell.fontWeight);
  }

  setWrap(isWrapEnabled: boolean): Range {
    return this.editEach('setWrap', (cell) => {
      cell.wrap = Boolean(isWrapEnabled);
    });
  }

  getWrap(): boolean {
    return this.readFirst('getWrap', (cell) => cell.wrap);
  }

  setHorizontalAlignment(alignment: string | null): Range {
    return this.editEach('setHorizontalAlignment', (cell) => {
      cell.horizontalAlignment = alignment ?? 'general';
    });
  }

  getHorizontalAlignment(): string {
    return this.readFirst('getHorizontalAlignment', (cell) => cell.horizontalAlignment);
  }

  setNote(note: string | null): Range {
    return this.editEach('setNote', (cell) => {
      cell.note = note === null ? '' : String(note);
    });
  }

  getNote(): string {
    return this.readFirst('getNote', (cell) => cell.note);
  }

  // A null note removes it, as in setNote.
  setNotes(notes: (string | null)[][]): Range {
    const grid = checkGrid('setNotes', notes, this.area);
    return this.editEach('setNotes', (cell, i, j) => {
      const note = grid[i]?.[j];
      cell.note = note === null || note === undefined ? '' : String(note);
    });
  }

  getNotes(): string[][] {
    return this.readAll('getNotes', (cell) => cell.note);
  }

  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): Range {
    const validation = rule === null ? null : ruleOf(rule);
    if (validation === undefined) throw signatureError('Range.setDataValidation', [rule]);
    return this.editEach('setDataValidation', (cell) => {
      cell.validation = validation;
    });
  }

  setDataValidations(rules: (GoogleAppsScript.Spreadsheet.DataValidation | null)[][]): Range {
    const grid = checkGrid('setDataValidations', rules, this.area);
    const validations = grid.map((line) =>
      line.map((rule) => {
        const validation = rule === null ? null : ruleOf(rule);
        if (validation === undefined) throw signatureError('Range.setDataValidations', [rules]);
        return validation;
      }),
    );
    return this.editEach('setDataValidations', (cell, i, j) => {
      cell.validation = validations[i]?.[j] ?? null;
    });
  }

  getDataValidation(): GoogleAppsScript.Spreadsheet.DataValidation | null {
    const rule = this.readFirst('getDataValidation', (cell) => cell.validation);
    return rule ? createDataValidation(this.book.world, rule) : null;
  }

  getDataValidations(): (GoogleAppsScript.Spreadsheet.DataValidation | null)[][] {
    return this.readAll('getDataValidations', (cell) => (cell.validation ? createDataValidation(this.book.world, cell.validation) : null));
  }

  insertCheckboxes(checkedValue?: unknown, uncheckedValue?: unknown): Range {
    // Assumed: like a checkbox added from the Insert menu, invalid input is allowed (shown with a warning).
    const rule: ValidationRule =
      checkedValue === undefined
        ? Object.freeze({ kind: 'checkbox', allowInvalid: true, helpText: '' })
        : Object.freeze({ kind: 'checkbox', customValues: [checkedValue, uncheckedValue ?? ''] as const, allowInvalid: true, helpText: '' });
    const unchecked: CellValue = checkedValue === undefined ? false : uncheckedAsValue(uncheckedValue);
    return this.editEach('insertCheckboxes', (cell) => {
      cell.validation = rule;
      cell.value = unchecked;
      cell.formula = '';
    });
  }

  removeCheckboxes(): Range {
    return this.editEach('removeCheckboxes', (cell) => {
      if (cell.validation?.kind !== 'checkbox') return;
      cell.validation = null;
      cell.value = '';
      cell.formula = '';
    });
  }

  /** true when every cell is a checked checkbox, false when every cell is unchecked, null otherwise. */
  isChecked(): boolean | null {
    const states = this.readAll('isChecked', checkboxState).flat();
    if (states.every((s) => s === 'checked')) return true;
    if (states.every((s) => s === 'unchecked')) return false;
    return null;
  }

  check(): Range {
    return this.setCheckboxes('check', true);
  }

  uncheck(): Range {
    return this.setCheckboxes('uncheck', false);
  }

  private setCheckboxes(method: string, checked: boolean): Range {
    return this.editEach(method, (cell) => {
      const rule = cell.validation;
      if (rule?.kind !== 'checkbox') return;
      cell.value = rule.customValues ? uncheckedAsValue(rule.customValues[checked ? 0 : 1]) : checked;
      cell.formula = '';
    });
  }

  protect(): GoogleAppsScript.Spreadsheet.Protection {
    this.bill('protect');
    const protection = newProtection(this.book, 'range', this.area);
    this.sheet.protections.push(protection);
    return createProtection(this.book, this.sheet, protection);
  }

  sort(sortSpecObj: unknown): Range {
    this.bill('sort', { read: cellCount(this.area), written: cellCount(this.area) });
    const keys = parseSortSpec(sortSpecObj, this.area);
    assertCanEdit(this.book, this.sheet, this.area, scriptUser(this.book.world));
    sortArea(this.sheet, this.area, keys);
    return this.self();
  }

  activate(): Range {
    this.bill('activate');
    this.book.activeSheet = this.sheet;
    this.sheet.selection = this.area;
    return this.self();
  }

  toString(): string {
    return 'Range';
  }
}

function formatsOf(cell: Cell): Partial<Cell> {
  const { format, background, fontColor, fontWeight, wrap, horizontalAlignment } = cell;
  return { format, background, fontColor, fontWeight, wrap, horizontalAlignment };
}

function uncheckedAsValue(value: unknown): CellValue {
  if (value === undefined || value === null) return '';
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : String(value);
}

function checkboxState(cell: Readonly<Cell>): 'checked' | 'unchecked' | 'other' {
  const rule = cell.validation;
  if (rule?.kind !== 'checkbox') return 'other';
  if (rule.customValues) {
    if (String(cell.value) === String(rule.customValues[0])) return 'checked';
    return 'unchecked';
  }
  return cell.value === true ? 'checked' : 'unchecked';
}

export function createRange(book: EmuWorkbook, sheet: SheetModel, area: GridArea): Range {
  return expose<Range>(new EmuRange(book, sheet, area), 'Range');
}

/** The sheet and cells behind a Range the script passes back in, or undefined for a foreign object. */
export function rangeTarget(range: unknown): { sheet: SheetModel; area: GridArea } | undefined {
  return range instanceof EmuRange ? { sheet: range.sheet, area: range.area } : undefined;
}
