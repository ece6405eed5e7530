// Everything of an emulated Apps Script world except the spreadsheet itself, which arrives through
// a SpreadsheetPort. index.ts plugs in the real spreadsheet; runner tests can plug in a tiny fake.
import { fileURLToPath } from 'node:url';
import { createClock } from '../clock';
import { type CallRecord, createCounters } from '../counters';
import { type AuthModeName, createUiLog, DEFAULT_READINGS, type Execution, type ExecutionKind, type Readings, type World } from '../world';
import { createCacheService, createCacheState } from './cache';
import { createHtmlService } from './html';
import { createLockService, createLockState, holdDocumentLock, releaseHeldDocumentLock, releaseLocksHeldBy } from './lock';
import { createMailApp, createMailState, type MailFault } from './mail';
import { createPropertiesService, createPropertyStores } from './properties';
import { createScriptApp, createTriggerStore, type TriggerRecord } from './script';
import { createLogging, createSession, type LogEntry } from './session';
import { createUiAccessor, createUiExtras } from './ui';
import { createUtilities } from './utilities';

export interface PlatformOptions {
  /** Start time of the emulated clock. */
  readonly now: Date | number;
  /** The spreadsheet's time zone. */
  readonly timeZone: string;
  /** The manifest's time zone (Session.getScriptTimeZone); defaults to timeZone. */
  readonly scriptTimeZone?: string;
  /** The person using the spreadsheet. */
  readonly user: string;
  /** Who owns the spreadsheet (and, for a bound script, the project); defaults to user. */
  readonly owner?: string;
  /** Email recipients per day; 100 for consumer accounts, 1500 for Workspace. */
  readonly mailQuota?: number;
  readonly revealActiveUserToSimpleTriggers?: boolean;
  readonly serviceCallCostMs?: number;
  /** Where HtmlService reads files; defaults to the repository's dist/. */
  readonly htmlDir?: string;
  readonly spreadsheetId?: string;
  /** The spreadsheet's name. */
  readonly name?: string;
  /** The add-on's name: the title of its menu under Extensions. */
  readonly addonName?: string;
  readonly locale?: string;
  /** Readings of open behaviours (world.ts Readings); each defaults to DEFAULT_READINGS. */
  readonly readings?: Partial<Readings>;
}

/** What the platform needs from a spreadsheet implementation. */
export interface SpreadsheetPort<Snapshot = unknown> {
  /** The SpreadsheetApp global. */
  readonly app: object;
  /** The Charts global, for Charts.ChartType. */
  readonly charts: object;
  /** A person typing or pasting: uncounted, fires nothing by itself. */
  userWrite(sheetName: string, a1: string, values: unknown[][]): { oldValues: unknown[][]; range: unknown };
  select(sheetName: string, a1: string): void;
  /** The Spreadsheet object an event's `source` holds, fetched as the script would (counted). */
  activeSpreadsheet(): unknown;
  snapshot(): Snapshot;
}

export interface EditEvent {
  readonly sheetName: string;
  readonly a1: string;
  readonly range: unknown;
  readonly values: unknown[][];
  readonly oldValues: unknown[][];
  /** Who made the edit. */
  readonly editor: string;
  readonly at: number;
}

export interface EditQueue {
  paused: boolean;
  readonly waiting: EditEvent[];
  delivered: number;
  dropped: number;
  /** Set by the runner that loads a bundle; without one an edit reaches no script. */
  listener: ((event: EditEvent) => void) | undefined;
}

// Assumption (lead's rule, unverified): Apps Script keeps at most two simple-trigger edit events
// waiting behind a running one and drops the rest.
export const MAX_WAITING_EDITS = 2;
// Quotas page: "Script runtime 6 min / execution".
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
export const EXECUTION_LIMIT_MESSAGE = 'Exceeded maximum execution time';
// The text Apps Script shows for its passing server errors (widely quoted in public issue threads).
export const TRANSIENT_ERROR_MESSAGE = "We're sorry, a server error occurred. Please wait a bit and try again.";

export function defaultHtmlDir(): string {
  return fileURLToPath(new URL('../../../dist', import.meta.url));
}

export function createPlatform<Snapshot>(
  options: PlatformOptions,
  connectSpreadsheet: (world: World, ui: () => GoogleAppsScript.Base.Ui) => SpreadsheetPort<Snapshot>,
) {
  const timedOut = new WeakSet<Execution>();
  const counters = createCounters((record) => enforceExecutionLimit(record));
  const kills: { service: string; method: string; remaining: number }[] = [];
  const transientFaults: { remaining: number; message: string }[] = [];
  const owner = options.owner ?? options.user;
  const world: World = {
    clock: createClock(options.now),
    readings: { ...DEFAULT_READINGS, ...options.readings },
    counters,
    timeZone: options.timeZone,
    scriptTimeZone: options.scriptTimeZone ?? options.timeZone,
    ownerEmail: owner,
    currentUser: options.user,
    revealActiveUserToSimpleTriggers: options.revealActiveUserToSimpleTriggers ?? false,
    serviceCallCostMs: options.serviceCallCostMs ?? 0,
    htmlDir: options.htmlDir ?? defaultHtmlDir(),
    ui: createUiLog(),
    executions: [],
  };

  // Apps Script kills a run that passes six minutes at its next service call; the script cannot
  // catch its way past it, so once tripped every later call in the run throws too.
  function enforceExecutionLimit(record: CallRecord): void {
    const execution = world.executions[world.executions.length - 1];
    if (execution === undefined) return;
    const kill = kills.find((k) => k.service === record.service && k.method === record.method);
    if (kill && --kill.remaining === 0) {
      kills.splice(kills.indexOf(kill), 1);
      timedOut.add(execution);
    }
    if (timedOut.has(execution) || world.clock.now() - execution.startedAt > EXECUTION_LIMIT_MS) {
      timedOut.add(execution);
      throw new Error(EXECUTION_LIMIT_MESSAGE);
    }
    for (const fault of [...transientFaults]) {
      if (--fault.remaining > 0) continue;
      transientFaults.splice(transientFaults.indexOf(fault), 1);
      throw new Error(fault.message);
    }
  }

  const documentId = options.spreadsheetId ?? 'spreadsheet-1';
  const scriptId = 'script-1';
  const mail = createMailState(options.mailQuota ?? 100);
  const triggerStore = createTriggerStore();
  const properties = createPropertyStores();
  const locks = createLockState();
  const uiExtras = createUiExtras();
  const logs: LogEntry[] = [];
  // An editor add-on's menu carries the add-on's name, whatever the spreadsheet is called.
  const ui = createUiAccessor(world, uiExtras, options.addonName ?? 'Handoff Register');
  const spreadsheet = connectSpreadsheet(world, ui);
  const logging = createLogging(world, logs);

  const globals: Record<string, unknown> = {
    SpreadsheetApp: spreadsheet.app,
    Charts: spreadsheet.charts,
    MailApp: createMailApp(world, mail),
    ScriptApp: createScriptApp(world, triggerStore, documentId, scriptId),
    PropertiesService: createPropertiesService(world, properties),
    LockService: createLockService(world, locks),
    CacheService: createCacheService(world, createCacheState()),
    HtmlService: createHtmlService(world),
    Session: createSession(world, { locale: options.locale ?? 'en', scriptId }),
    Utilities: createUtilities(world, { uuidSeed: documentId }),
    Logger: logging.Logger,
    console: logging.console,
  };

  const edits: EditQueue = { paused: false, waiting: [], delivered: 0, dropped: 0, listener: undefined };

  function deliverWaitingEdits(): void {
    while (!edits.paused && world.executions.length === 0 && edits.listener !== undefined) {
      const next = edits.waiting.shift();
      if (next === undefined) return;
      edits.delivered++;
      edits.listener(next);
    }
  }

  /**
   * Who Apps Script shows as the active user. Simple triggers hide the editor unless they share a
   * Workspace domain with the developer. Time-driven runs report the trigger's owner (assumed:
   * the docs only say installable triggers run as their creator). Installable edit triggers show
   * the editor only when Apps Script would reveal them (same domain or the owner themself).
   */
  function activeUserFor(kind: ExecutionKind, user: string, triggerOwner: string): string {
    switch (kind) {
      case 'simpleTrigger':
        return world.revealActiveUserToSimpleTriggers ? user : '';
      case 'timeDriven':
        return triggerOwner;
      case 'installableEdit':
        return world.revealActiveUserToSimpleTriggers || user === triggerOwner ? user : '';
      default:
        return user;
    }
  }

  function beginExecution(kind: ExecutionKind, run: { authMode?: AuthModeName; user?: string; owner?: string }): Execution {
    const user = run.user ?? world.currentUser;
    const triggerOwner = run.owner ?? user;
    const installable = kind === 'timeDriven' || kind === 'installableEdit';
    const execution: Execution = {
      kind,
      authMode: run.authMode ?? (kind === 'simpleTrigger' ? 'LIMITED' : 'FULL'),
      effectiveUser: installable ? triggerOwner : user,
      activeUser: activeUserFor(kind, user, triggerOwner),
      startedAt: world.clock.now(),
    };
    world.executions.push(execution);
    return execution;
  }

  /** Pops the run and releases its locks; throws if it ran past the execution limit. */
  function endExecution(execution: Execution): void {
    const index = world.executions.lastIndexOf(execution);
    if (index >= 0) world.executions.splice(index, 1);
    releaseLocksHeldBy(locks, execution);
    if (timedOut.has(execution) || world.clock.now() - execution.startedAt > EXECUTION_LIMIT_MS) {
      timedOut.add(execution);
    }
  }

  return {
    world,
    clock: world.clock,
    counters,
    globals,
    documentId,
    spreadsheet,
    ui: world.ui,
    uiExtras,
    logs,
    outbox: mail.outbox as readonly import('./mail').SentEmail[],
    mail,
    triggers: triggerStore.list as readonly TriggerRecord[],
    triggerStore,
    properties,
    locks,
    edits,
    /** A person edits cells; the edit event is delivered now, or waits if paused or a run is under way. */
    userEdit(sheetName: string, a1: string, values: unknown[][]): void {
      const { oldValues, range } = spreadsheet.userWrite(sheetName, a1, values);
      const event: EditEvent = { sheetName, a1, range, values, oldValues, editor: world.currentUser, at: world.clock.now() };
      if (edits.listener === undefined) return;
      if (edits.paused || world.executions.length > 0 || edits.waiting.length > 0) {
        if (edits.waiting.length >= MAX_WAITING_EDITS) edits.dropped++;
        else edits.waiting.push(event);
        deliverWaitingEdits();
        return;
      }
      edits.delivered++;
      edits.listener(event);
    },
    pauseEdits(): void {
      edits.paused = true;
    },
    resumeEdits(): void {
      edits.paused = false;
      deliverWaitingEdits();
    },
    deliverWaitingEdits,
    select(sheetName: string, a1: string): void {
      spreadsheet.select(sheetName, a1);
    },
    setUser(email: string): void {
      world.currentUser = email;
    },
    holdDocumentLock: () => holdDocumentLock(locks),
    releaseHeldDocumentLock: () => releaseHeldDocumentLock(locks),
    /** The next send to a matching recipient throws `message` instead of sending. */
    /**
     * Fault injection: the run dies (as a time-out kills it, uncatchably) when it makes the
     * `occurrence`-th call to service.method from now on, before that call does anything.
     */
    killRunAt(service: string, method: string, occurrence = 1): void {
      kills.push({ service, method, remaining: occurrence });
    },
    /**
     * Fault injection: the `k`-th service call from now (any service, counted across runs) throws
     * a catchable error before it does anything, as Apps Script's transient server errors do.
     * The fault-at-every-call tests walk k from 1 to the number of calls an operation makes.
     */
    failCallAt(k: number, message = TRANSIENT_ERROR_MESSAGE): void {
      if (!Number.isInteger(k) || k < 1) throw new Error(`failCallAt: k must be a whole number from 1, got ${k}`);
      transientFaults.push({ remaining: k, message });
    },
    /** Removes faults that did not fire (an operation made fewer calls than k). */
    clearFaults(): void {
      transientFaults.length = 0;
      kills.length = 0;
    },
    failNextSend(match?: string | RegExp | ((recipient: string) => boolean), message = 'Service unavailable: Mail'): void {
      const matches: MailFault['matches'] =
        match === undefined
          ? () => true
          : typeof match === 'string'
            ? (r) => r.toLowerCase().includes(match.toLowerCase())
            : match instanceof RegExp
              ? (r) => match.test(r)
              : match;
      mail.faults.push({ matches, message });
    },
    /** Answers the next alert with this button instead of the default (OK, or YES for YES_NO sets). */
    answerNextAlert(button: 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE'): void {
      uiExtras.alertAnswers.push(button);
    },
    beginExecution,
    endExecution,
    hasTimedOut: (execution: Execution) => timedOut.has(execution),
    snapshot() {
      return {
        at: world.clock.now(),
        workbook: spreadsheet.snapshot(),
        outbox: [...mail.outbox],
        triggers: triggerStore.list.map((t) => ({ ...t })),
        properties: {
          document: Object.fromEntries(properties.document),
          user: Object.fromEntries([...properties.user].map(([user, map]) => [user, Object.fromEntries(map)])),
          script: Object.fromEntries(properties.script),
        },
        ui: {
          addonMenu: world.ui.addonMenu,
          alerts: [...world.ui.alerts],
          sidebars: [...world.ui.sidebars],
          toasts: [...world.ui.toasts],
          dialogs: [...uiExtras.dialogs],
        },
        calls: counters.summary(),
      };
    },
  };
}

export type Platform<Snapshot = unknown> = ReturnType<typeof createPlatform<Snapshot>>;
