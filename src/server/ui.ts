// The add-on menu and the sidebar. onOpen may run in AuthMode.NONE (the add-on is installed but
// not yet used in this document), where it can only build the menu: no spreadsheet access.
import { AUDIT_SHEET } from '../core/vocabulary';
import { appendAudit, auditNow, verifyAudit } from './audit';
import { EDITOR_UNKNOWN } from '../core/register';
import { withDocumentLock } from './lock';
import { setUpTabs, tabsMissing } from './setup';

export const MENU_ITEMS: readonly (readonly [caption: string, functionName: string] | null)[] = [
  ['Open sidebar', 'openSidebar'],
  ['Set up register', 'setUpRegister'],
  null,
  ['Turn on reminders & Friday summary', 'turnOnReminders'],
  ['Turn off reminders & Friday summary', 'turnOffReminders'],
  ['Send reminders now', 'sendRemindersNow'],
  ['Generate Friday summary now', 'generateSummaryNow'],
  null,
  ['Verify audit log', 'verifyAuditLog'],
];

export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item[0], item[1]);
  }
  menu.addToUi();
}

function setUp(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  return withDocumentLock(10_000, () => {
    const report = setUpTabs(ss);
    const who = Session.getActiveUser().getEmail() || EDITOR_UNKNOWN;
    const when = auditNow();
    appendAudit(ss, report.audit.map((entry) => ({ ...entry, when, who })));
    const changes = [...report.created.map((t) => `created the ${t} tab`), ...report.headersAdded.map((h) => `restored the header ${h}`)];
    return changes.length === 0 ? 'The register is set up: tabs, headers, dropdowns and protections are in place.' : `Set up: ${changes.join('; ')}.`;
  });
}

export function setUpRegister(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  ss.toast(setUp(ss), 'Handoff Register');
}

export function openSidebar(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (tabsMissing(ss)) setUp(ss);
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Handoff Register');
  SpreadsheetApp.getUi().showSidebar(html);
}

export function verifyAuditLog(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const verdict = verifyAudit(ss);
  const message = verdict.intact
    ? `The ${AUDIT_SHEET} is intact: all ${verdict.rows} rows match their fingerprints.`
    : verdict.message;
  SpreadsheetApp.getUi().alert('Audit log', message, SpreadsheetApp.getUi().ButtonSet.OK);
}
