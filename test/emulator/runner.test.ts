import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/emulator/runner';
import { FIXTURE_DIR, makePlatform, START } from '../fixtures/fakeSpreadsheet';

const HOUR = 60 * 60 * 1000;
const TOPLEVEL_CALL_DIR = new URL('../fixtures/bundle-toplevel-call/', import.meta.url).pathname;

function setup(options: Parameters<typeof makePlatform>[0] = {}) {
  const emulator = makePlatform(options);
  const runner = loadBundle(emulator, { dir: FIXTURE_DIR });
  const logged = (label: string) =>
    emulator.logs
      .map((entry) => entry.message)
      .filter((message) => message.startsWith(`${label} `))
      .map((message) => JSON.parse(message.slice(label.length + 1)) as Record<string, unknown>);
  return { emulator, runner, logged };
}

describe('loading a bundle', () => {
  it('finds only top-level function declarations', () => {
    const { runner } = setup();
    expect(runner.exports).toContain('onOpen');
    expect(runner.exports).toContain('secret_');
    expect(runner.exports).not.toContain('innerOnly');
    expect(runner.exports).not.toContain('assignedNotDeclared');
    expect(runner.exports).not.toContain('Fixture');
  });

  it('makes no service call, and exposes any the top level makes', () => {
    const { runner } = setup();
    expect(runner.loadCalls).toEqual([]);
    const broken = loadBundle(makePlatform(), { dir: TOPLEVEL_CALL_DIR });
    expect(broken.loadCalls.map((c) => `${c.service}.${c.method}`)).toEqual(['Session.getScriptTimeZone']);
  });

  it('gives the script the emulator clock, host Dates and no timers', () => {
    const { emulator, runner } = setup();
    expect(runner.run('nowIso')).toBe(new Date(START).toISOString());
    emulator.clock.advance(1000);
    expect(runner.run('nowIso')).toBe(new Date(START + 1000).toISOString());
    expect(runner.run('isDate', [new Date()])).toBe(true);
    const scriptDate = runner.run('returnsDate') as { when: unknown };
    expect(scriptDate.when instanceof Date).toBe(true);
  });

  it('starts every execution with fresh globals, as Apps Script does', () => {
    const { runner } = setup();
    const first = runner.run('echo', [{}]) as { scopeRuns: number };
    const second = runner.run('echo', [{}]) as { scopeRuns: number };
    expect([first.scopeRuns, second.scopeRuns]).toEqual([1, 1]);
  });

  it('calls only declared top-level functions by name', () => {
    const { runner } = setup();
    expect(() => runner.run('innerOnly')).toThrow(/^Script function not found: innerOnly$/);
    expect(() => runner.run('assignedNotDeclared')).toThrow('Script function not found: assignedNotDeclared');
  });
});

describe('onOpen', () => {
  it('builds the menu in AuthMode.NONE without touching properties', () => {
    const { emulator, runner, logged } = setup();
    runner.open({ authMode: 'NONE' });
    expect(emulator.ui.addonMenu?.items.map((i) => i.functionName)).toEqual(['showSidebar']);
    expect(emulator.properties.document.size).toBe(0);
    expect(logged('onOpen')).toEqual([{ authMode: 'NONE', user: '' }]);
  });

  it('uses the document in LIMITED', () => {
    const { emulator, runner } = setup();
    runner.open();
    expect(emulator.ui.addonMenu?.items.map((i) => i.functionName)).toEqual(['showSidebar', 'sendDigest']);
    expect(emulator.properties.document.get('opened')).toBe('yes');
    runner.clickMenu('Open sidebar');
    expect(emulator.ui.sidebars[0]?.title).toBe('Handoff Register');
  });
});

describe('run kinds', () => {
  it('refuses MailApp to a simple trigger', () => {
    const { emulator, runner } = setup();
    expect(() => runner.run('sendDigest', [], { kind: 'simpleTrigger' })).toThrow(
      'You do not have permission to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail',
    );
    expect(runner.run('sendDigest', [], { kind: 'menu' })).toBe(99);
    expect(emulator.outbox).toHaveLength(1);
  });

  it('hides the active user from simple triggers only', () => {
    const { runner } = setup();
    expect(runner.run('whoAmI', [], { kind: 'simpleTrigger' })).toEqual({ active: '', effective: 'ana@example.com' });
    expect(runner.run('whoAmI', [], { kind: 'menu' })).toEqual({ active: 'ana@example.com', effective: 'ana@example.com' });
    expect(runner.scriptRun('whoAmI')).toEqual({ active: 'ana@example.com', effective: 'ana@example.com' });
  });

  it('gives the UI to menus and the sidebar but not to time-driven runs', () => {
    const { runner } = setup();
    expect(runner.run('tryUi', [], { kind: 'menu' })).toBe('ui ok');
    expect(runner.scriptRun('tryUi')).toBe('ui ok');
    expect(() => runner.run('tryUi', [], { kind: 'timeDriven' })).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('keeps user properties per user', () => {
    const { emulator, runner } = setup();
    runner.scriptRun('setPreference', ['compact']);
    emulator.setUser('ben@example.com');
    expect(runner.scriptRun('getPreference')).toBeNull();
    expect(emulator.properties.document.get('lastPreference')).toBe('compact');
  });

  it('fails waitLock while another process holds the document lock, and frees a run’s lock when it ends', () => {
    const { emulator, runner } = setup();
    emulator.holdDocumentLock();
    expect(runner.run('lockFor', [2000])).toBe(false);
    expect(() => runner.run('waitForLock', [30_000])).toThrow('Lock timeout: another process was holding the lock for too long.');
    expect(emulator.clock.now()).toBe(START + 32_000);
    emulator.releaseHeldDocumentLock();
    expect(runner.run('waitForLock', [1000])).toBe('locked');
    expect(runner.run('lockFor', [0])).toBe(true);
  });
});

describe('the six-minute limit', () => {
  it('kills a run at its first service call past six minutes', () => {
    const { runner } = setup();
    expect(runner.run('sleepMinutes', [6])).toBe('finished');
    expect(() => runner.run('sleepMinutes', [8])).toThrow(/^Exceeded maximum execution time$/);
    expect(runner.runs.at(-1)?.error).toBe('Exceeded maximum execution time');
  });

  it('cannot be caught by the script', () => {
    const { runner } = setup();
    expect(() => runner.run('sleepMinutes', [8, true])).toThrow('Exceeded maximum execution time');
  });

  it('also counts simulated service cost', () => {
    const { runner } = setup({ serviceCallCostMs: 4 * 60 * 1000 });
    // 4 min of call cost + 1 min sleep, twice: past the limit only when the run ends.
    expect(() => runner.run('sleepMinutes', [2])).toThrow('Exceeded maximum execution time');
  });
});

describe('google.script.run', () => {
  it('refuses private, nested and unknown functions', () => {
    const { runner } = setup();
    expect(() => runner.scriptRun('secret_')).toThrow(/^google\.script\.run\.secret_ is not a function$/);
    expect(() => runner.scriptRun('innerOnly')).toThrow('google.script.run.innerOnly is not a function');
    expect(() => runner.scriptRun('nope')).toThrow('google.script.run.nope is not a function');
  });

  it('refuses Dates, functions and DOM nodes anywhere in the arguments', () => {
    const { runner } = setup();
    expect(() => runner.scriptRun('echo', [new Date()])).toThrow(/^Failed due to illegal value in property: 0$/);
    expect(() => runner.scriptRun('echo', [{ due: new Date() }])).toThrow('Failed due to illegal value in property: due');
    expect(() => runner.scriptRun('echo', [{ list: [1, () => 2] }])).toThrow('Failed due to illegal value in property: 1');
    expect(() => runner.scriptRun('echo', [{ node: { nodeType: 1 } }])).toThrow('Failed due to illegal value in property: node');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => runner.scriptRun('echo', [loop])).toThrow('Failed due to circular reference.');
    expect(runner.runs).toHaveLength(0);
  });

  it('copies objects both ways', () => {
    const { runner } = setup();
    const sent = { name: 'Ana', tags: ['a', undefined], skip: undefined };
    const result = runner.scriptRun('echo', [sent]) as { received: Record<string, unknown> };
    expect(sent).toEqual({ name: 'Ana', tags: ['a', undefined], skip: undefined });
    expect(result.received).toEqual({ name: 'Ana', tags: ['a', null], seenByServer: true });
    expect(Object.getPrototypeOf(result.received)).toBe(Object.prototype);
  });

  it('hands the client null for a result holding a Date', () => {
    const { runner } = setup();
    expect(runner.scriptRun('returnsDate')).toBeNull();
  });

  it('passes a server error to the failure handler as a message', () => {
    const { runner } = setup();
    expect(() => runner.scriptRun('sendDigest', ['bad address'])).toThrow('Invalid email: bad address');
  });
});

describe('edit events', () => {
  it('gives value and oldValue for a single cell, as strings', () => {
    const { emulator, logged } = setup();
    emulator.userEdit('Sheet1', 'B2', [[42]]);
    emulator.userEdit('Sheet1', 'B2', [[true]]);
    const [first, second] = logged('onEdit');
    expect(first).toEqual({
      keys: ['authMode', 'range', 'source', 'user', 'value'],
      a1: 'B2',
      value: '42',
      hasValue: true,
      hasOldValue: false,
      user: '',
      authMode: 'LIMITED',
    });
    expect(second).toMatchObject({ value: 'TRUE', oldValue: '42', hasOldValue: true });
  });

  it('gives neither value nor oldValue for a multi-cell paste', () => {
    const { emulator, logged } = setup();
    emulator.userEdit('Sheet1', 'A1:B2', [
      [1, 2],
      [3, 4],
    ]);
    expect(logged('onEdit')).toEqual([
      { keys: ['authMode', 'range', 'source', 'user'], a1: 'A1:B2', hasValue: false, hasOldValue: false, user: '', authMode: 'LIMITED' },
    ]);
  });

  it('keeps at most two waiting events and drops the rest', () => {
    const { emulator, runner, logged } = setup();
    emulator.pauseEdits();
    emulator.userEdit('Sheet1', 'A1', [['one']]);
    emulator.userEdit('Sheet1', 'A2', [['two']]);
    emulator.userEdit('Sheet1', 'A3', [['three']]);
    expect(runner.edits).toEqual({ delivered: 0, dropped: 1, waiting: 2 });
    expect(emulator.cells.get('Sheet1!A3')).toBe('three');
    emulator.resumeEdits();
    expect(logged('onEdit').map((e) => e.a1)).toEqual(['A1', 'A2']);
    expect(runner.edits).toEqual({ delivered: 2, dropped: 0 + 1, waiting: 0 });
  });

  it('is never fired by a script’s own write', () => {
    const { emulator, runner, logged } = setup();
    runner.run('writeCell', ['by script']);
    expect(emulator.cells.get('Sheet1!A1')).toBe('by script');
    expect(logged('onEdit')).toEqual([]);
    expect(runner.edits).toEqual({ delivered: 0, dropped: 0, waiting: 0 });
  });

  it('also runs installable edit triggers as their owner, with triggerUid', () => {
    const { emulator, runner, logged } = setup({ owner: 'owner@example.com' });
    emulator.setUser('owner@example.com');
    const uid = runner.run('installEditTrigger');
    emulator.setUser('ana@example.com');
    emulator.userEdit('Sheet1', 'C3', [['x']]);
    expect(logged('tracked')).toEqual([{ authMode: 'FULL', triggerUid: uid, user: '', effective: 'owner@example.com' }]);
    expect(runner.runs.map((r) => [r.functionName, r.kind])).toContainEqual(['tracked', 'installableEdit']);
  });

  it('reveals the editor to simple triggers in the same domain', () => {
    const { emulator, logged } = setup({ revealActiveUserToSimpleTriggers: true });
    emulator.userEdit('Sheet1', 'A1', [['x']]);
    expect(logged('onEdit')[0]?.user).toBe('ana@example.com');
  });
});

describe('time-driven triggers', () => {
  it('fire every n hours after creation, as their owner, with the clock event object', () => {
    const { emulator, runner, logged } = setup();
    const uid = runner.run('installHourly', [2]);
    expect(runner.advance(90 * 60 * 1000)).toEqual([]);
    emulator.setUser('ben@example.com');
    const fired = runner.advance(5 * HOUR);
    expect(fired.map((r) => r.at - START)).toEqual([2 * HOUR, 4 * HOUR, 6 * HOUR]);
    expect(fired.every((r) => r.kind === 'timeDriven' && r.effectiveUser === 'ana@example.com' && r.triggerUid === uid)).toBe(true);
    expect(emulator.properties.script.get('hourly')).toBe('3');
    const [first] = logged('hourly');
    expect(first).toEqual({
      e: {
        authMode: 'FULL',
        'day-of-month': 3,
        'day-of-week': 1,
        hour: 11,
        minute: 0,
        month: 3,
        second: 0,
        timezone: 'UTC',
        triggerUid: uid,
        'week-of-year': 10,
        year: 2025,
      },
      active: 'ana@example.com',
      effective: 'ana@example.com',
    });
    expect(logged('hourlyUi')[0]).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('keep their schedule when the handler throws', () => {
    const { emulator, runner } = setup();
    runner.run('installHourly');
    emulator.properties.script.set('hourlyShouldThrow', 'yes');
    const fired = runner.advance(3 * HOUR);
    expect(fired.map((r) => r.error)).toEqual(['hourly failed', 'hourly failed', 'hourly failed']);
    expect(emulator.clock.now()).toBe(START + 3 * HOUR);
  });

  it('refuses sub-hourly schedules from the bundle', () => {
    const { runner } = setup();
    expect(() => runner.run('installEveryFiveMinutes')).toThrow('Add-ons may not create time-based triggers to run more frequently than once per hour.');
  });
});
