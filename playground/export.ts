// The workbook as an .xlsx file that opens in Excel or Google Sheets looking like the playground:
// values with their types, number formats, bold, each cell's background (the row tints), frozen
// rows and columns, the grid's column widths, dates as dates, and the dropdowns and checkboxes.
// Read from the emulator's model, not a snapshot, because dropdowns reach far below the last row
// with data; the widths come from the snapshot's displayed text, as the grid's do. Charts are
// left out: exceljs cannot write them.
import ExcelJS from 'exceljs';
import { type EmuWorkbook, snapshotWorkbook } from '../src/emulator/spreadsheet/index';
import { offsetMinutes } from './session';
import { cellA1 } from './web/a1';
import { sheetColumnWidthsPx } from './web/widths';

type Rule = NonNullable<NonNullable<NonNullable<EmuWorkbook['sheets'][number]['rows'][number]>[number]>['validation']>;

/** An .xlsx column width is in characters of the default font, about 7 pixels each. */
const PIXELS_PER_CHARACTER = 7;
/** The format a date without a time gets (the add-on writes History weeks as yyyy-mm-dd text). */
export const DAY_FORMAT = 'yyyy-mm-dd';

export async function renderXlsx(book: EmuWorkbook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Handoff Register playground';
  const timeZone = book.world.timeZone;
  const snapshots = snapshotWorkbook(book).sheets;
  book.sheets.forEach((sheet, sheetIndex) => {
    const frozen = sheet.frozenRows > 0 || sheet.frozenColumns > 0;
    const ws = workbook.addWorksheet(sheet.name, {
      state: sheet.hidden ? 'hidden' : 'visible',
      views: frozen
        ? [{ state: 'frozen', xSplit: sheet.frozenColumns, ySplit: sheet.frozenRows, topLeftCell: cellA1(sheet.frozenRows + 1, sheet.frozenColumns + 1) }]
        : [],
    });
    // The grid's widths, from what the cells show; a hidden column stays hidden.
    const snapshot = snapshots[sheetIndex];
    const columns = Math.max(0, ...(snapshot?.display.map((row) => row.length) ?? []));
    const widths = snapshot ? sheetColumnWidthsPx(snapshot.display, snapshot.validations, columns, sheet.frozenRows > 0) : [];
    widths.forEach((px, index) => {
      ws.getColumn(index + 1).width = Math.round((px / PIXELS_PER_CHARACTER) * 100) / 100;
    });
    sheet.columns.forEach((meta, index) => {
      if (meta?.hidden) ws.getColumn(index + 1).hidden = true;
    });
    // Per column, runs of rows with the same rule become one range, as Sheets stores them.
    const rules = new Map<number, { from: number; to: number; rule: Rule }[]>();
    sheet.rows.forEach((cells, r) => {
      cells?.forEach((cell, c) => {
        if (!cell) return;
        const row = r + 1;
        const column = c + 1;
        const day = cell.formula === '' ? isoDay(cell.value) : null;
        if (day !== null) {
          // A day written as text (the Friday Summary's History weeks) is a date in the file,
          // so Excel and Sheets sort, filter and chart it as one.
          const target = ws.getCell(row, column);
          target.value = day;
          target.numFmt = DAY_FORMAT;
        } else {
          if (cell.value !== '' || cell.formula !== '') {
            const target = ws.getCell(row, column);
            target.value =
              cell.formula !== '' ? { formula: cell.formula.replace(/^=/, ''), result: excelValue(cell.value, timeZone) } : excelValue(cell.value, timeZone);
          }
          if (cell.format !== 'General' && cell.format !== '') ws.getCell(row, column).numFmt = cell.format;
        }
        if (cell.fontWeight === 'bold') ws.getCell(row, column).font = { bold: true };
        if (cell.background !== '#ffffff' && /^#[0-9a-f]{6}$/i.test(cell.background)) {
          ws.getCell(row, column).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${cell.background.slice(1).toUpperCase()}` } };
        }
        if (cell.validation) {
          const runs = rules.get(column) ?? [];
          const last = runs[runs.length - 1];
          // Compared by content: a restored workbook gives every cell its own copy of a rule.
          if (last && last.to === row - 1 && JSON.stringify(last.rule) === JSON.stringify(cell.validation)) last.to = row;
          else runs.push({ from: row, to: row, rule: cell.validation });
          rules.set(column, runs);
        }
      });
    });
    // exceljs takes a range here (its typings only declare the per-cell form, one entry per cell).
    const validations = (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
    for (const [column, runs] of rules) {
      const letter = ws.getColumn(column).letter;
      for (const run of runs) validations.add(`${letter}${run.from}:${letter}${run.to}`, excelValidation(run.rule));
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Text that is exactly a calendar day (yyyy-mm-dd) as that day, midnight UTC (Excel has no zone). */
export function isoDay(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

/** Dates are instants; Excel has no time zone, so it gets the wall-clock time the sheet shows. */
function excelValue(value: string | number | boolean | Date, timeZone: string): string | number | boolean | Date {
  if (value instanceof Date) return new Date(value.getTime() + offsetMinutes(timeZone, value) * 60_000);
  return value;
}

function excelValidation(rule: Rule): ExcelJS.DataValidation {
  const strict = { showErrorMessage: !rule.allowInvalid, errorStyle: 'stop' as const, allowBlank: true };
  if (rule.kind === 'list') {
    // A list formula is a quoted, comma-separated string; a quote inside a value is doubled.
    return { type: 'list', formulae: [`"${rule.values.map((v) => v.replace(/"/g, '""')).join(',')}"`], ...strict };
  }
  // xlsx has no checkbox; a TRUE/FALSE list keeps the column to booleans.
  const [checked, unchecked] = rule.customValues ?? [true, false];
  return { type: 'list', formulae: [`"${String(checked).toUpperCase()},${String(unchecked).toUpperCase()}"`], ...strict };
}

/** The download's name: the spreadsheet's, without characters file systems refuse. */
export function xlsxFileName(book: EmuWorkbook): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name must not hold
  const base = book.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'Spreadsheet';
  return `${base}.xlsx`;
}
