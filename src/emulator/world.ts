// The state one emulated Apps Script world shares between its services. createEmulator builds
// one; nothing lives at module level, so two emulators never see each other.
import type { Clock } from './clock';
import type { Counters } from './counters';

export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

/**
 * How the current script run was started. Apps Script grants different powers to each:
 * - simpleTrigger: onOpen/onEdit/onInstall as simple triggers (LIMITED, or NONE for onOpen in a
 *   document where the add-on was never used). No MailApp, no ScriptApp triggers, and the
 *   active user's email is usually hidden.
 * - timeDriven: an installable time-driven trigger, FULL, runs as the trigger's owner, no UI.
 * - installableEdit: an installable onEdit trigger, FULL, runs as the trigger's owner.
 * - menu: a menu item, FULL, UI available.
 * - scriptRun: a call from the sidebar through google.script.run, FULL, UI available.
 */
export type ExecutionKind = 'simpleTrigger' | 'timeDriven' | 'installableEdit' | 'menu' | 'scriptRun';

export interface Execution {
  readonly kind: ExecutionKind;
  readonly authMode: AuthModeName;
  /** Who the code runs as (the effective user): the trigger owner for installable triggers. */
  readonly effectiveUser: string;
  /** Who is at the keyboard, '' when Apps Script hides it from this context. */
  readonly activeUser: string;
  readonly startedAt: number;
}

/**
 * Where the public record leaves Apps Script's behaviour open (../shared/apps-script-facts.md,
 * rows marked "open"), the emulator takes the reading that is harder on the add-on by default,
 * and a test may pick the other to prove the add-on right under both.
 */
export interface Readings {
  /**
   * A string starting with an apostrophe written to a plain-text (`@`) cell: 'kept' stores and
   * shows the apostrophe as a character (harsh, the default); 'consumed' treats it as the quote
   * prefix, as a General cell does. facts: "Apostrophe in a plain-text (@) cell", open.
   */
  plainTextApostrophe: 'kept' | 'consumed';
  /**
   * Whether an add-on's time-driven trigger sees its spreadsheet through
   * SpreadsheetApp.getActiveSpreadsheet()/getActive(); false makes both return null in a
   * timeDriven run. facts: "Time trigger sees its spreadsheet", open. Default true: the add-on
   * cannot do its hourly work without it, and the harsh reading is a test's choice.
   */
  timeTriggerSeesSpreadsheet: boolean;
  /**
   * With timeTriggerSeesSpreadsheet false: whether the same run still reaches the document's
   * properties and lock. false makes getDocumentProperties() and getDocumentLock() return null,
   * as they do for a script outside any document (PropertiesService and LockService references).
   */
  timeTriggerSeesDocument: boolean;
}

export const DEFAULT_READINGS: Readings = { plainTextApostrophe: 'kept', timeTriggerSeesSpreadsheet: true, timeTriggerSeesDocument: true };

/** The harsh reading of every open behaviour at once. */
export const HARSH_READINGS: Readings = { plainTextApostrophe: 'kept', timeTriggerSeesSpreadsheet: false, timeTriggerSeesDocument: true };

/** Whether the current run is a time-driven trigger that, under the readings, cannot see its document's `part`. */
export function blindTimeTrigger(world: World, part: 'spreadsheet' | 'document'): boolean {
  const execution = currentExecution(world);
  if (execution?.kind !== 'timeDriven') return false;
  return part === 'spreadsheet'
    ? !world.readings.timeTriggerSeesSpreadsheet
    : !world.readings.timeTriggerSeesSpreadsheet && !world.readings.timeTriggerSeesDocument;
}

export interface World {
  readonly clock: Clock;
  /** How the emulator reads what the public record leaves open. */
  readonly readings: Readings;
  readonly counters: Counters;
  /** The spreadsheet's time zone (Spreadsheet.getSpreadsheetTimeZone). */
  timeZone: string;
  /** The script project's time zone from the manifest (Session.getScriptTimeZone). */
  readonly scriptTimeZone: string;
  readonly ownerEmail: string;
  /** The person using the spreadsheet now; tests switch users by setting it. */
  currentUser: string;
  /** Whether Apps Script reveals the editor's email to simple triggers (same Workspace domain). */
  revealActiveUserToSimpleTriggers: boolean;
  /** Simulated milliseconds each service call costs, so scripts that watch their own run time can be tested. Default 0. */
  serviceCallCostMs: number;
  /** Where createHtmlOutputFromFile reads files from (the built dist/). */
  readonly htmlDir: string;
  /** What the user has been shown: menus, sidebars, alerts, toasts. Tests and the playground read it. */
  readonly ui: UiLog;
  /** The stack of runs under way (a run may start another, e.g. a trigger in a test); the top is current. */
  readonly executions: Execution[];
}

export function currentExecution(world: World): Execution | undefined {
  return world.executions[world.executions.length - 1];
}

/** Counts a call and charges its simulated cost. Every emulated service method calls this first. */
export function charge(world: World, service: string, method: string, cells?: { read?: number; written?: number }): void {
  world.counters.record(service, method, cells);
  if (world.serviceCallCostMs > 0) world.clock.advance(world.serviceCallCostMs);
}

export function notImplemented(what: string): never {
  throw new Error(`not implemented in emulator: ${what}`);
}

export interface MenuItemRecord {
  readonly caption: string;
  /** The global function name the item calls, or undefined for a separator. */
  readonly functionName?: string;
  readonly subMenu?: MenuRecord;
}

export interface MenuRecord {
  readonly title: string;
  readonly items: MenuItemRecord[];
}

export interface UiLog {
  /** The add-on menu as last added with Menu.addToUi(); replaced on each onOpen. */
  addonMenu: MenuRecord | undefined;
  readonly toasts: { message: string; title: string; at: number }[];
  readonly alerts: { title: string; prompt: string; at: number }[];
  readonly sidebars: { title: string; html: string; at: number }[];
}

export function createUiLog(): UiLog {
  return { addonMenu: undefined, toasts: [], alerts: [], sidebars: [] };
}
