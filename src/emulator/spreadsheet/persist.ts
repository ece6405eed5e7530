// Plain views of a workbook: an uncounted snapshot for tests and the playground, and a JSON-safe
// form that round-trips (Dates as {"$date": iso}).

import { array, boolean, fail, integer, type Json, object, string } from '../jsonShape';
import type { World } from '../world';
import { areaToA1, type GridArea, parseA1 } from './a1';
import {
  type Cell,
  type ChartModel,
  cellAt,
  type EmuWorkbook,
  emptyCell,
  lastColumn,
  lastRow,
  mapArea,
  newSheet,
  type ProtectionModel,
  readDisplay,
  readValue,
  type SheetModel,
  type ValidationRule,
} from './model';
import { type CellValue, checkTimeZone, isDate, timeOf } from './values';

export type ValidationSnapshot =
  | null
  | { readonly kind: 'list'; readonly values: readonly string[]; readonly allowInvalid: boolean; readonly showDropdown: boolean }
  | { readonly kind: 'checkbox'; readonly allowInvalid: boolean };

export interface SheetSnapshot {
  readonly name: string;
  readonly sheetId: number;
  readonly maxRows: number;
  readonly maxColumns: number;
  /** The grids cover the data range (row 1..getLastRow, column 1..getLastColumn); [] for an empty sheet. */
  readonly values: CellValue[][];
  readonly formulas: string[][];
  /** As getDisplayValues shows them, in the spreadsheet's time zone. */
  readonly display: string[][];
  readonly numberFormats: string[][];
  readonly backgrounds: string[][];
  readonly fontWeights: string[][];
  readonly validations: ValidationSnapshot[][];
  readonly frozenRows: number;
  readonly frozenColumns: number;
  /** 1-based column numbers. */
  readonly hiddenColumns: number[];
  readonly protections: { readonly rangeA1: string | null; readonly description: string; readonly warningOnly: boolean; readonly editors: readonly string[] }[];
  readonly charts: {
    readonly id: number;
    readonly type: string;
    /** "A1:B5" on the chart's own sheet, "'Other sheet'!A1:B5" elsewhere. */
    readonly ranges: readonly string[];
    readonly position: { readonly row: number; readonly column: number; readonly offsetX: number; readonly offsetY: number };
    readonly options: Readonly<Record<string, unknown>>;
  }[];
}

export interface WorkbookSnapshot {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly activeSheet: string;
  readonly activeRange: string;
  readonly sheets: SheetSnapshot[];
}

function rangeLabel(owner: SheetModel, sheet: SheetModel, area: GridArea): string {
  const a1 = areaToA1(area);
  return sheet === owner ? a1 : `'${sheet.name.replace(/'/g, "''")}'!${a1}`;
}

function validationSnapshot(rule: ValidationRule | null): ValidationSnapshot {
  if (!rule) return null;
  return rule.kind === 'list'
    ? { kind: 'list', values: [...rule.values], allowInvalid: rule.allowInvalid, showDropdown: rule.showDropdown }
    : { kind: 'checkbox', allowInvalid: rule.allowInvalid };
}

export function snapshotWorkbook(book: EmuWorkbook): WorkbookSnapshot {
  return {
    id: book.id,
    name: book.name,
    timeZone: book.world.timeZone,
    activeSheet: book.activeSheet.name,
    activeRange: areaToA1(book.activeSheet.selection),
    sheets: book.sheets.map((sheet) => snapshotSheet(book, sheet)),
  };
}

function snapshotSheet(book: EmuWorkbook, sheet: SheetModel): SheetSnapshot {
  const rows = lastRow(sheet);
  const columns = lastColumn(sheet);
  const area = { row: 1, column: 1, numRows: rows, numColumns: columns };
  const grid = <T>(read: (cell: Readonly<Cell>) => T): T[][] => (rows === 0 ? [] : mapArea(area, (r, c) => read(cellAt(sheet, r, c))));
  return {
    name: sheet.name,
    sheetId: sheet.sheetId,
    maxRows: sheet.maxRows,
    maxColumns: sheet.maxColumns,
    values: grid(readValue),
    formulas: grid((cell) => cell.formula),
    display: grid((cell) => readDisplay(book, cell)),
    numberFormats: grid((cell) => cell.format),
    backgrounds: grid((cell) => cell.background),
    fontWeights: grid((cell) => cell.fontWeight),
    validations: grid((cell) => validationSnapshot(cell.validation)),
    frozenRows: sheet.frozenRows,
    frozenColumns: sheet.frozenColumns,
    hiddenColumns: sheet.columns.flatMap((meta, index) => (meta?.hidden ? [index + 1] : [])),
    protections: sheet.protections.map((p) => ({
      rangeA1: p.area ? areaToA1(p.area) : null,
      description: p.description,
      warningOnly: p.warningOnly,
      editors: [...p.editors],
    })),
    charts: sheet.charts.map((chart) => ({
      id: chart.chartId,
      type: chart.type,
      ranges: chart.ranges.map((r) => rangeLabel(sheet, r.sheet, r.area)),
      position: { ...chart.position },
      options: { ...chart.options },
    })),
  };
}

// ---- JSON form --------------------------------------------------------------------------------

const FORMAT = 'apps-script-emulator-workbook';
const VERSION = 1;

function encode(value: unknown): unknown {
  if (isDate(value)) return { $date: new Date(timeOf(value)).toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$date === 'string') {
      const date = new Date(record.$date);
      if (Number.isNaN(date.getTime())) throw new Error(`invalid date ${JSON.stringify(record.$date)}`);
      return date;
    }
    return Object.fromEntries(keys.map((k) => [k, decode(record[k])]));
  }
  return value;
}

export function serializeWorkbook(book: EmuWorkbook): unknown {
  const blank = emptyCell();
  return {
    format: FORMAT,
    version: VERSION,
    id: book.id,
    name: book.name,
    timeZone: book.world.timeZone,
    activeSheetIndex: book.sheets.indexOf(book.activeSheet),
    nextSheetId: book.nextSheetId,
    nextChartId: book.nextChartId,
    sheets: book.sheets.map((sheet) => ({
      sheetId: sheet.sheetId,
      name: sheet.name,
      maxRows: sheet.maxRows,
      maxColumns: sheet.maxColumns,
      frozenRows: sheet.frozenRows,
      frozenColumns: sheet.frozenColumns,
      tabColor: sheet.tabColor,
      hidden: sheet.hidden,
      selection: areaToA1(sheet.selection),
      columns: sheet.columns.flatMap((meta, index) => (meta ? [{ column: index + 1, width: meta.width, hidden: meta.hidden }] : [])),
      cells: sheet.rows.flatMap((cells, r) =>
        (cells ?? []).flatMap((cell, c) => {
          if (!cell) return [];
          // Only what differs from a blank cell is stored, which keeps playground saves small.
          const changed = Object.fromEntries(Object.entries(cell).filter(([key, v]) => v !== blank[key as keyof Cell]));
          return Object.keys(changed).length === 0 ? [] : [encode({ row: r + 1, column: c + 1, ...changed })];
        }),
      ),
      protections: sheet.protections.map((p) => ({
        kind: p.kind,
        range: p.area ? areaToA1(p.area) : null,
        description: p.description,
        warningOnly: p.warningOnly,
        editors: [...p.editors],
      })),
      charts: sheet.charts.map((chart) => ({
        chartId: chart.chartId,
        type: chart.type,
        ranges: chart.ranges.map((r) => ({ sheetId: r.sheet.sheetId, range: areaToA1(r.area) })),
        position: chart.position,
        options: encode(chart.options),
      })),
    })),
  };
}

// ---- Restoring, with a clear message for anything malformed ----------------------------------

function area(value: unknown, path: string, sheet: SheetModel): GridArea {
  const parsed = parseA1(string(value, path), sheet.maxRows, sheet.maxColumns);
  if (!parsed) fail(path, 'A1 notation');
  return parsed;
}

function restoreRule(value: unknown, path: string): ValidationRule | null {
  if (value === null || value === undefined) return null;
  const rule = object(value, path);
  const allowInvalid = boolean(rule.allowInvalid, `${path}.allowInvalid`);
  const helpText = rule.helpText === undefined ? '' : string(rule.helpText, `${path}.helpText`);
  if (rule.kind === 'list') {
    const values = array(rule.values, `${path}.values`).map((v, i) => string(v, `${path}.values[${i}]`));
    return Object.freeze({
      kind: 'list',
      values: Object.freeze(values),
      showDropdown: boolean(rule.showDropdown, `${path}.showDropdown`),
      allowInvalid,
      helpText,
    });
  }
  if (rule.kind === 'checkbox') {
    if (rule.customValues === undefined) return Object.freeze({ kind: 'checkbox', allowInvalid, helpText });
    const custom = array(rule.customValues, `${path}.customValues`);
    if (custom.length !== 2) fail(`${path}.customValues`, 'a pair');
    return Object.freeze({ kind: 'checkbox', customValues: [custom[0], custom[1]] as const, allowInvalid, helpText });
  }
  return fail(`${path}.kind`, "'list' or 'checkbox'");
}

function restoreCell(value: unknown, path: string): { row: number; column: number; cell: Cell } {
  const data = object(decode(value), path);
  const cell = emptyCell();
  const text = (key: keyof Cell) => {
    if (data[key] !== undefined) (cell as unknown as Json)[key] = string(data[key], `${path}.${key}`);
  };
  const content = data.value;
  if (content !== undefined) {
    if (!(typeof content === 'string' || typeof content === 'number' || typeof content === 'boolean' || isDate(content)))
      fail(`${path}.value`, 'a string, number, boolean or {"$date"}');
    cell.value = content;
  }
  for (const key of ['formula', 'format', 'background', 'fontColor', 'horizontalAlignment', 'note'] as const) text(key);
  if (data.fontWeight !== undefined) {
    if (data.fontWeight !== 'bold' && data.fontWeight !== 'normal') fail(`${path}.fontWeight`, "'bold' or 'normal'");
    cell.fontWeight = data.fontWeight;
  }
  if (data.wrap !== undefined) cell.wrap = boolean(data.wrap, `${path}.wrap`);
  cell.validation = restoreRule(data.validation, `${path}.validation`);
  return { row: integer(data.row, `${path}.row`, 1), column: integer(data.column, `${path}.column`, 1), cell };
}

/** Rebuilds a workbook saved by serializeWorkbook and sets the world's spreadsheet time zone from it. */
export function restoreWorkbook(world: World, data: unknown): EmuWorkbook {
  try {
    return restoreWorkbookData(world, data);
  } catch (error) {
    throw new Error(`restoreWorkbook: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function restoreWorkbookData(world: World, data: unknown): EmuWorkbook {
  const root = object(data, 'data');
  if (root.format !== FORMAT) fail('data.format', JSON.stringify(FORMAT));
  if (root.version !== VERSION) fail('data.version', String(VERSION));
  const timeZone = string(root.timeZone, 'data.timeZone');
  try {
    checkTimeZone(timeZone);
  } catch {
    fail('data.timeZone', 'a known IANA time zone');
  }
  const sheetData = array(root.sheets, 'data.sheets').map((s, i) => object(s, `data.sheets[${i}]`));
  if (sheetData.length === 0) fail('data.sheets', 'a non-empty array');
  const counters = { nextSheetId: integer(root.nextSheetId, 'data.nextSheetId') };
  const sheets = sheetData.map((s, i) => {
    const path = `data.sheets[${i}]`;
    const sheet = newSheet(counters, string(s.name, `${path}.name`), integer(s.sheetId, `${path}.sheetId`));
    sheet.maxRows = integer(s.maxRows, `${path}.maxRows`, 1);
    sheet.maxColumns = integer(s.maxColumns, `${path}.maxColumns`, 1);
    sheet.frozenRows = integer(s.frozenRows, `${path}.frozenRows`);
    sheet.frozenColumns = integer(s.frozenColumns, `${path}.frozenColumns`);
    sheet.tabColor = s.tabColor === null ? null : string(s.tabColor, `${path}.tabColor`);
    sheet.hidden = boolean(s.hidden, `${path}.hidden`);
    sheet.selection = area(s.selection, `${path}.selection`, sheet);
    array(s.columns, `${path}.columns`).forEach((c, j) => {
      const column = object(c, `${path}.columns[${j}]`);
      const index = integer(column.column, `${path}.columns[${j}].column`, 1);
      sheet.columns[index - 1] = {
        width: integer(column.width, `${path}.columns[${j}].width`),
        hidden: boolean(column.hidden, `${path}.columns[${j}].hidden`),
      };
    });
    array(s.cells, `${path}.cells`).forEach((c, j) => {
      const { row, column, cell } = restoreCell(c, `${path}.cells[${j}]`);
      if (row > sheet.maxRows || column > sheet.maxColumns) fail(`${path}.cells[${j}]`, 'inside the sheet');
      const cells = sheet.rows[row - 1] ?? [];
      cells[column - 1] = cell;
      sheet.rows[row - 1] = cells;
    });
    sheet.protections = array(s.protections, `${path}.protections`).map((p, j): ProtectionModel => {
      const protection = object(p, `${path}.protections[${j}]`);
      const ppath = `${path}.protections[${j}]`;
      if (protection.kind !== 'range' && protection.kind !== 'sheet') fail(`${ppath}.kind`, "'range' or 'sheet'");
      return {
        kind: protection.kind,
        area: protection.kind === 'sheet' ? null : area(protection.range, `${ppath}.range`, sheet),
        description: string(protection.description, `${ppath}.description`),
        warningOnly: boolean(protection.warningOnly, `${ppath}.warningOnly`),
        editors: array(protection.editors, `${ppath}.editors`).map((e, k) => string(e, `${ppath}.editors[${k}]`)),
        removed: false,
      };
    });
    return sheet;
  });
  const ids = new Set(sheets.map((s) => s.sheetId));
  if (ids.size !== sheets.length) fail('data.sheets', 'sheets with distinct sheetIds');
  sheetData.forEach((s, i) => {
    const path = `data.sheets[${i}]`;
    const owner = sheets[i] as SheetModel;
    owner.charts = array(s.charts, `${path}.charts`).map((c, j): ChartModel => {
      const cpath = `${path}.charts[${j}]`;
      const chart = object(c, cpath);
      const position = object(chart.position, `${cpath}.position`);
      return {
        chartId: integer(chart.chartId, `${cpath}.chartId`, 1),
        type: string(chart.type, `${cpath}.type`),
        ranges: array(chart.ranges, `${cpath}.ranges`).map((r, k) => {
          const ref = object(r, `${cpath}.ranges[${k}]`);
          const target = sheets.find((sheet) => sheet.sheetId === ref.sheetId);
          if (!target) fail(`${cpath}.ranges[${k}].sheetId`, 'the id of a sheet in the workbook');
          return { sheet: target, area: area(ref.range, `${cpath}.ranges[${k}].range`, target) };
        }),
        position: {
          row: integer(position.row, `${cpath}.position.row`, 1),
          column: integer(position.column, `${cpath}.position.column`, 1),
          offsetX: integer(position.offsetX, `${cpath}.position.offsetX`),
          offsetY: integer(position.offsetY, `${cpath}.position.offsetY`),
        },
        options: object(decode(chart.options), `${cpath}.options`),
      };
    });
  });
  const activeIndex = integer(root.activeSheetIndex, 'data.activeSheetIndex');
  const activeSheet = sheets[activeIndex] ?? fail('data.activeSheetIndex', 'the index of a sheet');
  world.timeZone = timeZone;
  return {
    world,
    id: string(root.id, 'data.id'),
    name: string(root.name, 'data.name'),
    sheets,
    activeSheet,
    nextSheetId: counters.nextSheetId,
    nextChartId: integer(root.nextChartId, 'data.nextChartId', 1),
  };
}
