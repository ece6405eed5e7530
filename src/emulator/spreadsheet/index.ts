// The spreadsheet half of the emulator: the SpreadsheetApp global, plus what tests and the
// playground do "as the user" (typing, selecting) and plain views of the workbook.
import { type GridArea, parseA1 } from './a1';
import { appsScriptError, cellAt, type EmuWorkbook, mapArea, readValue, type SheetModel, writeValues } from './model';
import { checkArea, columnsMismatch, createRange, rowsMismatch } from './range';
import { findSheet } from './spreadsheet';

export { ChartTypeEnum } from './expose';
export type { EmuWorkbook } from './model';
export type { SheetSnapshot, ValidationSnapshot, WorkbookSnapshot } from './persist';
export { restoreWorkbook, serializeWorkbook, snapshotWorkbook } from './persist';
export type { SpreadsheetAppLike } from './spreadsheet';
export { createSpreadsheetApp, createWorkbook } from './spreadsheet';

function locate(workbook: EmuWorkbook, sheetName: string, a1: string): { sheet: SheetModel; area: GridArea } {
  const sheet = findSheet(workbook, sheetName);
  if (!sheet) throw new Error(`no sheet named "${sheetName}" in the workbook`);
  const area = parseA1(a1, sheet.maxRows, sheet.maxColumns);
  if (!area) throw new Error(`"${a1}" is not A1 notation`);
  return { sheet, area: checkArea(sheet, area.row, area.column, area.numRows, area.numColumns) };
}

/**
 * A person typing or pasting into the grid. Values go through the same coercion, strict
 * validation and (non-warning) protection checks as a script write, as the current user, but are
 * not counted. A single-cell target grows to the pasted block, like a paste. The selection moves
 * to the edited cells. Throws the Apps Script message when the UI would refuse the edit.
 */
export function userWrite(
  workbook: EmuWorkbook,
  sheetName: string,
  a1: string,
  values: unknown[][],
): { oldValues: unknown[][]; range: GoogleAppsScript.Spreadsheet.Range } {
  const { sheet, area: target } = locate(workbook, sheetName, a1);
  if (values.length === 0 || values.some((line) => !Array.isArray(line) || line.length === 0))
    throw appsScriptError('userWrite needs a non-empty grid of values');
  const width = values[0]?.length ?? 0;
  const single = target.numRows === 1 && target.numColumns === 1;
  const area = single ? checkArea(sheet, target.row, target.column, values.length, width) : target;
  if (values.length !== area.numRows) throw rowsMismatch(values.length, area.numRows);
  for (const line of values) if (line.length !== area.numColumns) throw columnsMismatch(line.length, area.numColumns);
  const oldValues = mapArea(area, (row, column) => readValue(cellAt(sheet, row, column)));
  writeValues(workbook, sheet, area, values, workbook.world.currentUser);
  workbook.activeSheet = sheet;
  sheet.selection = area;
  return { oldValues, range: createRange(workbook, sheet, area) };
}

/** The user clicks a sheet tab and selects cells. */
export function selectRange(workbook: EmuWorkbook, sheetName: string, a1: string): void {
  const { sheet, area } = locate(workbook, sheetName, a1);
  workbook.activeSheet = sheet;
  sheet.hidden = false;
  sheet.selection = area;
}
