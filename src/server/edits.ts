// onEdit is a simple trigger: limited authorization, 30 seconds, no mail, often no editor
// email, and Apps Script drops events that come faster than it runs them. So it reads only the
// edited rows and the few columns it needs, writes in blocks, and leaves anything it could not
// finish to the hourly check, which applies the same rules (core/register.ts) to every row.
import { issueIds } from '../core/ids';
import { countMissingIds, type EditFacts, reconcileRows, revisedIds } from '../core/register';
import { REGISTER_HEADERS, REGISTER_SHEET } from '../core/vocabulary';
import { OUTPUT_COUNTER } from './api';
import { appendAudit, auditNow } from './audit';
import { applyHighlights } from './highlight';
import { formatTimeIn, readHandoffs } from './register';
import { readHeader, writeCells } from './sheets';

const EDIT_LOCK_WAIT_MS = 5_000;

export function handleEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  const range = e.range;
  const sheet = range.getSheet();
  if (sheet.getName() !== REGISTER_SHEET) return;
  const firstRow = Math.max(range.getRow(), 2);
  const lastRow = range.getLastRow();
  if (lastRow < firstRow) return;
  const ss = e.source;
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(EDIT_LOCK_WAIT_MS)) {
    // The user's values are already in the sheet; only the stamps wait for the hourly check.
    ss.toast('The register is busy; the hourly check will stamp this change.', 'Handoff Register');
    return;
  }
  try {
    const table = readHeader(sheet, REGISTER_HEADERS);
    if (table.missing.length > 0) return;
    const rows = sheet.getRange(firstRow, 1, lastRow - firstRow + 1, table.width).getValues();
    const props = PropertiesService.getDocumentProperties();
    const missing = countMissingIds(table, rows);
    let newIds: string[] = [];
    let counterAfter: number | null = null;
    const columnValues = (header: (typeof REGISTER_HEADERS)[number]) => {
      const column = table.columns.get(header) as number;
      return sheet.getRange(2, column, Math.max(sheet.getLastRow() - 1, 1), 1).getValues().map((r) => r[0]);
    };
    if (missing > 0) {
      const issued = issueIds('O', missing, Number(props.getProperty(OUTPUT_COUNTER) ?? '0') || 0, columnValues('Output ID'));
      newIds = issued.ids;
      counterAfter = issued.counter;
    }
    const decisionColumn = table.columns.get('Decision') as number;
    const anyReject = rows.some((r) => r[decisionColumn - 1] === 'Reject');
    const revised = anyReject ? revisedIds(columnValues('Revision of')) : new Set<string>();
    const { handoffs } = readHandoffs(ss);
    const single = range.getNumRows() === 1 && range.getNumColumns() === 1;
    const edit: EditFacts = {
      firstRow,
      lastRow,
      firstColumn: range.getColumn(),
      lastColumn: range.getLastColumn(),
      single,
      ...(single ? { oldValue: e.oldValue ?? '' } : {}),
    };
    const editor = (e.user ? e.user.getEmail() : '') || Session.getActiveUser().getEmail();
    const result = reconcileRows({
      table,
      rows,
      firstRow,
      handoffs,
      revised,
      now: auditNow(),
      editor,
      source: 'sheet edit',
      newIds,
      edit,
      formatTime: formatTimeIn(ss),
    });
    if (counterAfter !== null && result.idsUsed > 0) props.setProperty(OUTPUT_COUNTER, String(counterAfter));
    writeCells(sheet, result.writes);
    applyHighlights(sheet, table.width, result.highlight);
    appendAudit(ss, result.audit);
  } finally {
    lock.releaseLock();
  }
}
