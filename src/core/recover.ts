// The Audit log is where the true value of an add-on cell is recovered from: every value the
// add-on writes to its own columns is audited, so the latest audit row of a field says what the
// cell should hold. A Status is not recovered: it is decided again from the row.
import type { RegisterHeader } from './vocabulary';
import { instantOf, type Zone } from './zone';

type Cell = string | number | boolean | Date;

const DATE_FIELDS = new Set<string>(['Logged at', 'Decided at', 'Shipped at', 'Last reminder']);
const RECOVERED = new Set<string>([...DATE_FIELDS, 'Decided by']);
/** What the add-on appends to an audited value, which is not part of the cell. */
const SUFFIX = /\s\((?:restored[^)]*|escalation copied to [^)]*|on behalf of [^)]*)\)$/;

/** "2026-11-16 09:30" in the spreadsheet's zone, as an instant; null for anything else. */
export function parseLocalTime(text: string, zone: Zone): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  return m ? instantOf(zone, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) : null;
}

/**
 * The latest audited value of each recoverable add-on cell of the given outputs. Audit rows are
 * [When, Who, Output ID, Field, Old value, New value, Source] in the order they were written.
 */
export function recoverOwned(
  auditRows: readonly (readonly unknown[])[],
  outputIds: ReadonlySet<string>,
  zone: Zone,
): Map<string, Partial<Record<RegisterHeader, Cell>>> {
  const found = new Map<string, Partial<Record<RegisterHeader, Cell>>>();
  for (const id of outputIds) found.set(id, {});
  for (const row of auditRows) {
    const id = String(row[2] ?? '').trim();
    const values = found.get(id);
    if (values === undefined) continue;
    const field = String(row[3] ?? '');
    const text = String(row[5] ?? '').replace(SUFFIX, '');
    if (field === 'Logged' && row[0] instanceof Date) values['Logged at'] = row[0];
    if (!RECOVERED.has(field)) continue;
    const header = field as RegisterHeader;
    values[header] = DATE_FIELDS.has(field) ? (text === '' ? '' : (parseLocalTime(text, zone) ?? text)) : text;
  }
  return found;
}
