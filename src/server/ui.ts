// The add-on menu, the sidebar and Verify. onOpen may run in AuthMode.NONE (the add-on is
// installed but not yet used in this document), where it may only build the menu.
import { fingerprintOf, parseChainHead, verifyChain } from '../core/audit';
import { locateColumns } from '../core/table';
import { AUDIT_HEADERS, AUDIT_SHEET } from '../core/vocabulary';
import { archiveOldRows } from './archive';
import type { Context } from './context';
import { CHAIN_KEY, locked, openSession } from './session';
import { loadSettings } from './settings';
import { repairTabs, tabsMissing } from './setup';

export const MENU_ITEMS: readonly (readonly [caption: string, functionName: string] | null)[] = [
  ['Open sidebar', 'openSidebar'],
  ['Set up register', 'setUpRegister'],
  null,
  ['Turn on reminders & Friday summary', 'turnOnReminders'],
  ['Turn off reminders & Friday summary', 'turnOffReminders'],
  ['Send reminders now', 'sendRemindersNow'],
  ['Generate Friday summary now', 'generateSummaryNow'],
  ['Archive old rows now', 'archiveOldRowsNow'],
  null,
  ['Verify audit log', 'verifyAuditLog'],
  ['Check this spreadsheet', 'checkSpreadsheet'],
];

export function setUpRegister(ctx: Context): string {
  return locked(ctx, 10_000, () => repairTabs(ctx));
}

export function openSidebar(ctx: Context): void {
  if (tabsMissing(openSession(ctx))) setUpRegister(ctx);
  ctx.ui.showSidebar();
}

export function archiveNow(ctx: Context): string {
  return locked(
    ctx,
    30_000,
    () => archiveOldRows(openSession(ctx), loadSettings(ctx.props), true) || 'Nothing to archive: no shipped or revised row is older than the setting.',
  );
}

export function verifyAuditLog(ctx: Context): string {
  const sheet = ctx.book.getSheetByName(AUDIT_SHEET);
  if (sheet === null) return `The "${AUDIT_SHEET}" tab is missing.`;
  const values = sheet.getDataRange().getValues();
  const table = locateColumns(values[0] ?? [], AUDIT_HEADERS);
  const rows = values.slice(1).map((row) =>
    AUDIT_HEADERS.map((h) => {
      const column = table.columns.get(h);
      return column === undefined ? '' : row[column - 1];
    }),
  );
  // Each row's fingerprint, from the note on its Source cell: one more read, to name a changed row exactly.
  const source = table.columns.get('Source');
  const fingerprints =
    source === undefined || rows.length === 0
      ? []
      : sheet
          .getRange(2, source, rows.length, 1)
          .getNotes()
          .map((r) => fingerprintOf(r[0]));
  const verdict = verifyChain(parseChainHead(ctx.props.get(CHAIN_KEY)), rows, fingerprints);
  return verdict.intact ? `The ${AUDIT_SHEET} is intact: all ${verdict.rows} rows match their fingerprints.` : verdict.message;
}
