// npm start: the whole add-on offline at http://127.0.0.1:8080. The real dist/Code.js runs over
// the emulator (playground/session.ts); this file is the HTTP side of playground/api.ts, the
// state file, and the command line. It listens on 127.0.0.1 only: the playground has no users
// or passwords, and anyone who can reach it can act as anyone.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { type ApiRequests, type RunResponse, STATE_VERSION_HEADER } from './api';
import { withScriptRunShim } from './bridge';
import { createDemoSession } from './demo';
import { renderXlsx, xlsxFileName } from './export';
import { type ClockAction, createFreshSession, restoreSession, type Session } from './session';
import { backUpStateFile, DEFAULT_STATE_FILE, readStateFile, StateBackupError, StateFileError, writeStateFile } from './state';

export interface PlaygroundOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly stateFile: string;
  /** Start from the demo pilot; a saved state file is first moved to a dated backup beside it. */
  readonly demo?: boolean;
  /** Start from an empty spreadsheet; a saved state file is first moved to a dated backup beside it. */
  readonly reset?: boolean;
  /** The real time, for a backup's name; now unless given (tests). */
  readonly wallClock?: Date;
  /** Where the lines a person should read go (npm start: stdout): a backup made, a first run. */
  readonly log?: (line: string) => void;
  /** Where dist/ and playground/web/ are; found from this file when not given. */
  readonly root?: string;
  /** For an empty start: the clock, the spreadsheet's time zone, who is at the keyboard. */
  readonly now?: Date | number;
  readonly timeZone?: string;
  readonly user?: string;
}

export interface Playground {
  readonly url: string;
  readonly stateFile: string;
  readonly session: Session;
  /** What it started from: the demo pilot, an empty spreadsheet, or the state file. */
  readonly startedFrom: 'demo' | 'empty' | 'saved';
  /** Where --demo or --reset moved the saved state file; undefined when there was none. */
  readonly backup: string | undefined;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_USER = 'you@example.com';

/** The repository root: the nearest folder above this file with a package.json (works from build/ too). */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (no package.json above the playground)');
    dir = parent;
  }
  return dir;
}

/** A path as a person at this terminal would type it: relative when it is under the working folder. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

interface Opened {
  readonly session: Session;
  readonly startedFrom: Playground['startedFrom'];
  /** The state file is in the way of what was asked for (--demo or --reset). */
  readonly replaces: boolean;
}

/** Throws StateFileError when the state file exists but cannot be used; the file is not touched. */
function openSession(root: string, options: PlaygroundOptions): Opened {
  const fresh = () =>
    createFreshSession(root, {
      // A fresh clock starts at the real time, to the minute, so the first screen reads naturally.
      now: options.now ?? Math.floor(Date.now() / 60_000) * 60_000,
      timeZone: options.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
      user: options.user ?? DEFAULT_USER,
    });
  if (options.demo) return { session: createDemoSession(root), startedFrom: 'demo', replaces: true };
  if (options.reset) return { session: fresh(), startedFrom: 'empty', replaces: true };
  const saved = readStateFile(options.stateFile);
  // A first run (no state yet) shows the add-on at work rather than an empty sheet.
  if (saved === undefined) return { session: createDemoSession(root), startedFrom: 'demo', replaces: false };
  try {
    return { session: restoreSession(root, saved), startedFrom: 'saved', replaces: false };
  } catch (error) {
    throw new StateFileError(options.stateFile, (error as Error).message);
  }
}

async function buildPage(root: string): Promise<{ ok: true; html: string } | { ok: false; error: string }> {
  const web = join(root, 'playground/web');
  if (!existsSync(join(web, 'index.html')) || !existsSync(join(web, 'main.ts'))) {
    return {
      ok: true,
      html: '<!doctype html><title>Handoff Register playground</title><p>The playground page (playground/web/) is not built yet. The API is up: <a href="/api/state">/api/state</a>, <a href="/sidebar">/sidebar</a>.</p>',
    };
  }
  try {
    const script = await esbuild.build({
      entryPoints: [join(web, 'main.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const js = (script.outputFiles[0]?.text ?? '').replace(/<\/script/gi, '<\\/script');
    const cssFile = join(web, 'styles.css');
    const css = existsSync(cssFile) ? readFileSync(cssFile, 'utf8').replace(/<\/style/gi, '<\\/style') : '';
    const template = readFileSync(join(web, 'index.html'), 'utf8');
    const withStyles = template.includes('<!-- inline:styles -->')
      ? template.replace('<!-- inline:styles -->', () => `<style>${css}</style>`)
      : template.replace('</head>', () => `<style>${css}</style></head>`);
    const html = withStyles.includes('<!-- inline:script -->')
      ? withStyles.replace('<!-- inline:script -->', () => `<script>${js}</script>`)
      : withStyles.replace('</body>', () => `<script>${js}</script></body>`);
    return { ok: true, html };
  } catch (error) {
    return { ok: false, error: `The playground page did not build: ${(error as Error).message}` };
  }
}

class BadRequest extends Error {}

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new BadRequest(`${key} should be a non-empty string`);
  return value;
}

function requireGrid(value: unknown): (string | number | boolean)[][] {
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (line) => Array.isArray(line) && line.length > 0 && line.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
    );
  if (!ok) throw new BadRequest('values should be a non-empty grid of strings, numbers and booleans');
  return value as (string | number | boolean)[][];
}

const CLOCK_ACTIONS: readonly ClockAction[] = ['hour', 'day', 'friday'];

/** The POST routes that answer the new state. Each throws what the user should read. */
function applyPost(session: Session, path: string, body: Record<string, unknown>): void {
  switch (path as keyof ApiRequests) {
    case '/api/edit':
      return session.edit(requireString(body, 'sheet'), requireString(body, 'a1'), requireGrid(body.values));
    case '/api/select':
      return session.select(requireString(body, 'sheet'), requireString(body, 'a1'));
    case '/api/menu':
      return session.menu(requireString(body, 'functionName'));
    case '/api/clock': {
      const action = body.action as ClockAction;
      if (!CLOCK_ACTIONS.includes(action)) throw new BadRequest(`action should be one of ${CLOCK_ACTIONS.join(', ')}`);
      return session.clock(action);
    }
    case '/api/user':
      return session.setUser(requireString(body, 'email'));
    case '/api/sidebar/close':
      return session.closeSidebar();
    case '/api/alerts/clear':
      return session.clearAlerts();
    default:
      throw new NotFound();
  }
}

class NotFound extends Error {}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  // A page on another site can POST a form here but cannot send application/json without a
  // preflight this server never answers: that keeps cross-site requests out.
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new BadRequest('send JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('the request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequest('the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('the request body should be a JSON object');
  return body as Record<string, unknown>;
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const root = options.root ?? findRoot();
  const stateFile = options.stateFile;
  const log = options.log ?? (() => {});
  const { session, startedFrom, replaces } = openSession(root, options);
  // Nothing saved is ever overwritten: --demo and --reset first move the old file aside.
  const backup = replaces ? backUpStateFile(stateFile, options.wallClock ?? new Date()) : undefined;
  if (backup !== undefined) {
    log(`Your saved playground was kept: moved to ${shown(backup)}. To open it again: npm start -- --state ${shown(backup)}`);
  } else if (startedFrom === 'demo' && !replaces) {
    const where = resolve(stateFile) === resolve(DEFAULT_STATE_FILE) ? '' : ` --state ${shown(stateFile)}`;
    log(
      `No saved playground in ${shown(stateFile)} yet, so this is the demo: a two-week pilot of three handoffs. To start empty instead: npm start -- --reset${where}`,
    );
  }
  // Which state an answer carries: this start's id and a count of the changes saved so far. The
  // page applies an answer only if it is no older than the one on screen, whatever order the
  // answers arrive in (a poll answered just before an edit lands must not undo the edit's answer).
  const boot = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
  let changes = 0;
  const stateVersion = () => ({ [STATE_VERSION_HEADER]: `${boot}:${changes}` });
  const save = () => {
    changes += 1;
    writeStateFile(stateFile, session.save());
  };
  save();
  const page = await buildPage(root);
  const sidebarHtml = withScriptRunShim(readFileSync(join(root, 'dist/Sidebar.html'), 'utf8'));

  const send = (response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    response.end(body);
  };
  const json = (response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
    send(response, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);

  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    // DNS rebinding: a hostile name that resolves to 127.0.0.1 still carries its own Host header.
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(host))
      return send(response, 403, 'text/plain; charset=utf-8', 'The playground answers only to 127.0.0.1 or localhost.');
    try {
      if (request.method === 'GET') {
        if (path === '/')
          return page.ok ? send(response, 200, 'text/html; charset=utf-8', page.html) : send(response, 500, 'text/plain; charset=utf-8', page.error);
        if (path === '/sidebar') return send(response, 200, 'text/html; charset=utf-8', sidebarHtml);
        if (path === '/api/state') return json(response, 200, session.state(stateFile), stateVersion());
        if (path === '/api/export.xlsx') {
          const name = xlsxFileName(session.emulator.workbook);
          const file = await renderXlsx(session.emulator.workbook);
          return send(response, 200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file, {
            'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          });
        }
        return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      }
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      const body = await readJson(request);
      if (path === '/api/run') {
        const name = body.name;
        const args = body.args;
        if (typeof name !== 'string' || !Array.isArray(args)) throw new BadRequest('send { name, args: [] }');
        let answer: RunResponse;
        try {
          answer = { ok: true, result: session.scriptRun(name, args) };
        } catch (error) {
          answer = { ok: false, error: (error as Error).message };
        }
        save();
        return json(response, 200, answer);
      }
      try {
        applyPost(session, path, body);
      } finally {
        // Saved whether or not it threw: a menu item that fails halfway may have written cells,
        // as it would in Sheets; an edit Sheets refuses wrote nothing, so this saves the same state.
        save();
      }
      return json(response, 200, session.state(stateFile), stateVersion());
    } catch (error) {
      if (error instanceof NotFound) return json(response, 404, { error: `No such route: POST ${path}` });
      return json(response, 400, { error: (error as Error).message });
    }
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    stateFile,
    session,
    startedFrom,
    backup,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}

// ---- The command line -------------------------------------------------------------------------

interface Cli {
  readonly demo: boolean;
  readonly reset: boolean;
  readonly stateFile: string;
}

export function parseArguments(argv: readonly string[]): Cli {
  let demo = false;
  let reset = false;
  let stateFile = DEFAULT_STATE_FILE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--demo') demo = true;
    else if (arg === '--reset') reset = true;
    else if (arg === '--state') {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error('--state needs a file path, e.g. --state ./my-state.json');
      stateFile = next;
    } else if (arg?.startsWith('--state=')) stateFile = arg.slice('--state='.length);
    else throw new Error(`unknown option ${arg}. Use --demo, --reset or --state <file>.`);
  }
  if (demo && reset) throw new Error('--demo and --reset cannot be used together: pick one.');
  return { demo, reset, stateFile };
}

async function main(): Promise<void> {
  let cli: Cli;
  try {
    cli = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`npm start: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`npm start: PORT should be a port number, got "${process.env.PORT}".\n`);
    process.exit(2);
  }
  try {
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const playground = await startPlayground({ port, stateFile: resolve(cli.stateFile), demo: cli.demo, reset: cli.reset, log });
    const from = { demo: 'the demo pilot', empty: 'an empty spreadsheet', saved: 'the saved state' }[playground.startedFrom];
    process.stdout.write(`Handoff Register playground: ${playground.url}  (state: ${cli.stateFile}; started from ${from})\nPress Ctrl+C to stop.\n`);
    const stop = () => {
      void playground.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (error instanceof StateFileError || error instanceof StateBackupError) process.stderr.write(`${error.message}\n`);
    else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      process.stderr.write(`Port ${port} is in use. Stop what runs there or pick another: PORT=8081 npm start\n`);
    else process.stderr.write(`The playground did not start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
