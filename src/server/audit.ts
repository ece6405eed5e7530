// Appends to the Audit log in one write per call and extends its hash chain. Callers hold the
// document lock, so two writers never take the same rows.
import { type ChainVerdict, auditRow, extendChain, parseChainHead, verifyChain } from '../core/audit';
import type { AuditEntry } from '../core/register';
import { locateColumns } from '../core/table';
import { AUDIT_HEADERS, AUDIT_SHEET } from '../core/vocabulary';
import { ensureRows, readHeader, toCell } from './sheets';

const CHAIN_KEY = 'auditChain';

export function appendAudit(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, entries: readonly AuditEntry[]): void {
  if (entries.length === 0) return;
  const sheet = ss.getSheetByName(AUDIT_SHEET);
  if (sheet === null) throw new Error('The "Audit log" tab is missing: run Set up register to restore it.');
  const table = readHeader(sheet, AUDIT_HEADERS);
  const width = Math.max(table.width, AUDIT_HEADERS.length);
  const rows = entries.map((entry) => {
    const canonical = auditRow(entry);
    const cells: (string | Date)[] = Array.from({ length: width }, () => '');
    AUDIT_HEADERS.forEach((header, i) => {
      const column = table.columns.get(header);
      if (column !== undefined) cells[column - 1] = canonical[i] as string | Date;
    });
    return { canonical, cells };
  });
  const first = sheet.getLastRow() + 1;
  ensureRows(sheet, first + rows.length - 1);
  sheet.getRange(first, 1, rows.length, width).setValues(rows.map((r) => r.cells.map(toCell)));
  const props = PropertiesService.getDocumentProperties();
  const head = extendChain(
    parseChainHead(props.getProperty(CHAIN_KEY)),
    rows.map((r) => r.canonical),
  );
  props.setProperty(CHAIN_KEY, JSON.stringify(head));
}

export function verifyAudit(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): ChainVerdict {
  const sheet = ss.getSheetByName(AUDIT_SHEET);
  if (sheet === null) return { intact: false, message: 'The "Audit log" tab is missing.' };
  const values = sheet.getDataRange().getValues();
  const table = locateColumns(values[0] ?? [], AUDIT_HEADERS);
  const rows = values.slice(1).map((row) => AUDIT_HEADERS.map((h) => {
    const column = table.columns.get(h);
    return column === undefined ? '' : row[column - 1];
  }));
  return verifyChain(parseChainHead(PropertiesService.getDocumentProperties().getProperty(CHAIN_KEY)), rows);
}

/** Audit time: whole seconds, because a sheet's date-time cell does not keep milliseconds. */
export function auditNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}
