// The playground's own HTTP API between its page and its Node server (127.0.0.1 only). It is not
// part of the add-on: the add-on's surface is dist/Code.js, run here over the emulator.
import type { SheetSnapshot } from '../src/emulator/spreadsheet/index';

/** Everything the page draws. Dates are ISO strings (the server JSON-encodes snapshots). */
export interface PlaygroundState {
  readonly now: string;
  readonly timeZone: string;
  /** Who is at the keyboard (switchable, to play several people). */
  readonly user: string;
  readonly spreadsheetName: string;
  readonly activeSheet: string;
  readonly activeRange: string;
  /** Sheets in tab order: values, display, formats, backgrounds, validations, frozen rows, charts. */
  readonly sheets: readonly SheetSnapshot[];
  /** The add-on menu built by the bundle's onOpen: items with a function name, or separators. */
  readonly menu: { readonly title: string; readonly items: readonly { readonly caption: string; readonly functionName?: string }[] } | null;
  readonly alerts: readonly { readonly title: string; readonly prompt: string; readonly at: string }[];
  readonly toasts: readonly { readonly title: string; readonly message: string; readonly at: string }[];
  /** Whether the bundle asked for the sidebar (Open sidebar); the page then shows /sidebar. */
  readonly sidebarOpen: boolean;
  readonly outbox: readonly {
    readonly at: string;
    readonly from: string;
    readonly to: string;
    readonly cc: string;
    readonly subject: string;
    readonly body: string;
    readonly htmlBody: string;
  }[];
  /** Time-driven runs, newest first: when, what, and how it ended (the job's own summary when it has one). */
  readonly runs: readonly { readonly at: string; readonly functionName: string; readonly error: string | null; readonly result: string }[];
  readonly triggers: readonly { readonly handler: string; readonly owner: string; readonly everyHours: number | null }[];
  /** Where state is saved. */
  readonly stateFile: string;
}

/**
 * Sent with every PlaygroundState (GET /api/state and each POST's answer): "<start id>:<changes
 * saved>". Within one start of the server a higher count is a newer state.
 */
export const STATE_VERSION_HEADER = 'x-playground-state';

/** POST bodies. Every POST answers 200 with the new PlaygroundState, or 400 { error } (nothing changed). */
export interface ApiRequests {
  '/api/edit': { sheet: string; a1: string; values: (string | number | boolean)[][] };
  '/api/select': { sheet: string; a1: string };
  '/api/menu': { functionName: string };
  '/api/clock': { action: 'hour' | 'day' | 'friday' };
  '/api/user': { email: string };
  '/api/sidebar/close': Record<string, never>;
  '/api/alerts/clear': Record<string, never>;
}

/**
 * The sidebar's google.script.run bridge: POST /api/run { name, args } answers 200
 * { ok: true, result } or { ok: false, error } (the failure handler's message). The page-side shim
 * applies Apps Script's argument rules before sending (a Date, function or DOM node anywhere in
 * the arguments fails the call: "Failed due to illegal value in property: <key>"), and the
 * server applies them again through the emulator's runner.
 */
export interface RunRequest {
  readonly name: string;
  readonly args: readonly unknown[];
}

export type RunResponse = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: string };

/** GET routes: / (the page), /sidebar (dist/Sidebar.html with the bridge), /api/state, /api/export.xlsx. */
export const ROUTES = ['/', '/sidebar', '/api/state', '/api/export.xlsx', '/api/run'] as const;
