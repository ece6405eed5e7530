// The tabs the add-on owns, what each column holds (dropdowns, checkboxes, formats), and the
// repair of each: missing tabs, headers, rules and protections come back.
import type { AuditEntry } from '../core/register';
import type { SheetsApp } from './context';
import { type Table, locateColumns } from '../core/table';
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
  readonly audit: Omit<AuditEntry, 'when' | 'who'>[];
}

export function setUpTabs(ss: Spreadsheet, app: SheetsApp): SetUpReport {
  const report: SetUpReport = { created: [], headersAdded: [], audit: [] };
  for (const tab of TABS) {
    let sheet = ss.getSheetByName(tab.name);
    if (sheet === null) {
      sheet = ss.insertSheet(tab.name);
      report.created.push(tab.name);
      report.audit.push({ outputId: '', field: 'Tab', oldValue: '', newValue: tab.name, source: 'set up' });
    }
    const isNew = report.created.includes(tab.name);
    const table = repairHeaders(sheet, tab, report, isNew);
    if (isNew && tab.frozenColumns) sheet.setFrozenColumns(tab.frozenColumns);
    for (const header of isNew || report.headersAdded.length > 0 ? (tab.hidden ?? []) : []) {
      const column = table.columns.get(header);
      if (column !== undefined) sheet.hideColumns(column);
    }
    applyColumnRules(app, sheet, tab, table, 2, sheet.getMaxRows() - 1);
    repairProtections(app, sheet, tab, table);
  }
  return report;
}

function repairHeaders(sheet: Sheet, tab: TabSpec, report: SetUpReport, isNew: boolean): Table<string> {
  const width = Math.max(sheet.getLastColumn(), 1);
  const headerRow = sheet.getRange(1, 1, 1, width).getValues()[0] ?? [];
  const found = locateColumns(headerRow, tab.headers);
  if (found.missing.length > 0) {
    // Missing headers go after the last used column, so nothing the user placed moves.
    const start = found.width + 1;
    const end = start + found.missing.length - 1;
    if (end > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), end - sheet.getMaxColumns());
    sheet.getRange(1, start, 1, found.missing.length).setValues([[...found.missing]]);
    for (const header of isNew ? [] : found.missing) {
      report.headersAdded.push(`${tab.name}: ${header}`);
      report.audit.push({ outputId: '', field: 'Header', oldValue: '', newValue: `${tab.name}: ${header}`, source: 'set up' });
    }
  }
  const lastColumn = Math.max(found.width, found.width + found.missing.length);
  sheet.getRange(1, 1, 1, lastColumn).setFontWeight('bold');
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  const headerCells = found.missing.length > 0 ? sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? [] : headerRow;
  return locateColumns(headerCells, tab.headers);
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
    if (list) range().setDataValidation(app.newDataValidation().requireValueInList([...list], true).setAllowInvalid(false).build());
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
  const descriptions = new Set(
    sheet.getProtections(app.ProtectionType.RANGE).map((p) => p.getDescription()),
  );
  for (const header of REGISTER_OWNED_HEADERS) {
    const column = table.columns.get(header);
    const description = `${PROTECTION_PREFIX} ${header} is written by the add-on`;
    if (column === undefined || descriptions.has(description)) continue;
    sheet.getRange(1, column, sheet.getMaxRows(), 1).protect().setWarningOnly(true).setDescription(description);
  }
}
