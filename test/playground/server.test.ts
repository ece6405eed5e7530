// The playground server through real HTTP on a free port, in-process, over the built dist/: the
// state file across a restart, a corrupt file refused, saved work never overwritten (--demo,
// --reset, a first run), the demo, google.script.run's rules, grid edits reaching onEdit, a
// refused dropdown value, the clock, and the .xlsx download.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlaygroundState } from '../../playground/api';
import { SCRIPT_RUN_SHIM, withScriptRunShim } from '../../playground/bridge';
import { createDemoSession } from '../../playground/demo';
import { type Playground, parseArguments, startPlayground } from '../../playground/server';
import { columnLetters } from '../../playground/web/a1';
import { REGISTER_HEADERS } from '../../src/core/vocabulary';
import { HANDOFF } from '../helpers/register';

const ROOT = join(import.meta.dirname, '../..');
/** A Monday morning in London. */
const START = new Date('2026-11-16T09:00:00Z');
const OWNER = 'owner@example.com';

const open: Playground[] = [];
afterEach(async () => {
  for (const playground of open.splice(0)) await playground.close();
});

function tempStateFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'handoff-playground-')), 'nested', 'state.json');
}

async function start(options: { stateFile: string; reset?: boolean; demo?: boolean; wallClock?: Date; log?: (line: string) => void }): Promise<Playground> {
  const playground = await startPlayground({ port: 0, now: START, timeZone: 'Europe/London', user: OWNER, ...options });
  open.push(playground);
  return playground;
}

async function post(playground: Playground, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(playground.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

async function state(playground: Playground): Promise<PlaygroundState> {
  return (await (await fetch(`${playground.url}/api/state`)).json()) as PlaygroundState;
}

async function run(playground: Playground, name: string, ...args: unknown[]): Promise<unknown> {
  return (await post(playground, '/api/run', { name, args })).json;
}

const sheet = (s: PlaygroundState, name: string) => {
  const found = s.sheets.find((t) => t.name === name);
  if (!found) throw new Error(`no ${name} tab`);
  return found;
};

/** A tab's rows as objects keyed by header, from display values. */
const records = (s: PlaygroundState, name: string) => {
  const [header = [], ...rows] = sheet(s, name).display;
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
};

const column = (name: (typeof REGISTER_HEADERS)[number]) => columnLetters(REGISTER_HEADERS.indexOf(name) + 1);

/** A register set up from the menu, with one handoff and one output, all through the API. */
async function register(playground: Playground): Promise<void> {
  expect((await post(playground, '/api/menu', { functionName: 'setUpRegister' })).status).toBe(200);
  expect(await run(playground, 'saveHandoff', HANDOFF)).toEqual({ ok: true, result: { ok: true, handoffId: 'H-001' } });
  expect(await run(playground, 'logOutput', { handoffId: 'H-001', output: 'Spring offer post', link: 'https://docs.example.com/d/1' })).toEqual({
    ok: true,
    result: { ok: true, outputId: 'O-000001' },
  });
}

describe('starting empty', () => {
  it('opens the spreadsheet (menu built by onOpen), serves the state and saves it', async () => {
    const stateFile = tempStateFile();
    const playground = await start({ stateFile, reset: true });
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const s = await state(playground);
    expect({ now: s.now, timeZone: s.timeZone, user: s.user, name: s.spreadsheetName, tabs: s.sheets.map((t) => t.name), stateFile: s.stateFile }).toEqual({
      now: '2026-11-16T09:00:00.000Z',
      timeZone: 'Europe/London',
      user: OWNER,
      name: 'Handoff Register',
      tabs: ['Sheet1'],
      stateFile,
    });
    expect(s.menu).toEqual({
      title: 'Handoff Register',
      items: [
        { caption: 'Open sidebar', functionName: 'openSidebar' },
        { caption: 'Set up register', functionName: 'setUpRegister' },
        { caption: '' },
        { caption: 'Turn on reminders & Friday summary', functionName: 'turnOnReminders' },
        { caption: 'Turn off reminders & Friday summary', functionName: 'turnOffReminders' },
        { caption: 'Send reminders now', functionName: 'sendRemindersNow' },
        { caption: 'Generate Friday summary now', functionName: 'generateSummaryNow' },
        { caption: 'Archive old rows now', functionName: 'archiveOldRowsNow' },
        { caption: '' },
        { caption: 'Verify audit log', functionName: 'verifyAuditLog' },
        { caption: 'Check this spreadsheet', functionName: 'checkSpreadsheet' },
      ],
    });
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ format: 'handoff-register-playground', version: 1, runs: [] });
  });

  it('Open sidebar sets the register up and opens the sidebar until it is closed; alerts clear', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    const opened = (await post(playground, '/api/menu', { functionName: 'openSidebar' })).json as PlaygroundState;
    expect([opened.sidebarOpen, opened.sheets.map((t) => t.name)]).toEqual([true, ['Sheet1', 'Handoffs', 'Register', 'Audit log']]);
    expect(((await post(playground, '/api/sidebar/close', {})).json as PlaygroundState).sidebarOpen).toBe(false);
    const verified = (await post(playground, '/api/menu', { functionName: 'verifyAuditLog' })).json as PlaygroundState;
    expect(verified.alerts.map((a) => [a.title, a.at])).toEqual([['Audit log', '2026-11-16T09:00:00.000Z']]);
    expect(((await post(playground, '/api/alerts/clear', {})).json as PlaygroundState).alerts).toEqual([]);
    expect(await post(playground, '/api/menu', { functionName: 'runHourlyJob' })).toEqual({
      status: 400,
      json: { error: 'The add-on menu has no item that runs runHourlyJob.' },
    });
  });
});

describe('the state file', () => {
  it('a restart restores the workbook, properties, triggers, clock, outbox, runs and user', async () => {
    const stateFile = tempStateFile();
    const first = await start({ stateFile, reset: true });
    await register(first);
    await post(first, '/api/menu', { functionName: 'turnOnReminders' });
    await post(first, '/api/clock', { action: 'day' });
    await post(first, '/api/clock', { action: 'hour' });
    await post(first, '/api/user', { email: 'rae@example.com' });
    const before = await state(first);
    expect(before.outbox.map((m) => [m.at, m.to, m.subject])).toEqual([
      ['2026-11-16T10:00:00.000Z', 'rae@example.com', '[Handoff Register] 1 new item for you in Handoff Register'],
      ['2026-11-17T10:00:00.000Z', 'rae@example.com', '[Handoff Register] 1 item waiting for you in Handoff Register'],
    ]);
    expect(before.runs).toHaveLength(25);
    expect(before.runs.slice(0, 2)).toEqual([
      { at: '2026-11-17T10:00:00.000Z', functionName: 'runHourlyJob', error: null, result: 'Nothing to repair. Sent 1 reminder (1 item).' },
      { at: '2026-11-17T09:00:00.000Z', functionName: 'runHourlyJob', error: null, result: 'Nothing to repair. No reminders due.' },
    ]);
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await start({ stateFile });
    expect(second.startedFrom).toBe('saved');
    const after = await state(second);
    // Alerts and toasts are what the person was shown in that session; they do not survive a restart.
    expect(before.toasts.map((t) => t.message)).toEqual(['Set up: created the Handoffs tab; created the Register tab; created the Audit log tab.']);
    expect({ ...after, alerts: [], toasts: [] }).toEqual({ ...before, alerts: [], toasts: [] });
    expect([after.alerts, after.toasts]).toEqual([[], []]);
    expect(after.triggers).toEqual([{ handler: 'runHourlyJob', owner: OWNER, everyHours: 1 }]);
    // The trigger is still due on the hour.
    const next = (await post(second, '/api/clock', { action: 'hour' })).json as PlaygroundState;
    expect(next.runs[0]).toEqual({ at: '2026-11-17T11:00:00.000Z', functionName: 'runHourlyJob', error: null, result: 'Nothing to repair. No reminders due.' });
  });

  it.each([
    ['not JSON', '{ "format": ', 'it is not valid JSON (Unexpected end of JSON input)'],
    ['another format', '{"format":"something","version":1}', 'it is not a Handoff Register playground save (format should be "handoff-register-playground")'],
    [
      'a bad field',
      JSON.stringify({ format: 'handoff-register-playground', version: 1, runs: [], emulator: { format: 'apps-script-emulator', version: 1 } }),
      'emulator.workbook should be an object',
    ],
  ])('a corrupt file (%s) is refused with its name and problem, and kept as it was', async (_case, text, problem) => {
    const stateFile = tempStateFile();
    const good = await start({ stateFile, reset: true });
    await good.close();
    open.splice(open.indexOf(good), 1);
    writeFileSync(stateFile, text);
    await expect(startPlayground({ port: 0, stateFile })).rejects.toMatchObject({
      name: 'StateFileError',
      file: stateFile,
      message: `Cannot start from the saved playground in ${stateFile}: ${problem}.\nThe file was left exactly as it is. Fix it, move it away, or start afresh with --reset or --demo (either first moves it to a dated backup beside it).`,
    });
    expect(readFileSync(stateFile, 'utf8')).toBe(text);
  });

  describe('from the command line', () => {
    const server = join(ROOT, 'build/test/server.mjs');
    beforeAll(async () => {
      await esbuild.build({
        entryPoints: [join(ROOT, 'playground/server.ts')],
        outfile: server,
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
    });

    it('a corrupt file: the message on stderr, exit code 1, the file untouched', () => {
      const stateFile = tempStateFile().replace('nested/', '');
      writeFileSync(stateFile, 'garbage');
      const result = spawnSync(process.execPath, [server, '--state', stateFile], { encoding: 'utf8', env: { ...process.env, PORT: '0' }, timeout: 20_000 });
      expect([result.status, result.stdout, result.stderr]).toEqual([
        1,
        '',
        `Cannot start from the saved playground in ${stateFile}: it is not valid JSON (Unexpected token 'g', "garbage" is not valid JSON).\nThe file was left exactly as it is. Fix it, move it away, or start afresh with --reset or --demo (either first moves it to a dated backup beside it).\n`,
      ]);
      expect(readFileSync(stateFile, 'utf8')).toBe('garbage');
    });

    /** npm start in a folder of its own, until it says it is listening; what it printed, the port as PORT. */
    async function npmStart(cwd: string, ...args: string[]): Promise<string> {
      const child = spawn(process.execPath, [server, ...args], { cwd, env: { ...process.env, PORT: '0' } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', () => stdout.endsWith('Press Ctrl+C to stop.\n') && resolve());
          child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
        });
      } finally {
        child.kill('SIGTERM');
        if (child.exitCode === null) await once(child, 'exit');
      }
      expect(stderr).toBe('');
      return stdout.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT');
    }

    it('a fresh clone: plain npm start is the demo, and says so and how to start empty', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'handoff-playground-'));
      expect(await npmStart(cwd)).toBe(
        'No saved playground in .handoff-register/state.json yet, so this is the demo: a two-week pilot of three handoffs. To start empty instead: npm start -- --reset\n' +
          'Handoff Register playground: http://127.0.0.1:PORT  (state: .handoff-register/state.json; started from the demo pilot)\n' +
          'Press Ctrl+C to stop.\n',
      );
      expect(readdirSync(join(cwd, '.handoff-register'))).toEqual(['state.json']);
      // The next plain start carries on from it.
      expect(await npmStart(cwd)).toBe(
        'Handoff Register playground: http://127.0.0.1:PORT  (state: .handoff-register/state.json; started from the saved state)\nPress Ctrl+C to stop.\n',
      );
    }, 30_000);

    it.each([
      ['--demo', 'the demo pilot'],
      ['--reset', 'an empty spreadsheet'],
    ])(
      '%s over saved work: moved to a dated backup beside it, and the message says where',
      async (flag, from) => {
        const cwd = mkdtempSync(join(tmpdir(), 'handoff-playground-'));
        const saved = await start({ stateFile: join(cwd, '.handoff-register/state.json'), reset: true });
        await register(saved);
        const work = readFileSync(join(cwd, '.handoff-register/state.json'), 'utf8');
        const output = await npmStart(cwd, flag);
        const files = readdirSync(join(cwd, '.handoff-register')).sort();
        expect(files).toEqual([expect.stringMatching(/^state\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/), 'state.json']);
        const backup = `.handoff-register/${files[0]}`;
        expect(output).toBe(
          `Your saved playground was kept: moved to ${backup}. To open it again: npm start -- --state ${backup}\n` +
            `Handoff Register playground: http://127.0.0.1:PORT  (state: .handoff-register/state.json; started from ${from})\n` +
            'Press Ctrl+C to stop.\n',
        );
        expect(readFileSync(join(cwd, backup), 'utf8')).toBe(work);
        expect(await npmStart(cwd, '--state', backup)).toBe(
          `Handoff Register playground: http://127.0.0.1:PORT  (state: ${backup}; started from the saved state)\nPress Ctrl+C to stop.\n`,
        );
      },
      30_000,
    );
  });

  it('parses --demo, --reset and --state', () => {
    expect(parseArguments([])).toEqual({ demo: false, reset: false, stateFile: '.handoff-register/state.json' });
    expect(parseArguments(['--demo', '--state', 'x.json'])).toEqual({ demo: true, reset: false, stateFile: 'x.json' });
    expect(parseArguments(['--reset', '--state=y.json'])).toEqual({ demo: false, reset: true, stateFile: 'y.json' });
    expect(() => parseArguments(['--demo', '--reset'])).toThrow(new Error('--demo and --reset cannot be used together: pick one.'));
    expect(() => parseArguments(['--state'])).toThrow(new Error('--state needs a file path, e.g. --state ./my-state.json'));
    expect(() => parseArguments(['--port'])).toThrow(new Error('unknown option --port. Use --demo, --reset or --state <file>.'));
  });
});

describe('the sidebar bridge', () => {
  it('POST /api/run answers the server function, refuses private names, and the runner re-applies the rules', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    await register(playground);
    expect(await run(playground, 'logOutput_', {})).toEqual({ ok: false, error: 'google.script.run.logOutput_ is not a function' });
    expect(await run(playground, 'notThere', {})).toEqual({ ok: false, error: 'google.script.run.notThere is not a function' });
    expect(await run(playground, 'logOutput', { handoffId: 'H-404', output: 'x' })).toEqual({
      ok: true,
      result: { ok: false, errors: [{ field: 'handoffId', message: 'Handoff ID: H-404 does not exist' }] },
    });
    const sidebar = (await run(playground, 'getSidebarState')) as { ok: true; result: { user: string; handoffs: { handoffId: string }[] } };
    expect([sidebar.ok, sidebar.result.user, sidebar.result.handoffs.map((h) => h.handoffId)]).toEqual([true, OWNER, ['H-001']]);
  });

  it('GET /sidebar is dist/Sidebar.html with the shim first in <head>', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    const html = await (await fetch(`${playground.url}/sidebar`)).text();
    const built = readFileSync(join(ROOT, 'dist/Sidebar.html'), 'utf8');
    expect(html).toBe(withScriptRunShim(built));
    expect(html.indexOf(SCRIPT_RUN_SHIM)).toBeLessThan(html.indexOf('<script>', html.indexOf(SCRIPT_RUN_SHIM)));
    expect(withScriptRunShim('<p>x</p><script>go()</script>')).toBe(`<p>x</p><script>${SCRIPT_RUN_SHIM}</script><script>go()</script>`);
  });

  describe('the shim in a page', () => {
    /** Runs the shim against a fake window whose fetch records what it is sent and answers `answer`. */
    function page(answer: unknown) {
      const sent: { url: string; body: unknown }[] = [];
      const window: Record<string, unknown> = {};
      window.parent = window;
      const context = vm.createContext({
        window,
        location: { origin: 'http://127.0.0.1' },
        fetch: (url: string, init: { body: string }) => {
          sent.push({ url, body: JSON.parse(init.body) });
          return Promise.resolve({ json: () => Promise.resolve(answer) });
        },
      });
      vm.runInContext(SCRIPT_RUN_SHIM, context);
      const google = window.google as { script: { run: Record<string, (...args: unknown[]) => Record<string, (...args: unknown[]) => unknown>> } };
      return { sent, run: google.script.run };
    }

    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    it.each([
      ['a Date in a form', [{ handoffId: 'H-001', when: new Date() }], 'Failed due to illegal value in property: when'],
      ['a Date as the argument', [new Date()], 'Failed due to illegal value in property: 0'],
      ['a function in a list', [{ items: ['a', () => 1] }], 'Failed due to illegal value in property: 1'],
      ['a DOM node', [{ field: { nodeType: 1 } }], 'Failed due to illegal value in property: field'],
    ])('%s fails the call before anything is sent', async (_case, args, message) => {
      const { sent, run } = page({ ok: true, result: null });
      const failures: unknown[] = [];
      // The bridge's chain, typed loosely: a missing link fails the test with a TypeError.
      interface Chain {
        withFailureHandler(handler: (error: Error, user: unknown) => unknown): Chain;
        withUserObject(user: unknown): Chain;
        logOutput(...a: unknown[]): void;
      }
      const chain = run as unknown as Chain;
      chain
        .withFailureHandler((error: Error, user: unknown) => failures.push([error.message, user]))
        .withUserObject('ctx')
        .logOutput(...args);
      await settle();
      expect([failures, sent]).toEqual([[[message, 'ctx']], []]);
    });

    it('sends a JSON-safe copy and hands the result to the success handler with the user object', async () => {
      const { sent, run } = page({ ok: true, result: { outputId: 'O-000001' } });
      const results: unknown[] = [];
      const chained = run.withUserObject?.(7) as unknown as Record<string, (...a: unknown[]) => Record<string, (...a: unknown[]) => void>>;
      chained
        .withSuccessHandler?.((value: unknown, user: unknown) => results.push([value, user]))
        .logOutput?.({ handoffId: 'H-001', skip: undefined, list: [undefined, 1] });
      await settle();
      await settle();
      expect(sent).toEqual([{ url: '/api/run', body: { name: 'logOutput', args: [{ handoffId: 'H-001', list: [null, 1] }] } }]);
      expect(results).toEqual([[{ outputId: 'O-000001' }, 7]]);
    });

    it('a server error reaches the failure handler as an Error with its message', async () => {
      const { run } = page({ ok: false, error: 'Output: is required' });
      const failures: string[] = [];
      run.withFailureHandler?.((error: Error) => failures.push(`${error instanceof Error}:${error.message}`)).logOutput?.({});
      await settle();
      await settle();
      expect(failures).toEqual(['false:Output: is required']);
    });
  });
});

describe('the grid', () => {
  it('an edit is a user edit: onEdit stamps Decided at and audits it', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    await register(playground);
    await post(playground, '/api/clock', { action: 'hour' });
    await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Review minutes')}2`, values: [[4]] });
    const edited = await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Decision')}2`, values: [['Approve']] });
    expect(edited.status).toBe(200);
    const s = edited.json as PlaygroundState;
    expect(records(s, 'Register')[0]).toMatchObject({
      'Output ID': 'O-000001',
      Decision: 'Approve',
      'Decided at': '2026-11-16 10:00',
      Status: 'Awaiting next step',
    });
    const who = '(editor not shared by Google)';
    expect(
      records(s, 'Audit log')
        .filter((r) => r.Source === 'sheet edit')
        .map((r) => [r.When, r.Who, r['Output ID'], r.Field, r['Old value'], r['New value']]),
    ).toEqual([
      ['2026-11-16 10:00:00', who, 'O-000001', 'Review minutes', '', '4'],
      ['2026-11-16 10:00:00', who, 'O-000001', 'Decision', '', 'Approve'],
      ['2026-11-16 10:00:00', who, 'O-000001', 'Decided at', '', '2026-11-16 10:00'],
      ['2026-11-16 10:00:00', who, 'O-000001', 'Decided version', '', '"Spring offer post" https://docs.example.com/d/1'],
      ['2026-11-16 10:00:00', who, 'O-000001', 'Status', 'Awaiting review', 'Awaiting next step'],
    ]);
    expect([s.activeSheet, s.activeRange]).toEqual(['Register', `${column('Decision')}2`]);
  });

  it('a paste of several rows gives each row an Output ID and its handoff', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    await register(playground);
    const pasted = await post(playground, '/api/edit', {
      sheet: 'Register',
      a1: `${column('Output')}3`,
      values: [
        ['Autumn post', 'https://docs.example.com/d/2', 'H-001', ''],
        ['Winter post', 'https://docs.example.com/d/3', 'H-001', ''],
      ],
    });
    expect(records(pasted.json as PlaygroundState, 'Register').map((r) => [r['Output ID'], r.Task, r.Output, r['Review owner'], r.Status])).toEqual([
      ['O-000001', 'Social posts', 'Spring offer post', 'rae@example.com', 'Awaiting review'],
      ['O-000002', 'Social posts', 'Autumn post', 'rae@example.com', 'Awaiting review'],
      ['O-000003', 'Social posts', 'Winter post', 'rae@example.com', 'Awaiting review'],
    ]);
  });

  it("a value the dropdown refuses is a 400 with Sheets' message, and nothing changes", async () => {
    const stateFile = tempStateFile();
    const playground = await start({ stateFile, reset: true });
    await register(playground);
    const before = await state(playground);
    const saved = readFileSync(stateFile, 'utf8');
    const refused = await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Decision')}2`, values: [['Maybe']] });
    expect(refused).toEqual({
      status: 400,
      json: { error: `The data you entered in cell ${column('Decision')}2 violates the data validation rules set on this cell.` },
    });
    expect(await state(playground)).toEqual(before);
    expect(readFileSync(stateFile, 'utf8')).toBe(saved);
  });

  it.each([
    ['/api/edit', { sheet: 'Register', a1: 'A1', values: [] }, 'values should be a non-empty grid of strings, numbers and booleans'],
    ['/api/edit', { sheet: 'Nope', a1: 'A1', values: [['x']] }, 'no sheet named "Nope" in the workbook'],
    ['/api/clock', { action: 'week' }, 'action should be one of hour, day, friday'],
    ['/api/user', { email: 'rae' }, '"rae" is not an email address like name@example.com.'],
  ])('POST %s %j is a 400: %s', async (path, body, error) => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    expect(await post(playground, path, body)).toEqual({ status: 400, json: { error } });
  });

  it('refuses a POST that is not JSON, and a Host that is not local', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    const form = await fetch(`${playground.url}/api/alerts/clear`, {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([form.status, await form.json()]).toEqual([400, { error: 'send JSON (content-type: application/json)' }]);
    // A hostile name that resolves to 127.0.0.1 (DNS rebinding) still sends its own Host.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${playground.url}/api/state`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('every state answer says which state it is, so the page never applies an older one over a newer', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    const version = async (response: Promise<Response>) => (await response).headers.get('x-playground-state') ?? '';
    const first = await version(fetch(`${playground.url}/api/state`));
    expect(first).toMatch(/^[0-9a-z]+\.[0-9a-z]+:\d+$/);
    const [boot, count] = first.split(':') as [string, string];
    expect(await version(fetch(`${playground.url}/api/state`))).toBe(first);
    const changed = await version(
      fetch(`${playground.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'hour' }) }),
    );
    expect(changed).toBe(`${boot}:${Number(count) + 1}`);
    expect(await version(fetch(`${playground.url}/api/state`))).toBe(changed);
  });

  it('GET / serves the page, with its icon inline (no /favicon.ico to ask for); unknown routes are 404', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    const page = await fetch(`${playground.url}/`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const html = await page.text();
    expect(html).toContain('<title>Handoff Register playground</title>');
    expect(html.match(/<link rel="icon"[^>]*>/g)).toEqual([
      expect.stringMatching(/^<link rel="icon" href="data:image\/svg\+xml,%3Csvg [^"]+%3C\/svg%3E" \/>$/),
    ]);
    expect((await fetch(`${playground.url}/nope`)).status).toBe(404);
    expect(await post(playground, '/api/nope', {})).toEqual({ status: 404, json: { error: 'No such route: POST /api/nope' } });
  });
});

describe('the clock', () => {
  it.each([
    ['Monday 09:00', '2026-11-16T09:00:00Z', '2026-11-20T16:00:00.000Z'],
    ['Friday 15:59', '2026-11-20T15:59:00Z', '2026-11-20T16:00:00.000Z'],
    ['Friday 16:00', '2026-11-20T16:00:00Z', '2026-11-27T16:00:00.000Z'],
    ['Saturday', '2026-11-21T12:00:00Z', '2026-11-27T16:00:00.000Z'],
  ])('Next Friday 16:00 from %s', async (_case, now, friday) => {
    const playground = await startPlayground({ port: 0, stateFile: tempStateFile(), reset: true, now: new Date(now), timeZone: 'Europe/London', user: OWNER });
    open.push(playground);
    expect(((await post(playground, '/api/clock', { action: 'friday' })).json as PlaygroundState).now).toBe(friday);
  });

  it("is in the spreadsheet's time zone (New York: 16:00 is 21:00 UTC)", async () => {
    const playground = await startPlayground({ port: 0, stateFile: tempStateFile(), reset: true, now: START, timeZone: 'America/New_York', user: OWNER });
    open.push(playground);
    expect(((await post(playground, '/api/clock', { action: 'friday' })).json as PlaygroundState).now).toBe('2026-11-20T21:00:00.000Z');
  });
});

describe('saved work is never overwritten', () => {
  /** 2026-11-30 08:15:02 UTC, the real time of a start. */
  const WALL = new Date('2026-11-30T08:15:02.345Z');

  async function savedWork(stateFile: string): Promise<string> {
    const playground = await start({ stateFile, reset: true });
    await register(playground);
    await playground.close();
    open.splice(open.indexOf(playground), 1);
    return readFileSync(stateFile, 'utf8');
  }

  it('--demo moves the saved file to a dated backup beside it, byte for byte, and says where', async () => {
    const stateFile = tempStateFile();
    const work = await savedWork(stateFile);
    const lines: string[] = [];
    const demo = await start({ stateFile, demo: true, wallClock: WALL, log: (line) => lines.push(line) });
    const backup = join(dirname(stateFile), 'state.2026-11-30T08-15-02.json');
    expect([demo.startedFrom, demo.backup, lines]).toEqual([
      'demo',
      backup,
      [`Your saved playground was kept: moved to ${backup}. To open it again: npm start -- --state ${backup}`],
    ]);
    expect(readdirSync(dirname(stateFile)).sort()).toEqual(['state.2026-11-30T08-15-02.json', 'state.json']);
    expect(readFileSync(backup, 'utf8')).toBe(work);
    expect((await state(demo)).user).toBe('maya@example.com');
    // The backup opens as it was.
    const again = await start({ stateFile: backup });
    expect(again.startedFrom).toBe('saved');
    expect(records(await state(again), 'Register').map((o) => [o['Output ID'], o.Output])).toEqual([['O-000001', 'Spring offer post']]);
  }, 30_000);

  it('--reset backs up too; a second backup in the same second gets its own name', async () => {
    const stateFile = tempStateFile();
    const work = await savedWork(stateFile);
    const lines: string[] = [];
    const first = await start({ stateFile, reset: true, wallClock: WALL, log: (line) => lines.push(line) });
    expect([first.startedFrom, (await state(first)).sheets.map((t) => t.name)]).toEqual(['empty', ['Sheet1']]);
    await first.close();
    open.splice(open.indexOf(first), 1);
    const empty = readFileSync(stateFile, 'utf8');
    const second = await start({ stateFile, reset: true, wallClock: WALL, log: (line) => lines.push(line) });
    const dir = dirname(stateFile);
    const backups = [join(dir, 'state.2026-11-30T08-15-02.json'), join(dir, 'state.2026-11-30T08-15-02-2.json')];
    expect([first.backup, second.backup]).toEqual(backups);
    expect(lines).toEqual(backups.map((backup) => `Your saved playground was kept: moved to ${backup}. To open it again: npm start -- --state ${backup}`));
    expect(readdirSync(dir).sort()).toEqual(['state.2026-11-30T08-15-02-2.json', 'state.2026-11-30T08-15-02.json', 'state.json']);
    expect(readFileSync(backups[0] ?? '', 'utf8')).toBe(work);
    expect(readFileSync(backups[1] ?? '', 'utf8')).toBe(empty);
  }, 30_000);

  it('a first start, with no state file yet, is the demo and says how to start empty', async () => {
    const stateFile = tempStateFile();
    const lines: string[] = [];
    const playground = await start({ stateFile, wallClock: WALL, log: (line) => lines.push(line) });
    expect([playground.startedFrom, playground.backup, lines]).toEqual([
      'demo',
      undefined,
      [
        `No saved playground in ${stateFile} yet, so this is the demo: a two-week pilot of three handoffs. To start empty instead: npm start -- --reset --state ${stateFile}`,
      ],
    ]);
    expect(readdirSync(dirname(stateFile))).toEqual(['state.json']);
    expect(readFileSync(stateFile, 'utf8')).toBe(`${JSON.stringify(createDemoSession(ROOT).save())}\n`);
  }, 30_000);

  it('--demo or --reset with no state file: nothing to back up, nothing to say', async () => {
    const lines: string[] = [];
    for (const flag of [{ demo: true }, { reset: true }]) {
      const stateFile = tempStateFile();
      const playground = await start({ stateFile, ...flag, wallClock: WALL, log: (line) => lines.push(line) });
      expect([playground.backup, readdirSync(dirname(stateFile))]).toEqual([undefined, ['state.json']]);
    }
    expect(lines).toEqual([]);
  }, 30_000);
});

describe('--demo', () => {
  it('a two-week pilot: three handoffs, 31 outputs, stalled owners reminded at the next hour, the summary on Friday', async () => {
    const playground = await start({ stateFile: tempStateFile(), demo: true });
    expect(playground.startedFrom).toBe('demo');
    const s = await state(playground);
    expect([s.now, s.user, s.triggers, s.runs, s.outbox, s.alerts]).toEqual([
      '2026-11-19T15:00:00.000Z',
      'maya@example.com',
      [{ handler: 'runHourlyJob', owner: 'maya@example.com', everyHours: 1 }],
      [],
      [],
      [],
    ]);
    expect(records(s, 'Handoffs').map((h) => [h['Handoff ID'], h.Task, h['Input owner'], h['Review owner'], h['Next-step owner'], h.Status])).toEqual([
      ['H-001', 'Social posts for clients', 'leo@example.com', 'maya@example.com', 'priya@example.com', 'Active'],
      ['H-002', 'Client status updates', 'priya@example.com', 'leo@example.com', 'sam@example.com', 'Active'],
      ['H-003', 'Lead follow-up notes', 'sam@example.com', 'priya@example.com', 'sam@example.com', 'Pilot'],
    ]);
    const outputs = records(s, 'Register');
    const count = (status: string) => outputs.filter((o) => o.Status === status).length;
    expect([
      outputs.length,
      count('Shipped'),
      count('Awaiting review'),
      count('Awaiting next step'),
      count('Rejected'),
      count('Revised'),
      count('Shipped without approval'),
      count('Needs details'),
    ]).toEqual([31, 17, 4, 2, 2, 4, 1, 1]);
    expect(outputs.filter((o) => o['Rework cause'] !== '').map((o) => o['Rework cause'])).toEqual([
      'Input',
      'Input',
      'Prompt',
      'Prompt',
      'Input',
      'Input',
      'Input',
      'Prompt',
      'Input',
      'Input',
    ]);

    const hour = (await post(playground, '/api/clock', { action: 'hour' })).json as PlaygroundState;
    // Reminders were turned on at 15:00: the first digest tells each owner everything that waits on
    // them, and H-003's pilot week is over, so its report goes to the recipients and its owners.
    expect(hour.runs).toEqual([
      {
        at: '2026-11-19T16:00:00.000Z',
        functionName: 'runHourlyJob',
        error: null,
        result:
          'Nothing to repair. Pilot report for H-003: Promote, emailed to maya@example.com, sam@example.com, priya@example.com. Sent 4 reminders (10 items).',
      },
    ]);
    expect(hour.outbox.map((m) => [m.from, m.to, m.subject])).toEqual([
      ['maya@example.com', 'maya@example.com,sam@example.com,priya@example.com', '[Handoff Register] Pilot report: H-003 Lead follow-up notes'],
      ['maya@example.com', 'leo@example.com', '[Handoff Register] 3 new items for you in Handoff Register'],
      ['maya@example.com', 'priya@example.com', '[Handoff Register] 4 new items for you in Handoff Register'],
      ['maya@example.com', 'sam@example.com', '[Handoff Register] 1 new item for you in Handoff Register'],
      ['maya@example.com', 'maya@example.com', '[Handoff Register] 2 new items for you in Handoff Register'],
    ]);
    expect(hour.outbox.find((m) => m.to === 'priya@example.com')?.htmlBody).toContain('Follow-up: Kestrel Software');

    const friday = (await post(playground, '/api/clock', { action: 'friday' })).json as PlaygroundState;
    expect(friday.runs[0]).toEqual({
      at: '2026-11-20T16:00:00.000Z',
      functionName: 'runHourlyJob',
      error: null,
      result: 'Nothing to repair. Sent 4 reminders (9 items). Friday summary written and emailed to maya@example.com.',
    });
    expect(sheet(friday, 'Friday Summary').display[0]?.[0]).toBe(
      'Rework is where handoffs slowed this week: median 37 h. H-002 Client status updates: 3 of 3 reworks were caused by Input: revisit its Input required.',
    );
  }, 30_000);

  it('is the same pilot every time it is built', () => {
    expect(JSON.stringify(createDemoSession(ROOT).save())).toBe(JSON.stringify(createDemoSession(ROOT).save()));
  }, 30_000);
});

describe('GET /api/export.xlsx', () => {
  it('the workbook as .xlsx: values with their types, formats, bold frozen headers, dropdowns and checkboxes; widths, panes, tints and dates as the playground shows them', async () => {
    const playground = await start({ stateFile: tempStateFile(), reset: true });
    await register(playground);
    await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Review minutes')}2`, values: [[4]] });
    await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Decision')}2`, values: [['Approve']] });
    // A second output shipped without approval: its row is tinted.
    expect(await run(playground, 'logOutput', { handoffId: 'H-001', output: 'Autumn post', link: 'https://docs.example.com/d/2' })).toMatchObject({ ok: true });
    expect((await post(playground, '/api/edit', { sheet: 'Register', a1: `${column('Shipped')}3`, values: [[true]] })).status).toBe(200);
    // The Friday Summary tab, whose History weeks are yyyy-mm-dd text in the sheet.
    expect((await post(playground, '/api/menu', { functionName: 'generateSummaryNow' })).status).toBe(200);
    const summary = sheet(await state(playground), 'Friday Summary').display;
    const week = summary.findIndex((row) => row[0] === 'Week start') + 2;
    expect([summary[week - 1]?.[0], sheet(await state(playground), 'Friday Summary').numberFormats[week - 1]?.[0]]).toEqual(['2026-11-16', '@']);
    const response = await fetch(`${playground.url}/api/export.xlsx`);
    expect([response.status, response.headers.get('content-type'), response.headers.get('content-disposition')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `attachment; filename="Handoff Register.xlsx"; filename*=UTF-8''Handoff%20Register.xlsx`,
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Sheet1', 'Handoffs', 'Register', 'Friday Summary', 'Audit log']);
    const ws = book.getWorksheet('Register');
    if (!ws) throw new Error('no Register sheet');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...REGISTER_HEADERS]);
    const cell = (header: (typeof REGISTER_HEADERS)[number], row = 2) => ws.getCell(`${column(header)}${row}`);
    expect([cell('Output ID').value, cell('Version').value, cell('Shipped').value, cell('Decision').value, cell('Status').value]).toEqual([
      'O-000001',
      1,
      false,
      'Approve',
      'Awaiting next step',
    ]);
    // London is on UTC in November: the wall-clock time the sheet shows.
    expect([cell('Logged at').value, cell('Logged at').numFmt]).toEqual([new Date('2026-11-16T09:00:00Z'), 'yyyy-mm-dd hh:mm']);
    expect([cell('Output ID', 1).font?.bold, ws.views[0]]).toEqual([true, expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
    expect(cell('Decision', 500).dataValidation).toEqual({
      type: 'list',
      formulae: ['"Approve,Edit,Reject"'],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'stop',
    });
    expect(cell('Shipped', 3).dataValidation).toMatchObject({ type: 'list', formulae: ['"TRUE,FALSE"'] });

    // The grid's widths in characters (its pixels / 7): fitted to the text, Link held narrow, a
    // dropdown wide enough for its arrow, the hidden Seal still hidden.
    const width = (header: (typeof REGISTER_HEADERS)[number]) => [ws.getColumn(column(header)).width, ws.getColumn(column(header)).hidden];
    expect([width('Output ID'), width('Output'), width('Link'), width('Decision'), width('Status'), width('Seal')]).toEqual([
      [11.57, false],
      [19.57, false],
      [20, false],
      [14.86, false],
      [26.57, false],
      [25.57, true],
    ]);
    // Frozen panes: the header row and the first two columns (Output ID, Output), as in the sheet.
    expect(ws.views).toEqual([
      {
        workbookViewId: 0,
        rightToLeft: false,
        state: 'frozen',
        xSplit: 2,
        ySplit: 1,
        topLeftCell: 'C2',
        showRuler: true,
        showRowColHeaders: true,
        showGridLines: true,
        zoomScale: 100,
        zoomScaleNormal: 100,
      },
    ]);
    // Row tints: every cell of the unapproved row has the sheet's background; the approved row has none.
    const tint = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF4C7C3' } };
    expect([cell('Status', 3).value, cell('Output ID', 3).fill, cell('Status', 3).fill, cell('Seal', 3).fill]).toEqual([
      'Shipped without approval',
      tint,
      tint,
      tint,
    ]);
    expect(cell('Output ID', 2).fill).toEqual({ type: 'pattern', pattern: 'none' });
    // History's week start is a date with its format, not text.
    const history = book.getWorksheet('Friday Summary')?.getCell(`A${week}`);
    expect([history?.type, history?.value, history?.numFmt]).toEqual([ExcelJS.ValueType.Date, new Date('2026-11-16T00:00:00Z'), 'yyyy-mm-dd']);
  });
});
