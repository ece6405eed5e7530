import { notImplemented } from '../world';

// Properties that JavaScript machinery (await, JSON, test matchers, util.inspect) probes on any
// object; answering them with undefined keeps a strict service printable and awaitable.
const probedByRuntime = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', 'constructor', 'inspect']);

/**
 * Wraps a service object so that any method the emulator does not implement throws
 * `not implemented in emulator: <Service>.<method>` instead of silently returning undefined.
 */
export function strict<T extends object>(serviceName: string, implementation: T): T {
  return new Proxy(implementation, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || property in target || probedByRuntime.has(property)) {
        return Reflect.get(target, property, receiver);
      }
      return notImplemented(`${serviceName}.${property}`);
    },
  });
}

/**
 * An Apps Script enum. Real enum values are objects whose toString() is their name; plain name
 * strings behave the same for ===, String(), JSON and switch, which is all scripts do with them.
 */
export function enumOf<const Names extends readonly string[]>(names: Names): { readonly [K in Names[number]]: K } {
  const result: Record<string, string> = {};
  for (const name of names) result[name] = name;
  return Object.freeze(result) as { readonly [K in Names[number]]: K };
}
