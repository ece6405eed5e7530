// The one reconcile path: onEdit runs it over the edited rows, the hourly check over every row.
// core/register.ts decides; this gathers what it needs from the session and returns the plan.

import type { HandoffRecord } from '../core/handoffs';
import { issueIds } from '../core/ids';
import { recoverOwned } from '../core/recover';
import { type AuditEntry, countIdsNeeded, type EditFacts, firstRows, reconcileRows, revisedIds, sealHolds, tintOfStatus } from '../core/register';
import { type CellWrite, type Table, textIn } from '../core/table';
import { AUDIT_HEADERS, AUDIT_SHEET, REGISTER_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';
import type { Context } from './context';
import { OUTPUT_COUNTER, timeFormatter } from './register';
import type { Session } from './session';
import { loadSettings } from './settings';
import type { WantedTint } from './tints';
import { spreadsheetZone } from './zone';

export const SEAL_KEY = 'sealKey';

export interface ReconcileScope {
  readonly table: Table<RegisterHeader>;
  readonly rows: readonly (readonly unknown[])[];
  readonly firstRow: number;
  /** Every row of the register is in scope (the hourly check), so its columns need no extra read. */
  readonly everyRow: boolean;
}

export interface ReconcilePlan {
  readonly cells: CellWrite[];
  readonly audit: AuditEntry[];
  readonly tints: WantedTint[];
  readonly props: Record<string, string>;
  readonly rowsChanged: number;
  readonly notices: string[];
}

/**
 * The secret the row seals are keyed with. Set up makes it; a register set up before seals
 * existed gets one on first use, written at once so every part of the execution uses the same.
 */
export function sealKey(ctx: Context): { key: string; props: Record<string, string> } {
  const stored = ctx.props.get(SEAL_KEY);
  if (stored !== null) return { key: stored, props: {} };
  const key = ctx.newId();
  ctx.props.set({ [SEAL_KEY]: key });
  return { key, props: {} };
}

/** The true values of the add-on's cells for these outputs, from one read of the Audit log. */
export function recoverFromAudit(session: Session, ids: ReadonlySet<string>) {
  const log = session.readAll(AUDIT_SHEET, AUDIT_HEADERS);
  const columns = AUDIT_HEADERS.map((h) => (log.table.columns.get(h) ?? 0) - 1);
  const rows = log.rows.map((row) => columns.map((c) => (c < 0 ? '' : row[c])));
  return recoverOwned(rows, ids, spreadsheetZone(session.ctx));
}

export function planReconcile(
  session: Session,
  ctx: Context,
  handoffs: readonly HandoffRecord[],
  scope: ReconcileScope,
  options: { readonly editor: string; readonly edit?: EditFacts },
): ReconcilePlan {
  const { table, rows, firstRow } = scope;
  const column = (header: RegisterHeader): readonly unknown[] => {
    if (scope.everyRow) {
      const index = (table.columns.get(header) as number) - 1;
      return rows.map((row) => row[index]);
    }
    return session.readColumn(REGISTER_SHEET, REGISTER_HEADERS, header);
  };
  const settings = loadSettings(ctx.props);
  const { key, props: keyProps } = sealKey(ctx);
  const ids = rows.map((row) => textIn(table, row, 'Output ID'));
  // Copies can only appear where the Output ID column was written, or by a missed edit (seen hourly).
  const idColumn = table.columns.get('Output ID') as number;
  const mayHoldCopies =
    scope.everyRow || (options.edit !== undefined && !options.edit.single && options.edit.firstColumn <= idColumn && options.edit.lastColumn >= idColumn);
  const firstRowOf = mayHoldCopies || ids.includes('') ? firstRows(column('Output ID')) : new Map(ids.map((id, i) => [id, firstRow + i] as const));
  const needed = countIdsNeeded(table, rows, firstRow, firstRowOf);
  const issued = needed > 0 ? issueIds('O', needed, Number(ctx.props.get(OUTPUT_COUNTER) ?? '0') || 0, column('Output ID')) : null;
  const decisionColumn = (table.columns.get('Decision') as number) - 1;
  const anyReject = rows.some((r) => r[decisionColumn] === 'Reject');
  const broken = new Set(rows.flatMap((row, i) => (ids[i] !== '' && !sealHolds(table, row, key) ? [ids[i] as string] : [])));
  const result = reconcileRows({
    table,
    rows,
    firstRow,
    handoffs,
    revised: anyReject ? revisedIds(column('Revision of')) : new Set<string>(),
    policy: settings.whoMayDecide,
    sealKey: key,
    firstRowOf,
    ...(broken.size > 0 ? { recovered: recoverFromAudit(session, broken) } : {}),
    now: ctx.now,
    editor: options.editor,
    source: ctx.source,
    newIds: issued?.ids ?? [],
    ...(options.edit ? { edit: options.edit } : {}),
    formatTime: timeFormatter(ctx),
  });
  const tints: WantedTint[] = [...result.statuses].map(([row, { outputId, status }]) => ({ outputId, row, tint: tintOfStatus(status) }));
  return {
    cells: result.writes,
    audit: result.audit,
    tints,
    props: { ...keyProps, ...(issued && result.idsUsed > 0 ? { [OUTPUT_COUNTER]: String(issued.counter) } : {}) },
    rowsChanged: new Set(result.writes.map((w) => w.row)).size,
    notices: result.notices,
  };
}
