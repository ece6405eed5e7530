// The page's side of playground/api.ts: every POST answers the whole new state, or 400 { error }.
import { type ApiRequests, type PlaygroundState, STATE_VERSION_HEADER } from '../api';

export class ApiError extends Error {}

let sent = 0;
let applied = 0;
let appliedVersion: { readonly boot: string; readonly changes: number } | null = null;

/**
 * Answers arrive out of order (a poll started before a click can land after it, or answered just
 * before the click's change was made): only an answer whose state is no older than the last one
 * passed on is passed on, so the page never steps back. The server numbers its states; an answer
 * without a number (an older server) is judged by when its request was sent instead.
 */
export interface Fresh {
  readonly state: PlaygroundState;
  readonly text: string;
}

async function exchange(path: string, init: RequestInit): Promise<Fresh | null> {
  const ticket = ++sent;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('The playground server did not answer: is npm start still running?');
  }
  const text = await response.text();
  if (!response.ok) {
    let message = `${path} failed with HTTP ${response.status}`;
    try {
      const body = JSON.parse(text) as { error?: unknown };
      if (typeof body.error === 'string' && body.error !== '') message = body.error;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(message);
  }
  const version = /^(.+):(\d+)$/.exec(response.headers.get(STATE_VERSION_HEADER) ?? '');
  if (version) {
    const [boot, changes] = [version[1] as string, Number(version[2])];
    // Another start of the server (a restart) begins its own count.
    if (appliedVersion !== null && appliedVersion.boot === boot && changes < appliedVersion.changes) return null;
    appliedVersion = { boot, changes };
  } else {
    if (ticket < applied) return null;
    applied = ticket;
  }
  return { state: JSON.parse(text) as PlaygroundState, text };
}

export function fetchState(): Promise<Fresh | null> {
  return exchange('/api/state', { headers: { accept: 'application/json' } });
}

export function post<P extends keyof ApiRequests>(path: P, body: ApiRequests[P]): Promise<Fresh | null> {
  return exchange(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
