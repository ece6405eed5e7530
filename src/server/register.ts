// Reads the Handoffs and Register tabs once, for the handlers that need the whole picture.
import { type HandoffRecord, parseHandoffs } from '../core/handoffs';
import { type OutputRecord, parseOutputs } from '../core/register';
import type { Table } from '../core/table';
import { HANDOFF_HEADERS, HANDOFFS_SHEET, type HandoffHeader, REGISTER_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';
import { type SheetData, readSheet } from './sheets';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Workbook {
  readonly ss: Spreadsheet;
  readonly handoffSheet: SheetData<HandoffHeader>;
  readonly registerSheet: SheetData<RegisterHeader>;
  readonly handoffs: HandoffRecord[];
  readonly outputs: OutputRecord[];
}

export function tab(ss: Spreadsheet, name: string): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.getSheetByName(name);
  if (sheet === null) throw new Error(`The "${name}" tab is missing: run Extensions > Handoff Register > Set up register.`);
  return sheet;
}

export function readHandoffs(ss: Spreadsheet): { data: SheetData<HandoffHeader>; handoffs: HandoffRecord[] } {
  const data = readSheet(tab(ss, HANDOFFS_SHEET), HANDOFF_HEADERS);
  requireColumns(HANDOFFS_SHEET, data.table);
  return { data, handoffs: parseHandoffs(data.table, data.rows, 2) };
}

export function readWorkbook(ss: Spreadsheet): Workbook {
  const { data: handoffSheet, handoffs } = readHandoffs(ss);
  const registerSheet = readSheet(tab(ss, REGISTER_SHEET), REGISTER_HEADERS);
  requireColumns(REGISTER_SHEET, registerSheet.table);
  return { ss, handoffSheet, registerSheet, handoffs, outputs: parseOutputs(registerSheet.table, registerSheet.rows, 2) };
}

function requireColumns(name: string, table: Table<string>): void {
  if (table.missing.length > 0) {
    throw new Error(`The "${name}" tab lacks the column${table.missing.length > 1 ? 's' : ''} ${table.missing.map((m) => `"${m}"`).join(', ')}: run Set up register to restore ${table.missing.length > 1 ? 'them' : 'it'}.`);
  }
}

/** The first row below everything in the tab: where a new record goes. */
export function nextRow(data: SheetData<string>): number {
  return data.rows.length + 2;
}

/** Formats in the spreadsheet's zone; a paste stamps many rows with one instant, so one call serves them. */
export function formatTimeIn(ss: Spreadsheet): (d: Date) => string {
  const zone = ss.getSpreadsheetTimeZone();
  const seen = new Map<number, string>();
  return (d) => {
    let text = seen.get(d.getTime());
    if (text === undefined) seen.set(d.getTime(), (text = Utilities.formatDate(d, zone, 'yyyy-MM-dd HH:mm')));
    return text;
  };
}
