// The one reconcile path: onEdit runs it over the edited rows, the hourly check over every row.
// core/register.ts decides; this gathers what it needs from the session and returns the plan.
import type { HandoffRecord } from '../core/handoffs';
import { issueIds } from '../core/ids';
import { type AuditEntry, type EditFacts, countMissingIds, matchHandoff, parseOutput, reconcileRows, revisedIds, tintOf } from '../core/register';
import type { CellWrite, Table } from '../core/table';
import { DEFAULT_REVIEW_CAP_MIN, REGISTER_HEADERS, REGISTER_SHEET, type RegisterHeader } from '../core/vocabulary';
import type { Context } from './context';
import { OUTPUT_COUNTER, timeFormatter } from './register';
import type { Session } from './session';
import type { WantedTint } from './tints';

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
  const missing = countMissingIds(table, rows);
  const issued = missing > 0 ? issueIds('O', missing, Number(ctx.props.get(OUTPUT_COUNTER) ?? '0') || 0, column('Output ID')) : null;
  const decisionColumn = (table.columns.get('Decision') as number) - 1;
  const anyReject = rows.some((r) => r[decisionColumn] === 'Reject');
  const result = reconcileRows({
    table,
    rows,
    firstRow,
    handoffs,
    revised: anyReject ? revisedIds(column('Revision of')) : new Set<string>(),
    now: ctx.now,
    editor: options.editor,
    source: ctx.source,
    newIds: issued?.ids ?? [],
    ...(options.edit ? { edit: options.edit } : {}),
    formatTime: timeFormatter(ctx),
  });
  // Tints follow each row as it will read after the writes.
  const after = rows.map((row) => [...row]);
  for (const w of result.writes) {
    const line = after[w.row - firstRow];
    if (line) line[w.column - 1] = w.value;
  }
  const tints: WantedTint[] = [];
  after.forEach((row, i) => {
    const output = parseOutput(table, row, firstRow + i);
    if (output.outputId === '') return;
    const cap = matchHandoff(handoffs, output.handoffId, output.task)?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
    tints.push({ outputId: output.outputId, row: output.row, tint: tintOf(output, cap) });
  });
  return {
    cells: result.writes,
    audit: result.audit,
    tints,
    props: issued && result.idsUsed > 0 ? { [OUTPUT_COUNTER]: String(issued.counter) } : {},
    rowsChanged: new Set(result.writes.map((w) => w.row)).size,
  };
}
