import { createHash } from 'node:crypto';
import { charge, type World } from '../world';
import { executionOrDefault } from './auth';
import { strict } from './strict';

export function createUserObject(world: World, email: string): GoogleAppsScript.Base.User {
  return strict('User', {
    getEmail() {
      charge(world, 'User', 'getEmail');
      return email;
    },
    toString: () => email,
  }) as unknown as GoogleAppsScript.Base.User;
}

export function createSession(world: World, options: { locale: string; scriptId: string }) {
  const user = (email: string) => createUserObject(world, email);

  const session: Pick<
    GoogleAppsScript.Base.Session,
    'getActiveUser' | 'getEffectiveUser' | 'getScriptTimeZone' | 'getActiveUserLocale' | 'getTemporaryActiveUserKey'
  > = {
    // '' where Apps Script hides the person at the keyboard (see runner.ts activeUserFor).
    getActiveUser() {
      charge(world, 'Session', 'getActiveUser');
      return user(executionOrDefault(world).activeUser);
    },
    getEffectiveUser() {
      charge(world, 'Session', 'getEffectiveUser');
      return user(executionOrDefault(world).effectiveUser);
    },
    getScriptTimeZone() {
      charge(world, 'Session', 'getScriptTimeZone');
      return world.scriptTimeZone;
    },
    getActiveUserLocale() {
      charge(world, 'Session', 'getActiveUserLocale');
      return options.locale;
    },
    // Stable per user and script, opaque, and available even when the email is hidden.
    getTemporaryActiveUserKey() {
      charge(world, 'Session', 'getTemporaryActiveUserKey');
      const who = world.currentUser;
      return createHash('sha256').update(`${options.scriptId}:${who}`).digest('base64').slice(0, 43);
    },
  };
  return strict('Session', session);
}

export interface LogEntry {
  readonly level: 'log' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly at: number;
}

/** Logger and console write to one list the tests can read; neither is a counted service call. */
export function createLogging(world: World, logs: LogEntry[]) {
  const write = (level: LogEntry['level'], parts: unknown[]) => logs.push({ level, message: parts.map(describe).join(' '), at: world.clock.now() });
  const logger = strict('Logger', {
    log(format: unknown, ...values: unknown[]) {
      if (typeof format === 'string' && values.length > 0) {
        let index = 0;
        write('log', [format.replace(/%s/g, () => describe(values[index++]))]);
      } else {
        write('log', [format]);
      }
      return logger;
    },
    getLog: () => logs.map((entry) => entry.message).join('\n'),
    clear: () => {
      logs.length = 0;
    },
  });
  const console = {
    log: (...parts: unknown[]) => write('log', parts),
    info: (...parts: unknown[]) => write('info', parts),
    warn: (...parts: unknown[]) => write('warn', parts),
    error: (...parts: unknown[]) => write('error', parts),
  };
  return { Logger: logger, console };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? value.message;
  try {
    return typeof value === 'object' && value !== null && !(value instanceof Date) ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
