// One playground world: the real bundle (dist/Code.js) running over the emulator, the way the
// bundle tests drive it, plus what only the playground keeps (its log of time-driven runs, whether
// the sidebar is showing). Every action is synchronous, so an HTTP request never sees half of one.
import { join } from 'node:path';
import { instantOf, localParts, type Zone } from '../src/core/zone';
import { createEmulator, type Emulator } from '../src/emulator/index';
import { restoreEmulator, saveEmulator } from '../src/emulator/persist';
import { loadBundle, type RunRecord } from '../src/emulator/runner';
import type { WorkbookSnapshot } from '../src/emulator/spreadsheet/index';
import { offsetMinutesAt } from '../src/emulator/spreadsheet/values';
import type { PlaygroundState } from './api';
import { type RunLogEntry, type SavedPlayground, savedPlayground } from './state';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// The add-on keeps its job status here (src/server/jobstate.ts: JOB_KEY).
const JOB_PROPERTY = 'hourlyJob';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface FreshWorld {
  readonly now: Date | number;
  readonly timeZone: string;
  readonly user: string;
  readonly owner?: string;
  readonly revealActiveUserToSimpleTriggers?: boolean;
}

export type ClockAction = 'hour' | 'day' | 'friday';

export function createFreshSession(root: string, world: FreshWorld): Session {
  const emulator = createEmulator({ ...world, htmlDir: join(root, 'dist') });
  return createSession(root, emulator, []);
}

/** Throws the emulator's message (naming the bad field) when the save cannot be restored. */
export function restoreSession(root: string, saved: { emulator: unknown; runs: RunLogEntry[] }): Session {
  return createSession(root, restoreEmulator(saved.emulator, { htmlDir: join(root, 'dist') }), saved.runs);
}

function createSession(root: string, emulator: Emulator, savedRuns: readonly RunLogEntry[]) {
  const runner = loadBundle(emulator, { dir: join(root, 'dist') });
  const runs: RunLogEntry[] = [...savedRuns];
  // Opening the spreadsheet: the add-on has been used here, so onOpen runs LIMITED and builds the menu.
  runner.open({ authMode: 'LIMITED' });
  // Sidebars the bundle asked for before this count is reached have been closed.
  let sidebarsClosed = emulator.ui.sidebars.length;
  const { world } = emulator;

  function lastResult(): string {
    try {
      const job = JSON.parse(emulator.properties.document.get(JOB_PROPERTY) ?? '{}') as { lastResult?: unknown };
      return typeof job.lastResult === 'string' ? job.lastResult : '';
    } catch {
      return '';
    }
  }

  function record(run: RunRecord): void {
    if (run.kind !== 'timeDriven') return;
    runs.unshift({
      at: new Date(run.at).toISOString(),
      functionName: run.functionName,
      error: run.error ?? null,
      result: run.error === undefined ? lastResult() : '',
    });
  }

  /**
   * Moves the clock to `target`, stopping at each trigger's due time so each run's result is read
   * from the job status right after that run (runner.advanceTo alone would run them all first).
   */
  function advanceTo(target: number): void {
    for (;;) {
      const due = emulator.triggerStore.list
        .flatMap((t) => (t.eventType === 'CLOCK' && t.nextRunAt !== undefined && t.nextRunAt <= target ? [t.nextRunAt] : []))
        .sort((a, b) => a - b)[0];
      if (due === undefined) break;
      for (const run of runner.advanceTo(due)) record(run);
    }
    for (const run of runner.advanceTo(target)) record(run);
  }

  const zone: Zone = { offsetMinutes: (at) => offsetMinutes(world.timeZone, at) };

  /** The next Friday 16:00 in the spreadsheet's time zone strictly after now. */
  function nextFriday4pm(): number {
    const now = world.clock.now();
    const today = localParts(zone, new Date(now));
    const daysAhead = (5 - today.isoWeekday + 7) % 7;
    for (let extra = 0; ; extra += 7) {
      const day = new Date(Date.UTC(today.year, today.month - 1, today.day) + (daysAhead + extra) * DAY_MS);
      const at = instantOf(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 16).getTime();
      if (at > now) return at;
    }
  }

  function menuFunction(functionName: string): string {
    const items = world.ui.addonMenu?.items ?? [];
    if (!items.some((item) => item.functionName === functionName)) throw new Error(`The add-on menu has no item that runs ${functionName}.`);
    return functionName;
  }

  function state(stateFile: string): PlaygroundState {
    const workbook = emulator.snapshot().workbook as WorkbookSnapshot;
    const iso = (ms: number) => new Date(ms).toISOString();
    const menu = world.ui.addonMenu;
    return {
      now: iso(world.clock.now()),
      timeZone: world.timeZone,
      user: world.currentUser,
      spreadsheetName: workbook.name,
      activeSheet: workbook.activeSheet,
      activeRange: workbook.activeRange,
      sheets: workbook.sheets,
      menu:
        menu === undefined
          ? null
          : {
              title: menu.title,
              items: menu.items.map((item) =>
                item.functionName === undefined ? { caption: item.caption } : { caption: item.caption, functionName: item.functionName },
              ),
            },
      alerts: world.ui.alerts.map((a) => ({ title: a.title, prompt: a.prompt, at: iso(a.at) })),
      toasts: world.ui.toasts.map((t) => ({ title: t.title, message: t.message, at: iso(t.at) })),
      sidebarOpen: world.ui.sidebars.length > sidebarsClosed,
      outbox: emulator.outbox.map((m) => ({
        at: iso(m.at),
        from: m.from,
        to: m.to,
        cc: m.cc ?? '',
        subject: m.subject,
        body: m.body,
        htmlBody: m.htmlBody ?? '',
      })),
      runs: [...runs],
      triggers: emulator.triggers.map((t) => ({ handler: t.handler, owner: t.owner, everyHours: t.everyHours ?? null })),
      stateFile,
    };
  }

  return {
    emulator,
    runner,
    state,
    save: (): SavedPlayground => savedPlayground(saveEmulator(emulator), runs),
    /** Typing or pasting into the grid: the bundle's onEdit gets the event. Throws what Sheets would refuse. */
    edit(sheet: string, a1: string, values: (string | number | boolean)[][]): void {
      emulator.userEdit(sheet, a1, values);
    },
    select(sheet: string, a1: string): void {
      emulator.select(sheet, a1);
    },
    /** A menu item: only what the bundle's onOpen put in the menu can be clicked. */
    menu(functionName: string): void {
      runner.run(menuFunction(functionName), [], { kind: 'menu' });
    },
    clock(action: ClockAction): void {
      const now = world.clock.now();
      advanceTo(action === 'hour' ? now + HOUR_MS : action === 'day' ? now + DAY_MS : nextFriday4pm());
    },
    advanceTo,
    setUser(email: string): void {
      if (!EMAIL.test(email)) throw new Error(`"${email}" is not an email address like name@example.com.`);
      emulator.setUser(email);
    },
    /** google.script.run from the sidebar; the runner applies Apps Script's argument rules again. */
    scriptRun(name: string, args: readonly unknown[]): unknown {
      return runner.scriptRun(name, args);
    },
    closeSidebar(): void {
      sidebarsClosed = world.ui.sidebars.length;
    },
    clearAlerts(): void {
      world.ui.alerts.splice(0);
    },
  };
}

export type Session = ReturnType<typeof createSession>;

/** Minutes to add to UTC for local time in `timeZone` at `at`. */
export function offsetMinutes(timeZone: string, at: Date): number {
  return offsetMinutesAt(at.getTime(), timeZone);
}
