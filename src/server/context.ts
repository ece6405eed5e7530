// What one execution works with. main.ts builds it from Apps Script's globals and hands it to a
// handler; handlers never reach for SpreadsheetApp, PropertiesService, LockService or MailApp
// themselves, so each can run against the emulator or a small fake (as apps-script-oauth2 takes
// its property store and lock from the caller).
import type { AuditSource } from '../core/vocabulary';

export type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The document's properties, read once per execution and written in one call per commit. */
export interface Store {
  get(key: string): string | null;
  /** One setProperties call; '' stands for "no value" (deleting would cost a call per key). */
  set(values: Readonly<Record<string, string>>): void;
}

/** The document lock: never the script lock, which one add-on project shares with every spreadsheet. */
export interface DocLock {
  tryLock(waitMs: number): boolean;
  release(): void;
}

export interface MailMessage {
  readonly to: string;
  readonly cc?: string;
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string;
}

export interface Mailer {
  /** Recipients this account may still email today (MailApp counts to, cc and bcc). */
  remaining(): number;
  send(message: MailMessage): void;
}

/** The hourly trigger of the person running this execution (triggers belong to their creator). */
export interface Triggers {
  countMine(): number;
  createHourly(): void;
  deleteMine(): void;
}

export interface Ui {
  alert(title: string, message: string): void;
  toast(message: string, title: string): void;
  showSidebar(): void;
}

/** The builders and enums of SpreadsheetApp and Charts that set up and the summary use. */
export interface SheetsApp {
  newDataValidation(): GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  readonly ProtectionType: typeof GoogleAppsScript.Spreadsheet.ProtectionType;
  readonly columnChart: GoogleAppsScript.Charts.ChartType;
}

export interface Context {
  readonly book: Spreadsheet;
  readonly app: SheetsApp;
  readonly props: Store;
  readonly lock: DocLock;
  readonly mail: Mailer;
  readonly triggers: Triggers;
  readonly ui: Ui;
  /** The moment the execution started, in whole seconds (a date-time cell keeps no milliseconds). */
  readonly now: Date;
  /** Milliseconds now, for a run that watches its own time limit. */
  readonly clock: () => number;
  /** The spreadsheet's time zone, which is not the script's. */
  readonly zone: string;
  /** Utilities.formatDate in the spreadsheet's zone. */
  readonly formatDate: (d: Date, pattern: string) => string;
  /** A fresh random identifier (Utilities.getUuid), for secrets the add-on keeps. */
  readonly newId: () => string;
  /** The active user's email; '' when Google does not share it (simple triggers, other domains). */
  readonly user: string;
  /** Whom the execution runs as: the trigger's owner in the hourly job. */
  readonly runAs: string;
  /** The spreadsheet owner's email, '' when Google does not say; looked up once, when first needed. */
  readonly owner: string;
  readonly source: AuditSource;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A Store over Apps Script's document properties: one getProperties per execution. */
export function propertyStore(props: GoogleAppsScript.Properties.Properties): Store {
  let cache: Record<string, string> | null = null;
  const all = () => (cache ??= { ...props.getProperties() });
  return {
    get: (key) => {
      const value = all()[key];
      return value === undefined || value === '' ? null : value;
    },
    set: (values) => {
      if (Object.keys(values).length === 0) return;
      all();
      props.setProperties({ ...values });
      Object.assign(cache as Record<string, string>, values);
    },
  };
}

export function documentLock(lock: GoogleAppsScript.Lock.Lock): DocLock {
  return {
    tryLock: (ms) => lock.tryLock(ms),
    release: () => {
      try {
        lock.releaseLock();
      } catch {
        // Apps Script releases every lock when the execution ends; failing here must not turn
        // work that was committed into an error the caller would retry.
      }
    },
  };
}

export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
