// Reading saved JSON back, naming the first thing that is wrong by its path
// ("emulator.triggers.list[0].eventType should be a string"), so a damaged save file is a clear
// message rather than a half-restored world.
export type Json = Record<string, unknown>;

export function fail(path: string, expected: string): never {
  throw new Error(`${path} should be ${expected}`);
}

export function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
  return value as Json;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array');
  return value;
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string');
  return value;
}

export function integer(value: unknown, path: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(path, `an integer >= ${min}`);
  return value;
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false');
  return value;
}
