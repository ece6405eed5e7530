// The one place that talks to the server. google.script.run exists only inside HtmlService;
// the preview and browser tests install a fake with the same shape before this script runs.
import type { ServerApi } from '../shared/rpc';

type ServerCalls = { [K in keyof ServerApi]: (...args: Parameters<ServerApi[K]>) => void };

interface ScriptRunner extends ServerCalls {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
}

declare const google: { readonly script: { readonly run: ScriptRunner } } | undefined;

export function call<K extends keyof ServerApi>(name: K, ...args: Parameters<ServerApi[K]>): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    if (typeof google === 'undefined') {
      reject(new Error('This sidebar runs inside Google Sheets: open it from Extensions ▸ Handoff Register.'));
      return;
    }
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((error) => reject(new Error(serverMessage(error))));
    (runner[name] as (...callArgs: Parameters<ServerApi[K]>) => void)(...args);
  });
}

/** Apps Script hands the failure handler an Error; its message may carry an "Exception: " prefix. */
function serverMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const plain = message.replace(/^(?:Error|Exception|ScriptError):\s*/, '').trim();
  return plain === '' ? 'The server did not answer. Check your connection and try again.' : plain;
}
