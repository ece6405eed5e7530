// A saved world restores to the same world: what the register shows, what it remembers, what it
// has sent, and the hourly trigger still due at its hour.
import { describe, expect, it } from 'vitest';
import { restoreEmulator, saveEmulator } from '../../src/emulator/persist';
import { loadBundle } from '../../src/emulator/runner';
import { DIST } from '../helpers/addon';
import { logOutput, startRegister } from '../helpers/register';

const HOUR = 3_600_000;

/** Everything but the call counters, which count this process's work, not the world's state. */
function state(emulator: ReturnType<typeof restoreEmulator>) {
  const { calls: _calls, ui: _ui, ...rest } = emulator.snapshot();
  return { ...rest, user: emulator.world.currentUser, mailUsage: [...emulator.mail.usage], nextTriggerId: emulator.triggerStore.nextId };
}

/** A register with outputs, a decision, reminders on and a reminder digest sent. */
function busyRegister() {
  const addon = startRegister();
  logOutput(addon, 'Spring offer post');
  logOutput(addon, 'Autumn offer post');
  addon.runner.scriptRun('reviewOutput', [{ outputId: 'O-000002', decision: 'Approve', reviewMinutes: 4 }]);
  addon.runner.clickMenu('Turn on reminders & Friday summary');
  addon.runner.advance(25 * HOUR + 30 * 60_000);
  addon.emulator.setUser('rae@example.com');
  return addon;
}

describe('saving and restoring an emulated world', () => {
  it('restores an identical snapshot, through JSON', () => {
    const addon = busyRegister();
    // Told of new work at the first run, reminded of it a day later.
    expect(addon.emulator.outbox.map((m) => m.to)).toEqual(['nick@example.com', 'rae@example.com', 'nick@example.com', 'rae@example.com']);
    const saved = JSON.parse(JSON.stringify(saveEmulator(addon.emulator)));
    const restored = restoreEmulator(saved);
    expect(state(restored)).toEqual(state(addon.emulator));
    expect(restored.world.timeZone).toBe('Europe/London');
    expect(saveEmulator(restored)).toEqual(saved);
  });

  it('the hourly trigger fires at its due time after a restore, and quota usage carries over', () => {
    const addon = busyRegister();
    const trigger = addon.emulator.triggers[0];
    expect(new Date(trigger?.nextRunAt ?? 0).toISOString()).toBe('2026-11-17T11:00:00.000Z');
    const restored = restoreEmulator(JSON.parse(JSON.stringify(saveEmulator(addon.emulator))));
    const runner = loadBundle(restored, { dir: DIST });
    expect(runner.advance(29 * 60_000)).toEqual([]);
    const runs = runner.advance(60_000);
    expect(runs.map((r) => [new Date(r.at).toISOString(), r.functionName, r.kind, r.effectiveUser, r.triggerUid, r.error])).toEqual([
      ['2026-11-17T11:00:00.000Z', 'runHourlyJob', 'timeDriven', 'owner@example.com', '1', undefined],
    ]);
    expect(restored.mail.usage.get('owner@example.com')).toEqual({ windowStart: Date.parse('2026-11-17T10:00:00Z'), used: 2 });
  });

  it.each([
    [{ format: 'something else' }, 'emulator.format should be "apps-script-emulator"'],
    [(s: Record<string, unknown>) => ({ ...s, now: 'yesterday' }), 'emulator.now should be an ISO date-time'],
    [
      (s: Record<string, unknown>) => ({ ...s, properties: { document: { hourlyJob: 5 }, user: {}, script: {} } }),
      'emulator.properties.document.hourlyJob should be a string',
    ],
    [(s: Record<string, unknown>) => ({ ...s, triggers: { nextId: 2, list: [{ uid: '1' }] } }), 'emulator.triggers.list[0].eventType should be a string'],
    [
      (s: Record<string, unknown>) => ({ ...s, workbook: { ...(s.workbook as object), timeZone: 'Mars/Olympus' } }),
      'restoreWorkbook: data.timeZone should be a known IANA time zone',
    ],
  ])('a malformed save is refused with the field it found wrong (%#)', (change, message) => {
    const saved = JSON.parse(JSON.stringify(saveEmulator(busyRegister().emulator))) as Record<string, unknown>;
    const data = typeof change === 'function' ? change(saved) : change;
    expect(() => restoreEmulator(data)).toThrow(new Error(message));
  });
});
