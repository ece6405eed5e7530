import { blindTimeTrigger, charge, type World } from '../world';
import { executionOrDefault, requireAuth } from './auth';
import { strict } from './strict';

export type PropertyMap = Map<string, string>;

export interface PropertyStores {
  /** Shared by every user of the document. */
  readonly document: PropertyMap;
  /** Per effective user. */
  readonly user: Map<string, PropertyMap>;
  readonly script: PropertyMap;
}

export function createPropertyStores(): PropertyStores {
  return { document: new Map(), user: new Map(), script: new Map() };
}

// Quotas page: "Properties value size 9 KB / val", "Properties total storage 500 KB / property store".
const VALUE_LIMIT_BYTES = 9 * 1024;
const STORE_LIMIT_BYTES = 500 * 1024;
// Both messages are Apps Script's, as quoted in many public projects.
export const VALUE_TOO_LARGE_MESSAGE = 'Argument too large: value';
export const STORE_FULL_MESSAGE = 'You have exceeded the property storage quota. Please remove some properties and try again.';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export function createPropertiesService(world: World, stores: PropertyStores) {
  function open(getter: string, map: PropertyMap): GoogleAppsScript.Properties.Properties {
    charge(world, 'PropertiesService', getter);
    // AuthMode.NONE (add-on not yet used in this document) may not read or write properties.
    requireAuth(world, 'LIMITED', `PropertiesService.${getter}`);
    return propertiesOver(world, map);
  }
  const service: GoogleAppsScript.Properties.PropertiesService = {
    getDocumentProperties: () => {
      // Null outside a document (PropertiesService reference); a time-driven run that sees no
      // document under readings.timeTriggerSeesDocument false is outside one.
      if (blindTimeTrigger(world, 'document')) {
        charge(world, 'PropertiesService', 'getDocumentProperties');
        return null as unknown as GoogleAppsScript.Properties.Properties;
      }
      return open('getDocumentProperties', stores.document);
    },
    getScriptProperties: () => open('getScriptProperties', stores.script),
    getUserProperties() {
      const user = executionOrDefault(world).effectiveUser;
      let map = stores.user.get(user);
      if (map === undefined) {
        map = new Map();
        stores.user.set(user, map);
      }
      return open('getUserProperties', map);
    },
  };
  return strict('PropertiesService', service);
}

function propertiesOver(world: World, map: PropertyMap): GoogleAppsScript.Properties.Properties {
  function checkedWrite(entries: [string, string][], deleteAllOthers: boolean): void {
    const next = new Map(deleteAllOthers ? [] : map);
    for (const [key, value] of entries) {
      if (bytes(value) > VALUE_LIMIT_BYTES) throw new Error(VALUE_TOO_LARGE_MESSAGE);
      next.set(key, value);
    }
    let total = 0;
    for (const [key, value] of next) total += bytes(key) + bytes(value);
    if (total > STORE_LIMIT_BYTES) throw new Error(STORE_FULL_MESSAGE);
    map.clear();
    for (const [key, value] of next) map.set(key, value);
  }
  const properties: GoogleAppsScript.Properties.Properties = {
    getProperty(key) {
      charge(world, 'Properties', 'getProperty');
      return map.get(String(key)) ?? null;
    },
    // Apps Script stores every value as a string: setProperty('n', 5) reads back '5'.
    setProperty(key, value) {
      charge(world, 'Properties', 'setProperty');
      checkedWrite([[String(key), String(value)]], false);
      return wrapped;
    },
    setProperties(values: Record<string, unknown>, deleteAllOthers?: boolean) {
      charge(world, 'Properties', 'setProperties');
      checkedWrite(
        Object.entries(values).map(([key, value]) => [key, String(value)]),
        deleteAllOthers === true,
      );
      return wrapped;
    },
    getProperties() {
      charge(world, 'Properties', 'getProperties');
      return Object.fromEntries(map);
    },
    getKeys() {
      charge(world, 'Properties', 'getKeys');
      return [...map.keys()];
    },
    deleteProperty(key) {
      charge(world, 'Properties', 'deleteProperty');
      map.delete(String(key));
      return wrapped;
    },
    deleteAllProperties() {
      charge(world, 'Properties', 'deleteAllProperties');
      map.clear();
      return wrapped;
    },
  };
  const wrapped = strict('Properties', properties);
  return wrapped;
}
