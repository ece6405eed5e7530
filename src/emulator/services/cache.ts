import { charge, type World } from '../world';
import { executionOrDefault } from './auth';
import { strict } from './strict';

type Entries = Map<string, { value: string; expiresAt: number }>;

export interface CacheState {
  readonly document: Entries;
  readonly script: Entries;
  readonly user: Map<string, Entries>;
}

export function createCacheState(): CacheState {
  return { document: new Map(), script: new Map(), user: new Map() };
}

// CacheService reference: default expiration 600 s, maximum 21600 s; keys up to 250 characters,
// values up to 100 KB. Real caches may also evict early; this one never does.
const DEFAULT_TTL_S = 600;
const MAX_TTL_S = 21600;
const MAX_KEY_CHARS = 250;
const MAX_VALUE_BYTES = 100 * 1024;

export function createCacheService(world: World, state: CacheState) {
  function cacheOver(entries: Entries): GoogleAppsScript.Cache.Cache {
    const live = (key: string): string | null => {
      const entry = entries.get(key);
      if (entry === undefined) return null;
      if (entry.expiresAt <= world.clock.now()) {
        entries.delete(key);
        return null;
      }
      return entry.value;
    };
    const store = (key: string, value: unknown, ttlSeconds: number | undefined) => {
      const text = String(value);
      if (key.length > MAX_KEY_CHARS) throw new Error('Argument too large: key');
      if (Buffer.byteLength(text, 'utf8') > MAX_VALUE_BYTES) throw new Error('Argument too large: value');
      const ttl = Math.min(ttlSeconds ?? DEFAULT_TTL_S, MAX_TTL_S);
      entries.set(key, { value: text, expiresAt: world.clock.now() + ttl * 1000 });
    };
    const cache: GoogleAppsScript.Cache.Cache = {
      get(key) {
        charge(world, 'Cache', 'get');
        return live(String(key));
      },
      getAll(keys) {
        charge(world, 'Cache', 'getAll');
        const found: Record<string, string> = {};
        for (const key of keys) {
          const value = live(String(key));
          if (value !== null) found[key] = value;
        }
        return found;
      },
      put(key: string, value: string, ttlSeconds?: number) {
        charge(world, 'Cache', 'put');
        store(String(key), value, ttlSeconds);
      },
      putAll(values: Record<string, unknown>, ttlSeconds?: number) {
        charge(world, 'Cache', 'putAll');
        for (const [key, value] of Object.entries(values)) store(key, value, ttlSeconds);
      },
      remove(key) {
        charge(world, 'Cache', 'remove');
        entries.delete(String(key));
      },
      removeAll(keys) {
        charge(world, 'Cache', 'removeAll');
        for (const key of keys) entries.delete(String(key));
      },
    };
    return strict('Cache', cache);
  }

  const service: GoogleAppsScript.Cache.CacheService = {
    getDocumentCache() {
      charge(world, 'CacheService', 'getDocumentCache');
      return cacheOver(state.document);
    },
    getScriptCache() {
      charge(world, 'CacheService', 'getScriptCache');
      return cacheOver(state.script);
    },
    getUserCache() {
      charge(world, 'CacheService', 'getUserCache');
      const user = executionOrDefault(world).effectiveUser;
      let entries = state.user.get(user);
      if (entries === undefined) {
        entries = new Map();
        state.user.set(user, entries);
      }
      return cacheOver(entries);
    },
  };
  return strict('CacheService', service);
}
