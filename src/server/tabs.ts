// The tabs the add-on owns, what each column holds (dropdowns, checkboxes, formats), and the
// repair of each: missing tabs, headers, rules and protections come back.
import type { AuditEntry } from '../core/register';
import { locateColumns, type Table } from '../core/table';
import {
  AUDIT_HEADERS,
  AUDIT_SHEET,
  DECISIONS,
  HANDOFF_HEADERS,
  HANDOFF_STATUSES,
  HANDOFFS_SHEET,
  MISSED,
  REGISTER_HEADERS,
  REGISTER_OWNED_HEADERS,
  REGISTER_SHEET,
  REWORK_CAUSES,
  RISKS,
} from '../core/vocabulary';
import type { SheetsApp } from './context';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const AUDIT_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const TEXT_FORMAT = '@';
const PROTECTION_PREFIX = 'Handoff Register:';

export interface TabSpec {
  readonly name: string;
  readonly headers: readonly string[];
  readonly dates: readonly string[];
  readonly numbers: readonly string[];
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly checkboxes: readonly string[];
  readonly dateFormat: string;
  /** Columns kept in view while people scroll right (a new tab only: people may change it). */
  readonly frozenColumns?: number;
  /** Columns only the add-on reads (hidden when the tab is made). */
  readonly hidden?: readonly string[];
}

export const TABS: readonly TabSpec[] = [
  {
    name: HANDOFFS_SHEET,
    headers: HANDOFF_HEADERS,
    dates: ['Created', 'Updated', 'Pilot started'],
    numbers: ['Review cap (min)', 'Stall after (h)', 'Baseline (min per output)', 'Target (min per output)'],
    lists: { Risk: RISKS, Status: HANDOFF_STATUSES },
    checkboxes: [],
    dateFormat: DATE_TIME_FORMAT,
  },
  {
    name: REGISTER_SHEET,
    headers: REGISTER_HEADERS,
    dates: ['Logged at', 'Decided at', 'Shipped at', 'Last reminder'],
    numbers: ['Version', 'Review minutes', 'Prep minutes'],
    lists: { Decision: DECISIONS, Missed: MISSED, 'Rework cause': REWORK_CAUSES },
    checkboxes: ['Shipped'],
    dateFormat: DATE_TIME_FORMAT,
    frozenColumns: 2,
    hidden: ['Seal'],
  },
  {
    name: AUDIT_SHEET,
    headers: AUDIT_HEADERS,
    dates: ['When'],
    numbers: [],
    lists: {},
    checkboxes: [],
    dateFormat: AUDIT_TIME_FORMAT,
  },
];

export interface SetUpReport {
  readonly created: string[];
  readonly headersAdded: string[];
  /** Headers put back in their own column after someone renamed or cleared them. */
  readonly headersRestored: string[];
  /** Add-on headers on more than one column, one message each: neither column is touched. */
  readonly duplicates: string[];
  readonly audit: Omit<AuditEntry, 'when' | 'who'>[];
  /** Each tab's header row as Set up leaves it, for the next Set up to recognise a renamed header. */
  readonly layout: HeaderLayout;
}

/** Each tab's header row (trimmed texts) as the last Set up left it. */
export type HeaderLayout = Readonly<Record<string, readonly string[]>>;

/** The document property that keeps the HeaderLayout. */
export const LAYOUT_KEY = 'headerLayout';
/** A layout is a hint, never worth a property past its 9 KB: wider rows keep their first columns. */
const LAYOUT_MAX_COLUMNS = 120;
const LAYOUT_MAX_HEADER_CHARS = 40;

export function parseLayout(json: string | null): HeaderLayout {
  if (json === null) return {};
  try {
    const data: unknown = JSON.parse(json);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    const layout: Record<string, string[]> = {};
    for (const [tab, row] of Object.entries(data)) if (Array.isArray(row)) layout[tab] = row.map(String);
    return layout;
  } catch {
    return {};
  }
}

/** Column letters as Sheets shows them: 1 is A, 27 is AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const headerText = (cell: unknown) => (typeof cell === 'string' ? cell.trim() : '');

/** The add-on's headers that head more than one column, with every such column. */
export function duplicateHeaders(headerRow: readonly unknown[], headers: readonly string[]): Map<string, number[]> {
  const wanted = new Set(headers);
  const seen = new Map<string, number[]>();
  headerRow.forEach((cell, index) => {
    const text = headerText(cell);
    if (!wanted.has(text)) return;
    const columns = seen.get(text) ?? [];
    columns.push(index + 1);
    seen.set(text, columns);
  });
  return new Map([...seen].filter(([, columns]) => columns.length > 1));
}

/**
 * Two columns under one of the add-on's headers: the add-on cannot tell which is its own, so it
 * writes to neither (it would overwrite someone's data) until one is renamed.
 */
export function duplicateMessage(tab: string, header: string, columns: readonly number[]): string {
  const letters = columns.map(columnLetter);
  const list = letters.length === 2 ? `${letters[0]} and ${letters[1]}` : `${letters.slice(0, -1).join(', ')} and ${letters[letters.length - 1]}`;
  return `The "${tab}" tab has ${letters.length === 2 ? 'two' : letters.length} "${header}" columns (${list}): the add-on writes to neither. Rename the one you added (or delete it), then try again.`;
}

export function setUpTabs(ss: Spreadsheet, app: SheetsApp, lastLayout: HeaderLayout = {}): SetUpReport {
  const report: SetUpReport = { created: [], headersAdded: [], headersRestored: [], duplicates: [], audit: [], layout: {} };
  const layout: Record<string, readonly string[]> = {};
  for (const tab of TABS) {
    let sheet = ss.getSheetByName(tab.name);
    if (sheet === null) {
      sheet = ss.insertSheet(tab.name);
      report.created.push(tab.name);
      report.audit.push({ outputId: '', field: 'Tab', oldValue: '', newValue: tab.name, source: 'set up' });
    }
    const isNew = report.created.includes(tab.name);
    const added = report.headersAdded.length;
    const { table, headerRow } = repairHeaders(sheet, tab, report, isNew, lastLayout[tab.name]);
    layout[tab.name] = headerRow.slice(0, LAYOUT_MAX_COLUMNS).map((cell) => headerText(cell).slice(0, LAYOUT_MAX_HEADER_CHARS));
    const doubled = duplicateHeaders(headerRow, tab.headers);
    for (const [header, columns] of doubled) report.duplicates.push(duplicateMessage(tab.name, header, columns));
    // Rules, formats and protections go only where the column is surely the add-on's.
    const own: Table<string> = { ...table, columns: new Map([...table.columns].filter(([header]) => !doubled.has(header))) };
    if (isNew && tab.frozenColumns) sheet.setFrozenColumns(tab.frozenColumns);
    for (const header of isNew || report.headersAdded.length > added ? (tab.hidden ?? []) : []) {
      const column = own.columns.get(header);
      if (column !== undefined) sheet.hideColumns(column);
    }
    applyColumnRules(app, sheet, tab, own, 2, sheet.getMaxRows() - 1);
    repairProtections(app, sheet, tab, own);
  }
  return { ...report, layout };
}

/**
 * Where a header the sheet lacks still has its column: the column it headed at the last Set up,
 * found from its nearest add-on neighbours (so columns moved or inserted elsewhere do not
 * matter), when the cell there now holds a text that was no header at the last Set up (a
 * rename, or a cleared cell). Otherwise null: the header goes after the last column.
 */
function renamedColumn(headerRow: readonly unknown[], tab: TabSpec, header: string, last: readonly string[] | undefined): number | null {
  if (last === undefined) return null;
  const was = last.indexOf(header);
  if (was < 0) return null;
  const now = headerRow.map(headerText);
  const ours = new Set(tab.headers);
  const placeOf = (text: string) => (now.filter((t) => t === text).length === 1 ? now.indexOf(text) : -1);
  const neighbour = (step: number) => {
    for (let i = was + step; i >= 0 && i < last.length; i += step) {
      const text = last[i] as string;
      if (ours.has(text) && last.indexOf(text) === i && placeOf(text) >= 0) return { was: i, now: placeOf(text) };
    }
    return null;
  };
  const left = neighbour(-1);
  const right = neighbour(1);
  if (left === null && right === null) return null;
  if (left !== null && right !== null && right.now - left.now !== right.was - left.was) return null;
  const index = left !== null ? left.now + (was - left.was) : (right as { now: number; was: number }).now - ((right as { was: number }).was - was);
  if (index < 0) return null;
  const text = now[index] ?? '';
  if (ours.has(text) || (text !== '' && last.includes(text))) return null;
  return index + 1;
}

function repairHeaders(
  sheet: Sheet,
  tab: TabSpec,
  report: SetUpReport,
  isNew: boolean,
  last: readonly string[] | undefined,
): { table: Table<string>; headerRow: unknown[] } {
  const width = Math.max(sheet.getLastColumn(), 1);
  const headerRow = sheet.getRange(1, 1, 1, width).getValues()[0] ?? [];
  const found = locateColumns(headerRow, tab.headers);
  const restored = new Map<number, string>();
  for (const header of found.missing) {
    const column = renamedColumn(headerRow, tab, header, last);
    if (column !== null && !restored.has(column)) restored.set(column, header);
  }
  for (const [column, header] of restored) {
    const was = headerText(headerRow[column - 1]);
    sheet.getRange(1, column).setValue(header);
    headerRow[column - 1] = header;
    report.headersRestored.push(`${tab.name}: ${header} (column ${columnLetter(column)}${was === '' ? ', left blank' : `, renamed "${was}"`})`);
    report.audit.push({
      outputId: '',
      field: 'Header',
      oldValue: `${tab.name} column ${columnLetter(column)}: ${was}`,
      newValue: `${tab.name}: ${header}`,
      source: 'set up',
    });
  }
  const missing = found.missing.filter((h) => ![...restored.values()].includes(h));
  if (missing.length > 0) {
    // Headers with no column of their own go after the last used column, so nothing the user placed moves.
    const start = found.width + 1;
    const end = start + missing.length - 1;
    if (end > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), end - sheet.getMaxColumns());
    sheet.getRange(1, start, 1, missing.length).setValues([[...missing]]);
    missing.forEach((header, i) => (headerRow[start - 1 + i] = header));
    for (const header of isNew ? [] : missing) {
      report.headersAdded.push(`${tab.name}: ${header}`);
      report.audit.push({ outputId: '', field: 'Header', oldValue: '', newValue: `${tab.name}: ${header}`, source: 'set up' });
    }
  }
  const lastColumn = Math.max(found.width, found.width + missing.length);
  sheet.getRange(1, 1, 1, lastColumn).setFontWeight('bold');
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  return { table: locateColumns(headerRow, tab.headers), headerRow };
}

/** The number format a column of the tab holds, or null where the cell's own format stays. */
export function formatOf(spec: TabSpec, header: string): string | null {
  if (spec.lists[header] || spec.checkboxes.includes(header)) return null;
  if (spec.dates.includes(header)) return spec.dateFormat;
  return spec.numbers.includes(header) ? null : TEXT_FORMAT;
}

/**
 * Dropdowns, checkboxes and formats for `count` rows from `fromRow`; also used when rows are
 * added. Formats of side-by-side columns go in one setNumberFormats; people's own columns are
 * never touched. Plain text keeps "0012", "3/4" or "TRUE" as typed.
 */
export function applyColumnRules(app: SheetsApp, sheet: Sheet, spec: TabSpec, table: Table<string>, fromRow: number, count: number): void {
  if (count < 1) return;
  const formats = new Map<number, string>();
  for (const [header, column] of table.columns) {
    const list = spec.lists[header];
    const range = () => sheet.getRange(fromRow, column, count, 1);
    if (list)
      range().setDataValidation(
        app
          .newDataValidation()
          .requireValueInList([...list], true)
          .setAllowInvalid(false)
          .build(),
      );
    else if (spec.checkboxes.includes(header)) range().setDataValidation(app.newDataValidation().requireCheckbox().setAllowInvalid(false).build());
    const format = formatOf(spec, header);
    if (format !== null) formats.set(column, format);
  }
  const columns = [...formats.keys()].sort((a, b) => a - b);
  for (let i = 0; i < columns.length; ) {
    let j = i;
    while (j + 1 < columns.length && (columns[j + 1] as number) === (columns[j] as number) + 1) j++;
    const first = columns[i] as number;
    const row = columns.slice(i, j + 1).map((c) => formats.get(c) as string);
    sheet.getRange(fromRow, first, count, row.length).setNumberFormats(Array.from({ length: count }, () => row));
    i = j + 1;
  }
}

function repairProtections(app: SheetsApp, sheet: Sheet, tab: TabSpec, table: Table<string>): void {
  // Warning-only: the add-on writes as whoever is editing, so a hard protection would make
  // other editors' decisions and audit rows fail.
  if (tab.name === AUDIT_SHEET) {
    const existing = sheet.getProtections(app.ProtectionType.SHEET);
    if (existing.length === 0) {
      sheet.protect().setWarningOnly(true).setDescription(`${PROTECTION_PREFIX} the audit trail is written only by the add-on`);
    }
    return;
  }
  if (tab.name !== REGISTER_SHEET) return;
  const descriptions = new Set(sheet.getProtections(app.ProtectionType.RANGE).map((p) => p.getDescription()));
  for (const header of REGISTER_OWNED_HEADERS) {
    const column = table.columns.get(header);
    const description = `${PROTECTION_PREFIX} ${header} is written by the add-on`;
    if (column === undefined || descriptions.has(description)) continue;
    sheet.getRange(1, column, sheet.getMaxRows(), 1).protect().setWarningOnly(true).setDescription(description);
  }
}
