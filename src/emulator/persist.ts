// A whole emulated world as JSON and back: the workbook, the property stores, the triggers with
// their next due time, the mail outbox and quota usage, the clock and who is at the keyboard. The
// playground saves it after every change. What lives only for one run (locks, cache, the UI log,
// call counters) is not kept, as Apps Script keeps none of it between executions either.
import { createEmulator, type Emulator, type EmulatorOptions } from './index';
import { array, boolean, fail, integer, object, string } from './jsonShape';
import type { SentEmail } from './services/mail';
import type { TriggerEventType, TriggerRecord } from './services/script';
import { serializeWorkbook } from './spreadsheet/index';
import type { Readings } from './world';

const FORMAT = 'apps-script-emulator';
const VERSION = 1;

export interface SavedEmulator {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly now: string;
  readonly user: string;
  readonly owner: string;
  readonly scriptTimeZone: string;
  readonly mailQuota: number;
  readonly revealActiveUserToSimpleTriggers: boolean;
  readonly serviceCallCostMs: number;
  readonly locale: string;
  /** The readings of open behaviours (world.ts); absent in files saved before they existed. */
  readonly readings?: Readings;
  readonly workbook: unknown;
  readonly properties: {
    readonly document: Record<string, string>;
    readonly user: Record<string, Record<string, string>>;
    readonly script: Record<string, string>;
  };
  readonly triggers: { readonly nextId: number; readonly list: readonly SavedTrigger[] };
  readonly mail: {
    readonly outbox: readonly SavedEmail[];
    readonly usage: readonly { readonly sender: string; readonly windowStart: string; readonly used: number }[];
  };
}

type SavedTrigger = Omit<TriggerRecord, 'createdAt' | 'everyHours' | 'nextRunAt'> & {
  readonly createdAt: string;
  readonly everyHours: number | null;
  readonly nextRunAt: string | null;
};

type SavedEmail = { readonly [K in keyof SentEmail]: K extends 'at' ? string : SentEmail[K] extends string | undefined ? string | null : SentEmail[K] };

const iso = (ms: number) => new Date(ms).toISOString();

export function saveEmulator(emulator: Emulator): SavedEmulator {
  const { world } = emulator;
  return {
    format: FORMAT,
    version: VERSION,
    now: iso(world.clock.now()),
    user: world.currentUser,
    owner: world.ownerEmail,
    scriptTimeZone: world.scriptTimeZone,
    mailQuota: emulator.mail.dailyQuota,
    revealActiveUserToSimpleTriggers: world.revealActiveUserToSimpleTriggers,
    serviceCallCostMs: world.serviceCallCostMs,
    locale: emulator.options.locale ?? 'en',
    readings: { ...world.readings },
    workbook: serializeWorkbook(emulator.workbook),
    properties: {
      document: Object.fromEntries(emulator.properties.document),
      user: Object.fromEntries([...emulator.properties.user].map(([user, map]) => [user, Object.fromEntries(map)])),
      script: Object.fromEntries(emulator.properties.script),
    },
    triggers: {
      nextId: emulator.triggerStore.nextId,
      list: emulator.triggerStore.list.map((t) => ({
        ...t,
        createdAt: iso(t.createdAt),
        everyHours: t.everyHours ?? null,
        nextRunAt: t.nextRunAt === undefined ? null : iso(t.nextRunAt),
      })),
    },
    mail: {
      outbox: emulator.mail.outbox.map((m) => ({
        ...m,
        cc: m.cc ?? null,
        bcc: m.bcc ?? null,
        htmlBody: m.htmlBody ?? null,
        name: m.name ?? null,
        replyTo: m.replyTo ?? null,
        at: iso(m.at),
      })),
      usage: [...emulator.mail.usage].map(([sender, u]) => ({ sender, windowStart: iso(u.windowStart), used: u.used })),
    },
  };
}

// ---- Restoring, naming the first thing that is wrong -------------------------------------------

function optionalString(value: unknown, path: string): string | undefined {
  return value === null || value === undefined ? undefined : string(value, path);
}

const count = (value: unknown, path: string): number => integer(value, path, 0);

function time(value: unknown, path: string): number {
  const ms = Date.parse(string(value, path));
  if (Number.isNaN(ms)) fail(path, 'an ISO date-time');
  return ms;
}

function restoreReadings(value: unknown, path: string): Readings {
  const data = object(value, path);
  const apostrophe = data.plainTextApostrophe;
  if (apostrophe !== 'kept' && apostrophe !== 'consumed') fail(`${path}.plainTextApostrophe`, '"kept" or "consumed"');
  return {
    plainTextApostrophe: apostrophe,
    timeTriggerSeesSpreadsheet: boolean(data.timeTriggerSeesSpreadsheet, `${path}.timeTriggerSeesSpreadsheet`),
    timeTriggerSeesDocument: boolean(data.timeTriggerSeesDocument, `${path}.timeTriggerSeesDocument`),
  };
}

function stringMap(value: unknown, path: string): Map<string, string> {
  return new Map(Object.entries(object(value, path)).map(([key, v]) => [key, string(v, `${path}.${key}`)]));
}

const EVENT_TYPES: readonly TriggerEventType[] = ['CLOCK', 'ON_EDIT', 'ON_OPEN'];

function restoreTrigger(value: unknown, path: string): TriggerRecord {
  const t = object(value, path);
  const eventType = string(t.eventType, `${path}.eventType`) as TriggerEventType;
  if (!EVENT_TYPES.includes(eventType)) fail(`${path}.eventType`, EVENT_TYPES.join(', '));
  const source = t.source === 'CLOCK' || t.source === 'SPREADSHEETS' ? t.source : fail(`${path}.source`, "'CLOCK' or 'SPREADSHEETS'");
  return {
    uid: string(t.uid, `${path}.uid`),
    handler: string(t.handler, `${path}.handler`),
    eventType,
    source,
    sourceId: t.sourceId === null ? null : string(t.sourceId, `${path}.sourceId`),
    owner: string(t.owner, `${path}.owner`),
    documentId: string(t.documentId, `${path}.documentId`),
    createdAt: time(t.createdAt, `${path}.createdAt`),
    everyHours: t.everyHours === null ? undefined : count(t.everyHours, `${path}.everyHours`),
    nextRunAt: t.nextRunAt === null ? undefined : time(t.nextRunAt, `${path}.nextRunAt`),
  };
}

function restoreEmail(value: unknown, path: string): SentEmail {
  const m = object(value, path);
  return {
    from: string(m.from, `${path}.from`),
    to: string(m.to, `${path}.to`),
    cc: optionalString(m.cc, `${path}.cc`),
    bcc: optionalString(m.bcc, `${path}.bcc`),
    subject: string(m.subject, `${path}.subject`),
    body: string(m.body, `${path}.body`),
    htmlBody: optionalString(m.htmlBody, `${path}.htmlBody`),
    name: optionalString(m.name, `${path}.name`),
    replyTo: optionalString(m.replyTo, `${path}.replyTo`),
    noReply: boolean(m.noReply, `${path}.noReply`),
    at: time(m.at, `${path}.at`),
  };
}

/**
 * Rebuilds the world saveEmulator saved. Throws an Error naming the first malformed field (the
 * workbook's own messages start with "restoreWorkbook:"), having changed nothing outside itself.
 */
export function restoreEmulator(data: unknown, options: Pick<EmulatorOptions, 'htmlDir'> = {}): Emulator {
  const root = object(data, 'emulator');
  if (root.format !== FORMAT) fail('emulator.format', JSON.stringify(FORMAT));
  if (root.version !== VERSION) fail('emulator.version', String(VERSION));
  const workbook = object(root.workbook, 'emulator.workbook');
  const properties = object(root.properties, 'emulator.properties');
  const triggers = object(root.triggers, 'emulator.triggers');
  const mail = object(root.mail, 'emulator.mail');
  // Parsed before anything is built, so a bad field fails before a half-made world exists.
  const document = stringMap(properties.document, 'emulator.properties.document');
  const script = stringMap(properties.script, 'emulator.properties.script');
  const user = new Map(
    Object.entries(object(properties.user, 'emulator.properties.user')).map(([who, map]) => [who, stringMap(map, `emulator.properties.user.${who}`)]),
  );
  const triggerList = array(triggers.list, 'emulator.triggers.list').map((t, i) => restoreTrigger(t, `emulator.triggers.list[${i}]`));
  const outbox = array(mail.outbox, 'emulator.mail.outbox').map((m, i) => restoreEmail(m, `emulator.mail.outbox[${i}]`));
  const usage = array(mail.usage, 'emulator.mail.usage').map((u, i) => {
    const entry = object(u, `emulator.mail.usage[${i}]`);
    return [
      string(entry.sender, `emulator.mail.usage[${i}].sender`),
      { windowStart: time(entry.windowStart, `emulator.mail.usage[${i}].windowStart`), used: count(entry.used, `emulator.mail.usage[${i}].used`) },
    ] as const;
  });
  const nextTriggerId = count(triggers.nextId, 'emulator.triggers.nextId');
  const locale = string(root.locale, 'emulator.locale');
  const readings = root.readings === undefined ? undefined : restoreReadings(root.readings, 'emulator.readings');
  const emulator = createEmulator({
    now: time(root.now, 'emulator.now'),
    // The workbook's own time zone replaces this one as it is restored.
    timeZone: 'UTC',
    scriptTimeZone: string(root.scriptTimeZone, 'emulator.scriptTimeZone'),
    user: string(root.user, 'emulator.user'),
    owner: string(root.owner, 'emulator.owner'),
    mailQuota: count(root.mailQuota, 'emulator.mailQuota'),
    revealActiveUserToSimpleTriggers: boolean(root.revealActiveUserToSimpleTriggers, 'emulator.revealActiveUserToSimpleTriggers'),
    serviceCallCostMs: count(root.serviceCallCostMs, 'emulator.serviceCallCostMs'),
    locale,
    ...(readings === undefined ? {} : { readings }),
    spreadsheetId: string(workbook.id, 'emulator.workbook.id'),
    name: string(workbook.name, 'emulator.workbook.name'),
    workbook,
    ...(options.htmlDir === undefined ? {} : { htmlDir: options.htmlDir }),
  });
  for (const [key, value] of document) emulator.properties.document.set(key, value);
  for (const [key, value] of script) emulator.properties.script.set(key, value);
  for (const [who, map] of user) emulator.properties.user.set(who, map);
  emulator.triggerStore.list.push(...triggerList);
  emulator.triggerStore.nextId = nextTriggerId;
  emulator.mail.outbox.push(...outbox);
  for (const [sender, entry] of usage) emulator.mail.usage.set(sender, entry);
  return emulator;
}
