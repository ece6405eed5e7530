// How emulated objects meet the script: every call is charged, and a method the emulator lacks
// throws instead of reading as undefined (a silent undefined would hide a gap in the emulator).
import { charge, notImplemented, type World } from '../world';

export const SERVICE = 'SpreadsheetApp';

export function bill(world: World, method: string, cells?: { read?: number; written?: number }): void {
  charge(world, SERVICE, method, cells);
}

// Names test tools and runtimes probe on any object; they must not throw.
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', 'tagName', 'inspect', 'constructor', '$$typeof']);
const SINGLE_WORD_METHODS = new Set([
  'activate',
  'build',
  'check',
  'clear',
  'copy',
  'flush',
  'merge',
  'modify',
  'offset',
  'protect',
  'remove',
  'sort',
  'trim',
  'uncheck',
]);

function looksLikeMethod(name: string): boolean {
  if (PROBES.has(name)) return false;
  // Upper-case names are enums (SpreadsheetApp.BorderStyle): missing ones must not read as undefined either.
  return /^[a-z]+[A-Z0-9]/.test(name) || /^[A-Z]/.test(name) || SINGLE_WORD_METHODS.has(name);
}

/**
 * Wraps an emulated object so it can stand in for the full Apps Script interface T: what the
 * object implements works, any other method name throws "not implemented in emulator: Class.name".
 */
export function expose<T>(target: object, className: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object) return Reflect.get(object, property, receiver);
      if (looksLikeMethod(property)) notImplemented(`${className}.${property}`);
      return undefined;
    },
  }) as T;
}

/** An Apps Script enum value: prints as its name, compares by identity. */
export interface EnumValue {
  name(): string;
  ordinal(): number;
  toString(): string;
  toJSON(): string;
}

export function createEnum<const K extends string>(names: readonly K[]): Readonly<Record<K, EnumValue>> {
  const values = {} as Record<K, EnumValue>;
  names.forEach((name, index) => {
    values[name] = Object.freeze({ name: () => name, ordinal: () => index, toString: () => name, toJSON: () => name });
  });
  return Object.freeze(values);
}

export const DataValidationCriteriaEnum = createEnum([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
]);

export const ProtectionTypeEnum = createEnum(['RANGE', 'SHEET']);

/** Charts.ChartType, for the Charts global the services module mounts. */
export const ChartTypeEnum = createEnum([
  'TIMELINE',
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'RADAR',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TREEMAP',
  'WATERFALL',
]);

/** Apps Script's message when arguments match no overload, e.g. "(String,number)". */
export function signatureError(method: string, args: readonly unknown[]): Error {
  const error = new Error(`The parameters (${args.map(describeType).join(',')}) don't match the method signature for ${SERVICE}.${method}.`);
  error.name = 'Exception';
  return error;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `${value.length > 0 ? describeType(value[0]) : 'Object'}[]`;
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'number';
    case 'boolean':
      return 'Boolean';
    case 'undefined':
      return 'undefined';
    default:
      return Object.prototype.toString.call(value) === '[object Date]' ? 'Date' : 'Object';
  }
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
