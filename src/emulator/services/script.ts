import { charge, notImplemented, type World } from '../world';
import { executionOrDefault, requireAuth, SCOPES } from './auth';
import { enumOf, strict } from './strict';

export const AuthMode = enumOf(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
export const EventType = enumOf(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED']);
export const TriggerSource = enumOf(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR']);
export const WeekDay = enumOf(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY']);

export type TriggerEventType = 'CLOCK' | 'ON_EDIT' | 'ON_OPEN';

export interface TriggerRecord {
  readonly uid: string;
  readonly handler: string;
  readonly eventType: TriggerEventType;
  readonly source: 'CLOCK' | 'SPREADSHEETS';
  /** The spreadsheet id for spreadsheet triggers; null for clock triggers, as Apps Script returns. */
  readonly sourceId: string | null;
  readonly owner: string;
  /** The document the add-on was running in when the trigger was made: add-on limits are per document. */
  readonly documentId: string;
  readonly createdAt: number;
  readonly everyHours: number | undefined;
  /** When a clock trigger fires next; the runner moves it on after each run. */
  nextRunAt: number | undefined;
}

export interface TriggerStore {
  readonly list: TriggerRecord[];
  nextId: number;
}

export function createTriggerStore(): TriggerStore {
  return { list: [], nextId: 1 };
}

// From Apps Script, seen verbatim in add-on error reports.
export const TOO_MANY_CLOCK_TRIGGERS = 'This add-on has created too many time-based triggers in this document for this Google user account.';
// Assumption: the edit and open variants follow the time-based wording (not seen verbatim).
export const TOO_MANY_EDIT_TRIGGERS = 'This add-on has created too many edit triggers in this document for this Google user account.';
export const TOO_MANY_OPEN_TRIGGERS = 'This add-on has created too many open triggers in this document for this Google user account.';
// Seen in a public add-on's test suite; not confirmed against Google's own text.
export const SUBHOURLY_TRIGGER_MESSAGE = 'Add-ons may not create time-based triggers to run more frequently than once per hour.';
// everyHours accepts only these (ClockTriggerBuilder.everyHours reference); the message is ours.
const ALLOWED_HOURS = [1, 2, 4, 6, 8, 12];

const tooManyMessage: Record<TriggerEventType, string> = {
  CLOCK: TOO_MANY_CLOCK_TRIGGERS,
  ON_EDIT: TOO_MANY_EDIT_TRIGGERS,
  ON_OPEN: TOO_MANY_OPEN_TRIGGERS,
};

const HOUR_MS = 60 * 60 * 1000;

export function createScriptApp(world: World, store: TriggerStore, documentId: string, scriptId: string) {
  function guard(method: string): string {
    charge(world, 'ScriptApp', method);
    requireAuth(world, 'FULL', `ScriptApp.${method}`, SCOPES.scriptApp);
    return executionOrDefault(world).effectiveUser;
  }

  function install(draft: Omit<TriggerRecord, 'uid' | 'owner' | 'documentId' | 'createdAt' | 'nextRunAt'>): GoogleAppsScript.Script.Trigger {
    charge(world, 'ScriptApp', 'TriggerBuilder.create');
    requireAuth(world, 'FULL', 'ScriptApp.newTrigger', SCOPES.scriptApp);
    const owner = executionOrDefault(world).effectiveUser;
    // Editor add-ons: "Each add-on can only have one trigger of each type, per user, per document."
    const clash = store.list.some((t) => t.owner === owner && t.documentId === documentId && t.eventType === draft.eventType);
    if (clash) throw new Error(tooManyMessage[draft.eventType]);
    const createdAt = world.clock.now();
    const record: TriggerRecord = {
      ...draft,
      uid: String(store.nextId++),
      owner,
      documentId,
      createdAt,
      // Apps Script adds jitter within the hour; the emulator fires exactly on the hour mark.
      nextRunAt: draft.everyHours === undefined ? undefined : createdAt + draft.everyHours * HOUR_MS,
    };
    store.list.push(record);
    return triggerView(world, record);
  }

  function clockBuilder(handler: string) {
    let everyHours: number | undefined;
    let everyMinutes: number | undefined;
    const builder: Pick<GoogleAppsScript.Script.ClockTriggerBuilder, 'everyHours' | 'everyMinutes' | 'create'> = {
      everyHours(n) {
        if (!ALLOWED_HOURS.includes(n)) throw new Error(`everyHours(${n}): the interval must be one of 1, 2, 4, 6, 8 or 12.`);
        everyHours = n;
        return wrapped;
      },
      everyMinutes(n) {
        everyMinutes = n;
        return wrapped;
      },
      create() {
        // Editor add-ons may run time-driven triggers at most hourly, so any minute interval fails.
        if (everyMinutes !== undefined) throw new Error(SUBHOURLY_TRIGGER_MESSAGE);
        if (everyHours === undefined) notImplemented('ClockTriggerBuilder.create without everyHours(n)');
        return install({ handler, eventType: 'CLOCK', source: 'CLOCK', sourceId: null, everyHours });
      },
    };
    const wrapped = strict('ClockTriggerBuilder', builder) as unknown as GoogleAppsScript.Script.ClockTriggerBuilder;
    return wrapped;
  }

  function spreadsheetBuilder(handler: string, sourceId: string) {
    let eventType: TriggerEventType | undefined;
    const builder: Pick<GoogleAppsScript.Script.SpreadsheetTriggerBuilder, 'onEdit' | 'onOpen' | 'create'> = {
      onEdit() {
        eventType = 'ON_EDIT';
        return wrapped;
      },
      onOpen() {
        eventType = 'ON_OPEN';
        return wrapped;
      },
      create() {
        if (eventType === undefined) notImplemented('SpreadsheetTriggerBuilder.create without an event type');
        return install({ handler, eventType, source: 'SPREADSHEETS', sourceId, everyHours: undefined });
      },
    };
    const wrapped = strict('SpreadsheetTriggerBuilder', builder) as unknown as GoogleAppsScript.Script.SpreadsheetTriggerBuilder;
    return wrapped;
  }

  const scriptApp: Pick<GoogleAppsScript.Script.ScriptApp, 'newTrigger' | 'getProjectTriggers' | 'getUserTriggers' | 'deleteTrigger' | 'getScriptId'> = {
    newTrigger(functionName: string) {
      guard('newTrigger');
      const builder: Pick<GoogleAppsScript.Script.TriggerBuilder, 'timeBased' | 'forSpreadsheet'> = {
        timeBased: () => clockBuilder(functionName),
        // The bound spreadsheet is the only one an add-on sees; asking a Spreadsheet for its id
        // here would charge the script a call it never made.
        forSpreadsheet: (sheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string) =>
          spreadsheetBuilder(functionName, typeof sheet === 'string' ? sheet : documentId),
      };
      return strict('TriggerBuilder', builder) as unknown as GoogleAppsScript.Script.TriggerBuilder;
    },
    getProjectTriggers() {
      const user = guard('getProjectTriggers');
      return store.list.filter((t) => t.owner === user).map((t) => triggerView(world, t));
    },
    // Assumption: for an add-on, the user's triggers "in the given spreadsheet" include the
    // time-driven trigger it created while running in that spreadsheet.
    getUserTriggers(_document: unknown) {
      const user = guard('getUserTriggers');
      return store.list.filter((t) => t.owner === user && t.documentId === documentId).map((t) => triggerView(world, t));
    },
    deleteTrigger(trigger: GoogleAppsScript.Script.Trigger) {
      const user = guard('deleteTrigger');
      const uid = trigger.getUniqueId();
      // Another user's triggers are invisible to this one, so deleting them does nothing.
      const index = store.list.findIndex((t) => t.uid === uid && t.owner === user);
      if (index >= 0) store.list.splice(index, 1);
    },
    getScriptId() {
      charge(world, 'ScriptApp', 'getScriptId');
      return scriptId;
    },
  };
  return strict('ScriptApp', { ...scriptApp, AuthMode, EventType, TriggerSource, WeekDay });
}

function triggerView(world: World, record: TriggerRecord): GoogleAppsScript.Script.Trigger {
  const read =
    <T>(method: string, value: T) =>
    () => {
      charge(world, 'Trigger', method);
      return value;
    };
  const view = {
    getUniqueId: read('getUniqueId', record.uid),
    getHandlerFunction: read('getHandlerFunction', record.handler),
    getEventType: read('getEventType', record.eventType),
    getTriggerSource: read('getTriggerSource', record.source),
    getTriggerSourceId: read('getTriggerSourceId', record.sourceId),
  };
  return strict('Trigger', view) as unknown as GoogleAppsScript.Script.Trigger;
}
