// onEdit is a simple trigger: limited authorization, 30 seconds, no mail, often no editor email,
// and Apps Script drops events that come faster than it runs them. So it reads only the edited
// rows and the columns it needs, and commits through the same session as everything else;
// whatever it could not finish, the hourly check finishes by the same rules.
import type { EditFacts } from '../core/register';
import { REGISTER_HEADERS, REGISTER_SHEET } from '../core/vocabulary';
import type { Context } from './context';
import { planReconcile } from './reconcile';
import { readHandoffs } from './register';
import { commit, openSession } from './session';
import { planTints } from './tints';

/** Leaves room inside onEdit's 30 seconds for the work itself. */
const EDIT_LOCK_WAIT_MS = 10_000;

export interface EditEvent {
  readonly sheetName: string;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  readonly single: boolean;
  readonly oldValue?: unknown;
  /** The editor's email when the event or Session shares it, else ''. */
  readonly editor: string;
}

export function handleEdit(ctx: Context, event: EditEvent): void {
  if (event.sheetName !== REGISTER_SHEET) return;
  const firstRow = Math.max(event.firstRow, 2);
  if (event.lastRow < firstRow) return;
  if (!ctx.lock.tryLock(EDIT_LOCK_WAIT_MS)) {
    // The person's values are already in the sheet; only the stamps wait for the hourly check.
    ctx.ui.toast('The register is busy; the hourly check will stamp this change.', 'Handoff Register');
    return;
  }
  try {
    const session = openSession(ctx);
    const { table } = session.readHeader(REGISTER_SHEET, REGISTER_HEADERS);
    if (table.missing.length > 0) return;
    const rows = session.readRows(REGISTER_SHEET, REGISTER_HEADERS, firstRow, event.lastRow);
    const edit: EditFacts = {
      firstRow,
      lastRow: event.lastRow,
      firstColumn: event.firstColumn,
      lastColumn: event.lastColumn,
      single: event.single,
      ...(event.single ? { oldValue: event.oldValue ?? '' } : {}),
    };
    const plan = planReconcile(session, ctx, readHandoffs(session), { table, rows, firstRow, everyRow: false }, { editor: event.editor, edit });
    const tints = planTints(ctx.props, plan.tints, false);
    commit(session, {
      writes: [{ tab: REGISTER_SHEET, cells: plan.cells }],
      tints: [{ tab: REGISTER_SHEET, rows: tints.rows }],
      audit: plan.audit,
      props: { ...plan.props, ...tints.props },
    });
    // Told after the commit: a toast for what was put back, never for what failed.
    if (plan.notices.length > 0) ctx.ui.toast(plan.notices.join(' '), 'Handoff Register');
  } finally {
    ctx.lock.release();
  }
}
