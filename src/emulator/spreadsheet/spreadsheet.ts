// Spreadsheet and the SpreadsheetApp global.
import { requireAuth, SCOPES } from '../services/auth';
import { blindTimeTrigger, notImplemented, type World } from '../world';
import { bill, DataValidationCriteriaEnum, expose, isInteger, ProtectionTypeEnum, signatureError } from './expose';
import { appsScriptError, type EmuWorkbook, newSheet, type SheetModel } from './model';
import { createProtection, createUser } from './protection';
import { createRange } from './range';
import { assertNameFree, createSheet, protectionKind, resolveA1, sheetTarget } from './sheet';
import { createDataValidationBuilder } from './validation';
import { checkTimeZone } from './values';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

export function createWorkbook(world: World, init: { id: string; name: string }): EmuWorkbook {
  // Sheets gives the first sheet gid 0; later ones get large ids.
  const first = newSheet({ nextSheetId: 0 }, 'Sheet1', 0);
  return { world, id: init.id, name: init.name, sheets: [first], activeSheet: first, nextSheetId: 1_000_001, nextChartId: 1 };
}

// Assumed: getSheetByName matches the exact name (the stricter reading; Sheets may ignore case).
export function findSheet(book: EmuWorkbook, name: string): SheetModel | undefined {
  return book.sheets.find((s) => s.name === name);
}

function sheetOf(method: string, sheet: unknown): SheetModel {
  const model = sheetTarget(sheet);
  if (!model) throw signatureError(method, [sheet]);
  return model;
}

type Implemented =
  | 'deleteSheet'
  | 'getActiveRange'
  | 'getActiveSheet'
  | 'getCurrentCell'
  | 'getId'
  | 'getName'
  | 'getNumSheets'
  | 'getOwner'
  | 'getProtections'
  | 'getRange'
  | 'getSheetById'
  | 'getSheetByName'
  | 'getSheets'
  | 'getSpreadsheetTimeZone'
  | 'getUrl'
  | 'insertSheet'
  | 'rename'
  | 'setActiveSheet'
  | 'setSpreadsheetTimeZone'
  | 'toast';

class EmuSpreadsheet implements Pick<Spreadsheet, Implemented> {
  constructor(readonly book: EmuWorkbook) {}

  private bill(method: string): void {
    bill(this.book.world, `Spreadsheet.${method}`);
  }

  getId(): string {
    this.bill('getId');
    return this.book.id;
  }

  getName(): string {
    this.bill('getName');
    return this.book.name;
  }

  rename(newName: string): void {
    this.bill('rename');
    this.book.name = String(newName);
  }

  getUrl(): string {
    this.bill('getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.book.id}/edit`;
  }

  getSpreadsheetTimeZone(): string {
    this.bill('getSpreadsheetTimeZone');
    return this.book.world.timeZone;
  }

  setSpreadsheetTimeZone(timezone: string): void {
    this.bill('setSpreadsheetTimeZone');
    try {
      checkTimeZone(timezone);
    } catch {
      // Assumed wording for an unknown zone id.
      throw appsScriptError(`Invalid argument: ${timezone}`);
    }
    this.book.world.timeZone = timezone;
  }

  getSheetByName(name: string): Sheet | null {
    this.bill('getSheetByName');
    const model = findSheet(this.book, name);
    return model ? createSheet(this.book, model) : null;
  }

  getSheetById(id: number): Sheet | null {
    this.bill('getSheetById');
    const model = this.book.sheets.find((s) => s.sheetId === id);
    return model ? createSheet(this.book, model) : null;
  }

  getSheets(): Sheet[] {
    this.bill('getSheets');
    return this.book.sheets.map((s) => createSheet(this.book, s));
  }

  getNumSheets(): number {
    this.bill('getNumSheets');
    return this.book.sheets.length;
  }

  /** insertSheet(), (name), (index), (name, index); the new sheet becomes the active one. */
  insertSheet(nameOrIndex?: unknown, index?: unknown, options?: unknown): Sheet {
    this.bill('insertSheet');
    const args = [nameOrIndex, index, options].filter((a) => a !== undefined);
    if (options !== undefined || (typeof index === 'object' && index !== null) || (typeof nameOrIndex === 'object' && nameOrIndex !== null)) {
      notImplemented('Spreadsheet.insertSheet(options)');
    }
    let name: string | undefined;
    let position = this.book.sheets.indexOf(this.book.activeSheet) + 1;
    if (typeof nameOrIndex === 'string') name = nameOrIndex;
    else if (isInteger(nameOrIndex) && index === undefined) position = nameOrIndex;
    else if (nameOrIndex !== undefined) throw signatureError('Spreadsheet.insertSheet', args);
    if (index !== undefined) {
      if (!isInteger(index)) throw signatureError('Spreadsheet.insertSheet', args);
      position = index;
    }
    if (name === undefined) {
      let n = this.book.sheets.length + 1;
      while (this.book.sheets.some((s) => s.name.toLowerCase() === `sheet${n}`)) n++;
      name = `Sheet${n}`;
    }
    assertNameFree(this.book, name);
    const model = newSheet(this.book, name);
    this.book.sheets.splice(Math.max(0, Math.min(position, this.book.sheets.length)), 0, model);
    this.book.activeSheet = model;
    return createSheet(this.book, model);
  }

  deleteSheet(sheet: Sheet): void {
    this.bill('deleteSheet');
    const model = sheetOf('Spreadsheet.deleteSheet', sheet);
    if (!this.book.sheets.includes(model)) throw appsScriptError('Sheet not found');
    // Assumed wording: Sheets refuses to delete the last visible sheet.
    if (this.book.sheets.every((s) => s === model || s.hidden)) throw appsScriptError("You can't remove all the visible sheets in a document.");
    this.book.sheets = this.book.sheets.filter((s) => s !== model);
    model.deleted = true;
    if (this.book.activeSheet === model) this.book.activeSheet = this.book.sheets.find((s) => !s.hidden) ?? (this.book.sheets[0] as SheetModel);
  }

  getActiveSheet(): Sheet {
    this.bill('getActiveSheet');
    return createSheet(this.book, this.book.activeSheet);
  }

  setActiveSheet(sheet: Sheet): Sheet {
    this.bill('setActiveSheet');
    const model = sheetOf('Spreadsheet.setActiveSheet', sheet);
    this.book.activeSheet = model;
    model.hidden = false;
    return createSheet(this.book, model);
  }

  getActiveRange(): Range {
    this.bill('getActiveRange');
    return createRange(this.book, this.book.activeSheet, this.book.activeSheet.selection);
  }

  getCurrentCell(): Range {
    this.bill('getCurrentCell');
    const { row, column } = this.book.activeSheet.selection;
    return createRange(this.book, this.book.activeSheet, { row, column, numRows: 1, numColumns: 1 });
  }

  getRange(a1Notation: string): Range {
    this.bill('getRange');
    if (typeof a1Notation !== 'string') throw signatureError('Spreadsheet.getRange', [a1Notation]);
    const { sheet, area } = resolveA1(this.book, this.book.activeSheet, a1Notation);
    return createRange(this.book, sheet, area);
  }

  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType): GoogleAppsScript.Spreadsheet.Protection[] {
    this.bill('getProtections');
    const kind = protectionKind('Spreadsheet.getProtections', type);
    return this.book.sheets.flatMap((sheet) => sheet.protections.filter((p) => p.kind === kind).map((p) => createProtection(this.book, sheet, p)));
  }

  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.bill('toast');
    if (timeoutSeconds !== undefined && timeoutSeconds !== null && typeof timeoutSeconds !== 'number')
      throw signatureError('Spreadsheet.toast', [msg, title, timeoutSeconds]);
    this.book.world.ui.toasts.push({ message: String(msg), title: title === undefined ? '' : String(title), at: this.book.world.clock.now() });
  }

  getOwner(): GoogleAppsScript.Base.User {
    this.bill('getOwner');
    return createUser(this.book, this.book.world.ownerEmail);
  }

  toString(): string {
    return 'Spreadsheet';
  }
}

export function createSpreadsheet(book: EmuWorkbook): Spreadsheet {
  return expose<Spreadsheet>(new EmuSpreadsheet(book), 'Spreadsheet');
}

/** The SpreadsheetApp global as the emulator provides it; the rest of the interface throws "not implemented". */
export type SpreadsheetAppLike = GoogleAppsScript.Spreadsheet.SpreadsheetApp;

class EmuSpreadsheetApp
  implements
    Pick<
      SpreadsheetAppLike,
      'getActiveSpreadsheet' | 'getActive' | 'getActiveSheet' | 'getActiveRange' | 'getCurrentCell' | 'getUi' | 'newDataValidation' | 'flush'
    >
{
  readonly DataValidationCriteria = DataValidationCriteriaEnum as unknown as SpreadsheetAppLike['DataValidationCriteria'];
  readonly ProtectionType = ProtectionTypeEnum as unknown as SpreadsheetAppLike['ProtectionType'];

  constructor(
    readonly world: World,
    readonly book: EmuWorkbook,
    readonly ui: () => GoogleAppsScript.Base.Ui,
  ) {}

  private bill(method: string): void {
    bill(this.world, `SpreadsheetApp.${method}`);
  }

  getActiveSpreadsheet(): Spreadsheet {
    this.bill('getActiveSpreadsheet');
    // AuthMode.NONE (onOpen of an add-on not yet used in this document) may only build menus.
    requireAuth(this.world, 'LIMITED', 'SpreadsheetApp.getActiveSpreadsheet', SCOPES.spreadsheetsCurrentOnly);
    // Open in the record (apps-script-facts.md, "Time trigger sees its spreadsheet"): one report
    // has it null in a timed trigger. Under that reading (readings.timeTriggerSeesSpreadsheet
    // false) an add-on's hourly run gets null here.
    if (blindTimeTrigger(this.world, 'spreadsheet')) return null as unknown as Spreadsheet;
    return createSpreadsheet(this.book);
  }

  getActive(): Spreadsheet {
    this.bill('getActive');
    requireAuth(this.world, 'LIMITED', 'SpreadsheetApp.getActive', SCOPES.spreadsheetsCurrentOnly);
    if (blindTimeTrigger(this.world, 'spreadsheet')) return null as unknown as Spreadsheet;
    return createSpreadsheet(this.book);
  }

  getActiveSheet(): Sheet {
    this.bill('getActiveSheet');
    requireAuth(this.world, 'LIMITED', 'SpreadsheetApp.getActiveSheet', SCOPES.spreadsheetsCurrentOnly);
    return createSheet(this.book, this.book.activeSheet);
  }

  getActiveRange(): Range {
    this.bill('getActiveRange');
    requireAuth(this.world, 'LIMITED', 'SpreadsheetApp.getActiveRange', SCOPES.spreadsheetsCurrentOnly);
    return createRange(this.book, this.book.activeSheet, this.book.activeSheet.selection);
  }

  getCurrentCell(): Range {
    this.bill('getCurrentCell');
    requireAuth(this.world, 'LIMITED', 'SpreadsheetApp.getCurrentCell', SCOPES.spreadsheetsCurrentOnly);
    const { row, column } = this.book.activeSheet.selection;
    return createRange(this.book, this.book.activeSheet, { row, column, numRows: 1, numColumns: 1 });
  }

  getUi(): GoogleAppsScript.Base.Ui {
    this.bill('getUi');
    return this.ui();
  }

  newDataValidation(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    this.bill('newDataValidation');
    return createDataValidationBuilder(this.world);
  }

  // Writes apply at once in the emulator, so there is nothing to flush; the call is still counted.
  flush(): void {
    this.bill('flush');
  }

  toString(): string {
    return 'SpreadsheetApp';
  }
}

export function createSpreadsheetApp(world: World, workbook: EmuWorkbook, ui: () => GoogleAppsScript.Base.Ui): SpreadsheetAppLike {
  return expose<SpreadsheetAppLike>(new EmuSpreadsheetApp(world, workbook, ui), 'SpreadsheetApp');
}
