// The one entry file, and the only code that touches Apps Script's globals. Every export becomes
// a top-level function in dist/Code.js, and every top-level function whose name does not end in
// "_" can be called by any user of the spreadsheet from the browser console through
// google.script.run. So this list is the whole public surface: Apps Script's triggers, the menu
// items, and the sidebar's RPC API (src/shared/rpc.ts). Each builds one execution context and
// hands it to a handler.
import type { AuditSource } from '../core/vocabulary';
import type { ServerApi } from '../shared/rpc';
import * as check from './check';
import { type Context, documentLock, propertyStore, type Spreadsheet } from './context';
import { handleEdit } from './edits';
import * as job from './job';
import { COULD_NOT_OPEN_KEY } from './jobstate';
import * as sidebar from './sidebar';
import * as ui from './ui';

const TITLE = 'Handoff Register';
/** The hourly trigger's handler, installed under this name by turnOnReminders. */
const HOURLY_HANDLER = 'runHourlyJob';

function context(source: AuditSource, book: Spreadsheet = SpreadsheetApp.getActiveSpreadsheet()): Context {
  const started = Math.floor(Date.now() / 1000) * 1000;
  let zone: string | undefined;
  let user: string | undefined;
  let runAs: string | undefined;
  let owner: string | undefined;
  const mine = () => ScriptApp.getUserTriggers(book).filter((t) => t.getHandlerFunction() === HOURLY_HANDLER);
  return {
    book,
    app: {
      newDataValidation: () => SpreadsheetApp.newDataValidation(),
      ProtectionType: SpreadsheetApp.ProtectionType,
      columnChart: Charts.ChartType.COLUMN,
    },
    props: propertyStore(PropertiesService.getDocumentProperties()),
    lock: documentLock(LockService.getDocumentLock()),
    mail: {
      remaining: () => MailApp.getRemainingDailyQuota(),
      send: (message) => MailApp.sendEmail({ ...message, name: TITLE }),
    },
    triggers: {
      countMine: () => mine().length,
      createHourly: () => {
        ScriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
      },
      deleteMine: () => {
        for (const trigger of mine()) ScriptApp.deleteTrigger(trigger);
      },
    },
    ui: {
      alert: (title, message) => {
        const app = SpreadsheetApp.getUi();
        app.alert(title, message, app.ButtonSet.OK);
      },
      toast: (message, title) => book.toast(message, title),
      showSidebar: () => SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(TITLE)),
    },
    now: new Date(started),
    clock: () => Date.now(),
    get zone() {
      return (zone ??= book.getSpreadsheetTimeZone());
    },
    formatDate(d, pattern) {
      return Utilities.formatDate(d, this.zone, pattern);
    },
    newId: () => Utilities.getUuid(),
    get user() {
      return (user ??= Session.getActiveUser().getEmail());
    },
    get runAs() {
      return (runAs ??= Session.getEffectiveUser().getEmail());
    },
    get owner() {
      return (owner ??= book.getOwner()?.getEmail() ?? '');
    },
    source,
  };
}

function menu(): void {
  const built = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of ui.MENU_ITEMS) {
    if (item === null) built.addSeparator();
    else built.addItem(item[0], item[1]);
  }
  built.addToUi();
}

export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  menu();
}

export function onInstall(_e?: GoogleAppsScript.Events.AddonOnInstall): void {
  menu();
}

export function onEdit(e: GoogleAppsScript.Events.SheetsOnEdit): void {
  const range = e.range;
  const single = range.getNumRows() === 1 && range.getNumColumns() === 1;
  const ctx = context('sheet edit');
  handleEdit(ctx, {
    sheetName: range.getSheet().getName(),
    firstRow: range.getRow(),
    lastRow: range.getLastRow(),
    firstColumn: range.getColumn(),
    lastColumn: range.getLastColumn(),
    single,
    ...(single ? { oldValue: e.oldValue ?? '' } : {}),
    get editor() {
      return (e.user ? e.user.getEmail() : '') || ctx.user;
    },
  });
}

function alert(run: (ctx: Context) => string, title = TITLE, source: AuditSource = 'sidebar'): void {
  const ctx = context(source);
  ctx.ui.alert(title, run(ctx));
}

export const openSidebar = (): void => ui.openSidebar(context('set up'));
export const setUpRegister = (): void => {
  const ctx = context('set up');
  ctx.ui.toast(ui.setUpRegister(ctx), TITLE);
};
export const verifyAuditLog = (): void => alert(ui.verifyAuditLog, 'Audit log');
export const turnOnReminders = (): void => alert(job.turnOn);
export const turnOffReminders = (): void => alert(job.turnOff);
export const sendRemindersNow = (): void => alert(job.sendNow, TITLE, 'hourly check');
export const generateSummaryNow = (): void => {
  const ctx = context('sidebar');
  ctx.ui.toast(job.summaryNow(ctx), 'Friday Summary written (no email)');
};
export const archiveOldRowsNow = (): void => alert(ui.archiveNow, TITLE, 'hourly check');

export const checkSpreadsheet = (): void => {
  const ctx = context('set up');
  ctx.ui.alert(
    check.CHECK_TITLE,
    check.checkSpreadsheet(ctx, { documentProperties: () => PropertiesService.getDocumentProperties(), documentLock: () => LockService.getDocumentLock() }),
  );
};

export const runHourlyJob = (): void => {
  // Whether an add-on's clock trigger sees its spreadsheet is open in the public record: if it
  // does not, say so where the sidebar looks (the document's properties, if this run reaches
  // them) and in the execution log, rather than fail on a null.
  const book = SpreadsheetApp.getActiveSpreadsheet();
  if (book !== null) return job.runHourly(context('hourly check', book));
  let recorded = false;
  try {
    const props = PropertiesService.getDocumentProperties();
    if (props !== null) {
      props.setProperty(COULD_NOT_OPEN_KEY, new Date().toISOString());
      recorded = true;
    }
  } catch {
    // Logged below.
  }
  throw new Error(
    `${check.COULD_NOT_OPEN_MESSAGE}${recorded ? '' : " (This run could not reach the document's properties either, so the sidebar cannot show it.)"}`,
  );
};

export const getSidebarState = () => sidebar.getSidebarState(context('sidebar'));
export const saveHandoff = (form: unknown) => sidebar.saveHandoff(context('sidebar'), form);
export const logOutput = (form: unknown) => sidebar.logOutput(context('sidebar'), form);
export const reviewOutput = (form: unknown) => sidebar.reviewOutput(context('sidebar'), form);
export const saveSettings = (form: unknown) => sidebar.saveSettings(context('sidebar'), form);
export const markShipped = (form: unknown) => sidebar.markShipped(context('sidebar'), form);

// The sidebar's typed contract must match what is exported here: a compile error, not a runtime surprise.
const serverApi: ServerApi = { getSidebarState, saveHandoff, logOutput, reviewOutput, saveSettings, markShipped };
void serverApi;
