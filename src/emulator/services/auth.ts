import { type AuthModeName, currentExecution, type Execution, type World } from '../world';

const rank: Record<AuthModeName, number> = { NONE: 0, LIMITED: 1, FULL: 2 };

/**
 * The execution a service call belongs to. A call made outside any run (a test poking a global
 * directly) behaves as a FULL run by the current user, so services can be unit-tested alone.
 */
export function executionOrDefault(world: World): Execution {
  return (
    currentExecution(world) ?? {
      kind: 'menu',
      authMode: 'FULL',
      effectiveUser: world.currentUser,
      activeUser: world.currentUser,
      startedAt: world.clock.now(),
    }
  );
}

/**
 * Throws Apps Script's permission error when the current run's auth mode is below `minimum`.
 * `what` is the method as Apps Script names it ('MailApp.sendEmail'); `scope` is the OAuth scope
 * it would list. SpreadsheetApp should call requireAuth(world, 'LIMITED',
 * 'SpreadsheetApp.getActiveSpreadsheet', SCOPES.spreadsheetsCurrentOnly) so that AuthMode.NONE
 * (onOpen of an add-on not yet used in this document) cannot touch the spreadsheet.
 */
export function requireAuth(world: World, minimum: AuthModeName, what: string, scope?: string): void {
  const mode = executionOrDefault(world).authMode;
  if (rank[mode] >= rank[minimum]) return;
  throw permissionError(what, scope);
}

// Message as Apps Script prints it for a missing scope, e.g. "You do not have permission to call
// MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail".
// In AuthMode.NONE/LIMITED the real text may differ slightly (unverified for NONE).
export function permissionError(what: string, scope?: string): Error {
  const suffix = scope === undefined ? '' : ` Required permissions: ${scope}`;
  return new Error(`You do not have permission to call ${what}.${suffix}`);
}

export const SCOPES = {
  sendMail: 'https://www.googleapis.com/auth/script.send_mail',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  spreadsheetsCurrentOnly: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  container: 'https://www.googleapis.com/auth/script.container.ui',
} as const;
