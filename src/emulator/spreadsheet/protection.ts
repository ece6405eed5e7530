// Protection of a range or a whole sheet, and the User objects its editors are reported as.
import type { GridArea } from './a1';
import { bill, expose, ProtectionTypeEnum, signatureError } from './expose';
import { canEditProtection, type EmuWorkbook, type ProtectionModel, type SheetModel, scriptUser } from './model';
import { createRange } from './range';

type Protection = GoogleAppsScript.Spreadsheet.Protection;
type User = GoogleAppsScript.Base.User;

/** Apps Script starts a protection with the spreadsheet's editors; we know of the owner and whoever protects. */
export function newProtection(book: EmuWorkbook, kind: ProtectionModel['kind'], area: GridArea | null): ProtectionModel {
  const editors = [...new Set([book.world.ownerEmail, scriptUser(book.world)])].filter((email) => email !== '');
  return { kind, area, description: '', warningOnly: false, editors, removed: false };
}

class EmuUser implements Pick<User, 'getEmail'> {
  constructor(
    readonly book: EmuWorkbook,
    readonly email: string,
  ) {}

  getEmail(): string {
    bill(this.book.world, 'User.getEmail');
    return this.email;
  }

  toString(): string {
    return this.email;
  }
}

export function createUser(book: EmuWorkbook, email: string): User {
  return expose<User>(new EmuUser(book, email), 'User');
}

function emailsOf(method: string, input: unknown): string[] {
  const items = Array.isArray(input) ? input : [input];
  return items.map((item) => {
    if (typeof item === 'string') return item;
    if (item instanceof EmuUser) return item.email;
    throw signatureError(`Protection.${method}`, [input]);
  });
}

type Implemented =
  | 'addEditor'
  | 'addEditors'
  | 'canDomainEdit'
  | 'canEdit'
  | 'getDescription'
  | 'getEditors'
  | 'getProtectionType'
  | 'getRange'
  | 'isWarningOnly'
  | 'remove'
  | 'removeEditor'
  | 'removeEditors'
  | 'setDescription'
  | 'setDomainEdit'
  | 'setWarningOnly';

class EmuProtection implements Pick<Protection, Implemented> {
  constructor(
    readonly book: EmuWorkbook,
    readonly sheet: SheetModel,
    readonly model: ProtectionModel,
  ) {}

  private bill(method: string): void {
    bill(this.book.world, `Protection.${method}`);
  }

  private self(): Protection {
    // `this` is the proxy the script holds.
    return this as unknown as Protection;
  }

  setWarningOnly(warningOnly: boolean): Protection {
    this.bill('setWarningOnly');
    if (typeof warningOnly !== 'boolean') throw signatureError('Protection.setWarningOnly', [warningOnly]);
    this.model.warningOnly = warningOnly;
    return this.self();
  }

  isWarningOnly(): boolean {
    this.bill('isWarningOnly');
    return this.model.warningOnly;
  }

  setDescription(description: string): Protection {
    this.bill('setDescription');
    this.model.description = String(description);
    return this.self();
  }

  getDescription(): string {
    this.bill('getDescription');
    return this.model.description;
  }

  getRange(): GoogleAppsScript.Spreadsheet.Range {
    this.bill('getRange');
    const area = this.model.area ?? { row: 1, column: 1, numRows: this.sheet.maxRows, numColumns: this.sheet.maxColumns };
    return createRange(this.book, this.sheet, area);
  }

  getProtectionType(): GoogleAppsScript.Spreadsheet.ProtectionType {
    this.bill('getProtectionType');
    const type = this.model.kind === 'range' ? ProtectionTypeEnum.RANGE : ProtectionTypeEnum.SHEET;
    return type as unknown as GoogleAppsScript.Spreadsheet.ProtectionType;
  }

  getEditors(): User[] {
    this.bill('getEditors');
    return [...new Set([this.book.world.ownerEmail, ...this.model.editors])].map((email) => createUser(this.book, email));
  }

  addEditor(emailAddress: string | User): Protection {
    this.bill('addEditor');
    return this.add('addEditor', emailAddress);
  }

  addEditors(emailAddresses: string[]): Protection {
    this.bill('addEditors');
    return this.add('addEditors', emailAddresses);
  }

  private add(method: string, input: unknown): Protection {
    for (const email of emailsOf(method, input)) if (!this.model.editors.includes(email)) this.model.editors.push(email);
    return this.self();
  }

  removeEditor(emailAddress: string | User): Protection {
    this.bill('removeEditor');
    return this.remove_('removeEditor', emailAddress);
  }

  removeEditors(emailAddresses: string[] | User[]): Protection {
    this.bill('removeEditors');
    return this.remove_('removeEditors', emailAddresses);
  }

  // The owner always keeps edit access, as in Sheets; removing them is silently ignored.
  private remove_(method: string, input: unknown): Protection {
    const removed = new Set(emailsOf(method, input));
    this.model.editors = this.model.editors.filter((email) => !removed.has(email) || email === this.book.world.ownerEmail);
    return this.self();
  }

  canEdit(): boolean {
    this.bill('canEdit');
    return canEditProtection(this.book, this.model, scriptUser(this.book.world));
  }

  canDomainEdit(): boolean {
    this.bill('canDomainEdit');
    return false;
  }

  setDomainEdit(editable: boolean): Protection {
    this.bill('setDomainEdit');
    if (editable) throw new Error('not implemented in emulator: Protection.setDomainEdit(true)');
    return this.self();
  }

  remove(): void {
    this.bill('remove');
    this.model.removed = true;
    this.sheet.protections = this.sheet.protections.filter((p) => p !== this.model);
  }

  toString(): string {
    return 'Protection';
  }
}

export function createProtection(book: EmuWorkbook, sheet: SheetModel, model: ProtectionModel): Protection {
  return expose<Protection>(new EmuProtection(book, sheet, model), 'Protection');
}
