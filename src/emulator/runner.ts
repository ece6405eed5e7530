// Runs a built bundle (dist/Code.js) the way Apps Script does: every execution evaluates the
// script afresh in a new global scope (globals do not survive between runs), only top-level
// function declarations can be called by name, and each kind of run gets its own powers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { parse } from 'acorn';
import { createClockedDate } from './clock';
import type { CallRecord } from './counters';
import { type EditEvent, EXECUTION_LIMIT_MESSAGE, type Platform } from './services/platform';
import type { TriggerRecord } from './services/script';
import { createUserObject } from './services/session';
import { toSerial } from './spreadsheet/values';
import type { AuthModeName, ExecutionKind } from './world';

export interface RunOptions {
  readonly kind: ExecutionKind;
  readonly authMode?: AuthModeName;
  /** Who is at the keyboard; defaults to the emulator's current user. */
  readonly user?: string;
  /** For installable triggers: who created the trigger, and so whom the run executes as. */
  readonly owner?: string;
}

export interface RunRecord {
  readonly at: number;
  readonly functionName: string;
  readonly kind: ExecutionKind;
  readonly effectiveUser: string;
  readonly triggerUid: string | undefined;
  /** The message of what the run threw, if it threw. */
  readonly error: string | undefined;
  readonly durationMs: number;
}

export interface Runner {
  /** Top-level function declarations in the bundle. */
  readonly exports: readonly string[];
  /** Service calls made while evaluating the bundle's top level; should be empty. */
  readonly loadCalls: readonly CallRecord[];
  readonly runs: readonly RunRecord[];
  readonly edits: { readonly delivered: number; readonly dropped: number; readonly waiting: number };
  run(functionName: string, args?: readonly unknown[], options?: RunOptions): unknown;
  /** The document opens: onOpen(e) as a simple trigger. NONE when the add-on is not yet used in it. */
  open(options?: { authMode?: 'NONE' | 'LIMITED' }): void;
  /** The add-on is installed from the Marketplace: onInstall(e), FULL. */
  install(): void;
  /** Clicks an item of the add-on menu by caption (searching sub-menus). */
  clickMenu(caption: string): unknown;
  /** google.script.run.<functionName>(...args) from the sidebar; returns what the success handler would get. */
  scriptRun(functionName: string, args?: readonly unknown[]): unknown;
  /** Moves the clock forward, firing each time-driven trigger whenever it falls due. */
  advance(ms: number): RunRecord[];
  advanceTo(time: Date | number): RunRecord[];
}

const HOUR_MS = 60 * 60 * 1000;

/** Names of the functions declared at the top level of a classic script. */
export function topLevelFunctionNames(source: string): string[] {
  const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const names: string[] = [];
  for (const node of program.body) {
    if (node.type === 'FunctionDeclaration' && node.id !== null) names.push(node.id.name);
  }
  return names;
}

export function loadBundle(emulator: Platform, options: { dir: string }): Runner {
  const source = readFileSync(join(options.dir, 'Code.js'), 'utf8');
  const exports = topLevelFunctionNames(source);
  const script = new vm.Script(source, { filename: join(options.dir, 'Code.js') });
  const { world } = emulator;
  const runs: RunRecord[] = [];

  const HostDate = Date;
  const clockedDate = createClockedDate(world.clock);
  // Dates made outside the script (cell values) are plain host Dates; make `instanceof Date`
  // inside the script accept them too.
  const ScriptDate = new Proxy(clockedDate, {
    get(target, property, receiver) {
      if (property === Symbol.hasInstance) return (value: unknown) => value instanceof HostDate;
      return Reflect.get(target, property, receiver);
    },
  });

  // Only what Apps Script's V8 offers: the services plus JavaScript's own built-ins, which a vm
  // context already has. No timers, fetch, URL or TextEncoder.
  function freshGlobalScope(): vm.Context {
    const context = vm.createContext({ ...emulator.globals, Date: ScriptDate });
    script.runInContext(context);
    return context;
  }

  const before = world.counters.log.length;
  freshGlobalScope();
  const loadCalls = world.counters.log.slice(before);

  function invoke(functionName: string, args: readonly unknown[], options: RunOptions, triggerUid?: string): unknown {
    if (!exports.includes(functionName)) throw new Error(`Script function not found: ${functionName}`);
    const execution = emulator.beginExecution(options.kind, options);
    const startedAt = world.clock.now();
    let outcome: { ok: true; value: unknown } | { ok: false; thrown: unknown };
    try {
      const scope = freshGlobalScope();
      const fn = scope[functionName] as (...a: unknown[]) => unknown;
      outcome = { ok: true, value: fn(...args) };
    } catch (thrown) {
      outcome = { ok: false, thrown };
    }
    emulator.endExecution(execution);
    // A run past the limit dies with the limit's error whatever the script did with it.
    const overran = emulator.hasTimedOut(execution);
    const error = overran ? EXECUTION_LIMIT_MESSAGE : outcome.ok ? undefined : messageOf(outcome.thrown);
    runs.push({
      at: startedAt,
      functionName,
      kind: options.kind,
      effectiveUser: execution.effectiveUser,
      triggerUid,
      error,
      durationMs: world.clock.now() - startedAt,
    });
    emulator.deliverWaitingEdits();
    if (overran) throw new Error(EXECUTION_LIMIT_MESSAGE);
    if (!outcome.ok) throw outcome.thrown;
    return outcome.value;
  }

  /** Triggers swallow their errors (Apps Script logs them and emails the owner); the run record keeps them. */
  function fire(functionName: string, args: readonly unknown[], options: RunOptions, triggerUid?: string): void {
    if (!exports.includes(functionName)) return;
    try {
      invoke(functionName, args, options, triggerUid);
    } catch {
      // recorded in runs
    }
  }

  function deliverEdit(event: EditEvent): void {
    const single = event.values.length === 1 && event.values[0]?.length === 1;
    const build = (authMode: AuthModeName, activeUser: string, triggerUid?: string) => {
      const e: Record<string, unknown> = {
        authMode,
        range: event.range,
        user: createUserObject(world, activeUser),
      };
      // Built lazily: reading e.source costs the script the same call it would make itself.
      Object.defineProperty(e, 'source', { enumerable: true, get: () => emulator.spreadsheet.activeSpreadsheet() });
      // Edit event docs: value/oldValue only when the edited range is a single cell; oldValue is
      // undefined when the cell had no content before.
      if (single) {
        const value = eventValue(event.values[0]?.[0], world.timeZone);
        const oldValue = eventValue(event.oldValues[0]?.[0], world.timeZone);
        if (value !== undefined) e.value = value;
        if (oldValue !== undefined) e.oldValue = oldValue;
      }
      if (triggerUid !== undefined) e.triggerUid = triggerUid;
      return e;
    };
    const simpleUser = world.revealActiveUserToSimpleTriggers ? event.editor : '';
    fire('onEdit', [build('LIMITED', simpleUser)], { kind: 'simpleTrigger', authMode: 'LIMITED', user: event.editor });
    const editTriggers = emulator.triggerStore.list.filter((t) => t.eventType === 'ON_EDIT' && t.sourceId === emulator.documentId);
    for (const trigger of editTriggers) {
      const shown = world.revealActiveUserToSimpleTriggers || event.editor === trigger.owner ? event.editor : '';
      fire(
        trigger.handler,
        [build('FULL', shown, trigger.uid)],
        {
          kind: 'installableEdit',
          user: event.editor,
          owner: trigger.owner,
        },
        trigger.uid,
      );
    }
  }
  emulator.edits.listener = deliverEdit;

  function runClockTrigger(trigger: TriggerRecord, due: number): void {
    fire(
      trigger.handler,
      [clockEvent(world.clock.now(), trigger.uid)],
      {
        kind: 'timeDriven',
        user: trigger.owner,
        owner: trigger.owner,
      },
      trigger.uid,
    );
    // A trigger whose handler throws keeps its schedule; one deleted during its run stops.
    if (trigger.nextRunAt !== undefined && trigger.everyHours !== undefined) {
      let next = due + trigger.everyHours * HOUR_MS;
      while (next <= world.clock.now()) next += trigger.everyHours * HOUR_MS;
      trigger.nextRunAt = next;
    }
  }

  function advanceTo(time: Date | number): RunRecord[] {
    const target = typeof time === 'number' ? time : time.getTime();
    const firstRun = runs.length;
    for (;;) {
      const due = emulator.triggerStore.list
        .filter((t): t is TriggerRecord & { nextRunAt: number } => t.eventType === 'CLOCK' && t.nextRunAt !== undefined)
        .filter((t) => t.nextRunAt <= target)
        .sort((a, b) => a.nextRunAt - b.nextRunAt)[0];
      if (due === undefined) break;
      const when = due.nextRunAt;
      if (world.clock.now() < when) world.clock.set(when);
      runClockTrigger(due, when);
    }
    if (world.clock.now() < target) world.clock.set(target);
    return runs.slice(firstRun);
  }

  function findMenuItem(caption: string) {
    const search = (items: readonly { caption: string; functionName?: string; subMenu?: { items: readonly unknown[] } }[]): string | undefined => {
      for (const item of items) {
        if (item.caption === caption && item.functionName !== undefined) return item.functionName;
        const inner = item.subMenu === undefined ? undefined : search(item.subMenu.items as typeof items);
        if (inner !== undefined) return inner;
      }
      return undefined;
    };
    return search(world.ui.addonMenu?.items ?? []);
  }

  return {
    exports,
    loadCalls,
    runs,
    get edits() {
      const { delivered, dropped, waiting } = emulator.edits;
      return { delivered, dropped, waiting: waiting.length };
    },
    run: (functionName, args = [], options = { kind: 'menu' }) => invoke(functionName, args, options),
    open(options = {}) {
      const authMode = options.authMode ?? 'LIMITED';
      const user = world.currentUser;
      const e: Record<string, unknown> = {
        authMode,
        user: createUserObject(world, world.revealActiveUserToSimpleTriggers ? user : ''),
      };
      // In AuthMode.NONE the add-on may not touch the document, so the event carries no source.
      if (authMode !== 'NONE') {
        Object.defineProperty(e, 'source', { enumerable: true, get: () => emulator.spreadsheet.activeSpreadsheet() });
      }
      if (exports.includes('onOpen')) invoke('onOpen', [e], { kind: 'simpleTrigger', authMode, user });
    },
    install() {
      if (exports.includes('onInstall')) invoke('onInstall', [{ authMode: 'FULL' }], { kind: 'menu', authMode: 'FULL' });
    },
    clickMenu(caption) {
      const functionName = findMenuItem(caption);
      if (functionName === undefined) throw new Error(`no add-on menu item captioned "${caption}"`);
      return invoke(functionName, [], { kind: 'menu' });
    },
    scriptRun(functionName, args = []) {
      // The sidebar's google.script.run only has stubs for public top-level functions (a trailing
      // underscore makes one private), so anything else fails in the browser before reaching the
      // server. Message is V8's for calling a missing method (assumed, not seen from Apps Script).
      if (!exports.includes(functionName) || functionName.endsWith('_')) {
        throw new TypeError(`google.script.run.${functionName} is not a function`);
      }
      const sent = args.map((arg, index) => transferArgument(arg, String(index), new Set()));
      let result: unknown;
      try {
        result = invoke(functionName, sent, { kind: 'scriptRun', authMode: 'FULL' });
      } catch (thrown) {
        // The failure handler gets a new Error carrying only the message.
        throw new Error(messageOf(thrown));
      }
      return transferResult(result);
    },
    advance: (ms) => advanceTo(world.clock.now() + ms),
    advanceTo,
  };
}

function messageOf(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) return String(thrown.message);
  return String(thrown);
}

const isDate = (value: unknown) => Object.prototype.toString.call(value) === '[object Date]';
const isPlainObject = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * google.script.run's argument rules (HTML service reference): primitives, arrays and plain
 * objects pass; a Date, a function or a DOM element anywhere fails the request; circular
 * references fail; undefined array slots become null. The server always receives a copy. The
 * messages are the client library's ("Failed due to illegal value in property: <key>").
 */
function transferArgument(value: unknown, key: string, path: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || isDate(value) || typeof (value as { nodeType?: unknown }).nodeType === 'number') {
    throw new TypeError(`Failed due to illegal value in property: ${key}`);
  }
  if (path.has(value)) throw new TypeError('Failed due to circular reference.');
  path.add(value);
  try {
    if (Array.isArray(value)) {
      return Array.from(value, (item, index) => transferArgument(item, String(index), path) ?? null);
    }
    // Assumption: Maps, Sets, class instances and the like are refused like Dates.
    if (!isPlainObject(value)) throw new TypeError(`Failed due to illegal value in property: ${key}`);
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sent = transferArgument(v, k, path);
      if (sent !== undefined) copy[k] = sent;
    }
    return copy;
  } finally {
    path.delete(value);
  }
}

/**
 * A return value that holds a Date (or anything else illegal) anywhere reaches the success
 * handler as null: a well-known google.script.run behaviour, not stated in the reference.
 */
function transferResult(value: unknown): unknown {
  try {
    return transferArgument(value, 'result', new Set());
  } catch {
    return null;
  }
}

/**
 * e.value / e.oldValue as Sheets reports them: the cell's value as a string (checkboxes as
 * 'TRUE'/'FALSE'); undefined for an empty cell. Assumed: a date is reported as its serial number.
 */
function eventValue(value: unknown, timeZone: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) return String(toSerial((value as Date).getTime(), timeZone));
  return String(value);
}

/** The time-driven event object (event objects guide): fields in UTC, named with hyphens. */
function clockEvent(now: number, triggerUid: string): Record<string, unknown> {
  const d = new Date(now);
  const dayOfWeek = ((d.getUTCDay() + 6) % 7) + 1;
  return {
    authMode: 'FULL',
    'day-of-month': d.getUTCDate(),
    'day-of-week': dayOfWeek,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    month: d.getUTCMonth() + 1,
    second: d.getUTCSeconds(),
    timezone: 'UTC',
    triggerUid,
    'week-of-year': isoWeek(d),
    year: d.getUTCFullYear(),
  };
}

function isoWeek(d: Date): number {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day - weekday * 86_400_000 + 3 * 86_400_000;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / (7 * 86_400_000)) + 1;
}
