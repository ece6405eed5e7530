// The Handoffs and Register tabs as core/ sees them, read through the execution's session.
import { type HandoffRecord, parseHandoffs } from '../core/handoffs';
import { type OutputRecord, parseOutput, parseOutputs } from '../core/register';
import type { Table } from '../core/table';
import { HANDOFF_HEADERS, HANDOFFS_SHEET, REGISTER_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';
import type { Context } from './context';
import type { Session, TabData } from './session';

/** The highest IDs ever issued: deleting the newest row never hands its ID to another output. */
export const OUTPUT_COUNTER = 'outputCounter';
export const HANDOFF_COUNTER = 'handoffCounter';

export function requireColumns(name: string, table: Table<string>): void {
  const { missing } = table;
  if (missing.length === 0) return;
  throw new Error(
    `The "${name}" tab lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}: run Set up register to restore ${missing.length > 1 ? 'them' : 'it'}.`,
  );
}

export function readHandoffs(session: Session): HandoffRecord[] {
  const data = session.readAll(HANDOFFS_SHEET, HANDOFF_HEADERS);
  requireColumns(HANDOFFS_SHEET, data.table);
  return parseHandoffs(data.table, data.rows, 2);
}

export function readRegister(session: Session): { data: TabData<RegisterHeader>; outputs: OutputRecord[] } {
  const data = session.readAll(REGISTER_SHEET, REGISTER_HEADERS);
  requireColumns(REGISTER_SHEET, data.table);
  return { data, outputs: parseOutputs(data.table, data.rows, 2) };
}

export function registerHeader(session: Session): { table: Table<RegisterHeader>; lastRow: number } {
  const found = session.readHeader(REGISTER_SHEET, REGISTER_HEADERS);
  requireColumns(REGISTER_SHEET, found.table);
  return found;
}

/** The row of an output, found in the Output ID column (one read), and that row parsed. */
export function findOutput(session: Session, outputId: string): OutputRecord | undefined {
  const { table } = registerHeader(session);
  const index = session.readColumn(REGISTER_SHEET, REGISTER_HEADERS, 'Output ID').findIndex((id) => typeof id === 'string' && id.trim() === outputId);
  if (index < 0) return undefined;
  const row = index + 2;
  const cells = session.readRows(REGISTER_SHEET, REGISTER_HEADERS, row, row)[0] ?? [];
  return parseOutput(table, cells, row);
}

/** Formats in the spreadsheet's zone; a paste stamps many rows with one instant, so one call serves them. */
export function timeFormatter(ctx: Pick<Context, 'formatDate'>): (d: Date) => string {
  const seen = new Map<number, string>();
  return (d) => {
    let text = seen.get(d.getTime());
    if (text === undefined) seen.set(d.getTime(), (text = ctx.formatDate(d, 'yyyy-MM-dd HH:mm')));
    return text;
  };
}
