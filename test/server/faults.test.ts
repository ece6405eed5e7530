// Issue 9's guarantees, each proved by injecting a transient fault at every service call k of an
// operation in turn (the emulator's failCallAt), from the same saved state, through the built
// bundle: a call that reports an error has written nothing; a retry leaves exactly one row; every
// change has one audit row; the audit chain verifies; no email goes out twice and none is lost.
import { describe, expect, it } from 'vitest';
import { type Addon, restoreAddon, saveAddon } from '../helpers/addon';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;
/** Each trial restores a workbook and runs the bundle a few times: generous on a loaded two-core machine. */
const TIMEOUT = 240_000;

function state(addon: Addon): unknown {
  return { ...(workbookState(addon) as object), triggers: addon.emulator.snapshot().triggers };
}

function verify(addon: Addon): string {
  addon.runner.run('verifyAuditLog', [], { kind: 'menu' });
  return addon.emulator.ui.alerts.at(-1)?.prompt ?? '';
}

const INTACT = /^The Audit log is intact: all \d+ rows match their fingerprints\.$/;

type Step = (addon: Addon) => unknown;

/** How many service calls the operation makes when nothing fails. */
function callsOf(saved: ReturnType<typeof saveAddon>, operation: Step, prepare?: Step): number {
  const addon = restoreAddon(saved);
  prepare?.(addon);
  addon.emulator.counters.reset();
  operation(addon);
  return addon.emulator.counters.log.length;
}

interface Trial {
  readonly k: number;
  readonly threw: boolean;
  readonly addon: Addon;
}

/**
 * Runs the operation once per k with the k-th call failing; `check` sees each trial after its
 * retry. `prepare` runs first in each trial, unmeasured (a person's edit before its onEdit).
 */
function everyFault(saved: ReturnType<typeof saveAddon>, operation: Step, check: (trial: Trial) => void, prepare?: Step): number {
  const calls = callsOf(saved, operation, prepare);
  // A walk of no calls, or one where no fault ever surfaced, would prove nothing.
  expect(calls, 'the operation makes service calls').toBeGreaterThan(0);
  let reported = 0;
  for (let k = 1; k <= calls; k++) {
    const addon = restoreAddon(saved);
    prepare?.(addon);
    const before = state(addon);
    addon.emulator.failCallAt(k);
    let threw = false;
    try {
      operation(addon);
    } catch {
      threw = true;
    }
    addon.emulator.clearFaults();
    if (threw) expect(state(addon), `fault at call ${k} of ${calls}: the call failed, so nothing may have changed`).toEqual(before);
    if (threw) reported++;
    check({ k, threw, addon });
  }
  expect(reported, 'some faults were reported to the caller').toBeGreaterThan(0);
  return calls;
}

const auditRows = (addon: Addon, outputId: string, field: string) => addon.records('Audit log').filter((r) => r['Output ID'] === outputId && r.Field === field);

describe('a sidebar save that fails has written nothing, and its retry writes once', () => {
  it(
    'logOutput',
    () => {
      const addon = startRegister();
      logOutput(addon, 'First post');
      const saved = saveAddon(addon);
      const log = (a: Addon) => a.runner.scriptRun('logOutput', [{ handoffId: 'H-001', output: 'Second post' }]);
      const calls = everyFault(saved, log, ({ k, threw, addon: a }) => {
        if (threw) expect(log(a), `retry after a fault at call ${k}`).toEqual({ ok: true, outputId: 'O-000002' });
        expect(
          a.records('Register').map((r) => [r['Output ID'], r.Output]),
          `fault at call ${k}`,
        ).toEqual([
          ['O-000001', 'First post'],
          ['O-000002', 'Second post'],
        ]);
        expect(auditRows(a, 'O-000002', 'Logged'), `fault at call ${k}`).toHaveLength(1);
        expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
      });
      expect(calls).toBeGreaterThan(20);
    },
    TIMEOUT,
  );

  it(
    'reviewOutput',
    () => {
      const addon = startRegister();
      const id = logOutput(addon, 'First post');
      addon.emulator.setUser('rae@example.com');
      const saved = saveAddon(addon);
      const review = (a: Addon) =>
        a.runner.scriptRun('reviewOutput', [
          { outputId: id, decision: 'Reject', reviewMinutes: 7, reworkCause: 'Input', missed: 'Accuracy', notes: 'Wrong offer' },
        ]);
      everyFault(saved, review, ({ k, threw, addon: a }) => {
        if (threw) expect(review(a), `retry after a fault at call ${k}`).toEqual({ ok: true, outputId: id, status: 'Rejected' });
        expect(a.records('Register')[0], `fault at call ${k}`).toMatchObject({
          Decision: 'Reject',
          'Decided by': 'rae@example.com',
          'Review minutes': '7',
          Status: 'Rejected',
        });
        for (const field of ['Decision', 'Decided at', 'Review minutes', 'Rework cause', 'Status', 'Notes']) {
          expect(auditRows(a, id, field), `fault at call ${k}: audit rows for ${field}`).toHaveLength(1);
        }
        expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
      });
    },
    TIMEOUT,
  );

  it(
    'saveHandoff, new and changed',
    () => {
      const addon = startRegister();
      const saved = saveAddon(addon);
      const second = (a: Addon) => a.runner.scriptRun('saveHandoff', [{ ...HANDOFF, task: 'Client status updates' }]);
      everyFault(saved, second, ({ k, threw, addon: a }) => {
        if (threw) expect(second(a), `retry after a fault at call ${k}`).toEqual({ ok: true, handoffId: 'H-002' });
        expect(
          a.records('Handoffs').map((r) => [r['Handoff ID'], r.Task]),
          `fault at call ${k}`,
        ).toEqual([
          ['H-001', 'Social posts'],
          ['H-002', 'Client status updates'],
        ]);
        expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
      });
      const change = (a: Addon) => a.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', reviewCapMin: 20 }]);
      everyFault(saved, change, ({ k, threw, addon: a }) => {
        if (threw) expect(change(a), `retry after a fault at call ${k}`).toEqual({ ok: true, handoffId: 'H-001' });
        expect(
          a.records('Handoffs').map((r) => r['Review cap (min)']),
          `fault at call ${k}`,
        ).toEqual(['20']);
        expect(auditRows(a, '', 'H-001 Review cap (min)'), `fault at call ${k}`).toHaveLength(1);
        expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
      });
    },
    TIMEOUT,
  );

  it(
    'saveSettings',
    () => {
      const saved = saveAddon(startRegister());
      const save = (a: Addon) => a.runner.scriptRun('saveSettings', [{ reminderIntervalH: 48 }]);
      everyFault(saved, save, ({ k, threw, addon: a }) => {
        if (threw) expect(save(a), `retry after a fault at call ${k}`).toMatchObject({ ok: true });
        const settings = (a.runner.scriptRun('getSidebarState', []) as { settings: { reminderIntervalH: number } }).settings;
        expect(settings.reminderIntervalH, `fault at call ${k}`).toBe(48);
        expect(auditRows(a, '', 'Setting reminderIntervalH'), `fault at call ${k}`).toHaveLength(1);
        expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
      });
    },
    TIMEOUT,
  );
});

describe('an onEdit that fails loses nothing: the hourly check finishes it once', () => {
  it.each([
    ['one decision', 1],
    ['a paste of three decisions', 3],
  ])(
    '%s',
    (_name, count) => {
      const addon = startRegister();
      // Low risk: an Approve typed alone is a complete decision.
      addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', risk: 'Low' }]);
      const ids = Array.from({ length: count }, (_, i) => logOutput(addon, `Post ${i + 1}`));
      addon.runner.clickMenu('Turn on reminders & Friday summary');
      addon.emulator.clock.advance(HOUR);
      const saved = saveAddon(addon);
      // The person types while edits are held, so the trial's "before" already has their values.
      const type = (a: Addon) => {
        const col = columnLetter(a, 'Register', 'Decision');
        const first = rowOf(a, ids[0] as string);
        a.emulator.pauseEdits();
        a.emulator.userEdit(
          'Register',
          `${col}${first}:${col}${first + count - 1}`,
          ids.map(() => ['Approve']),
        );
      };
      const onEdit = (a: Addon) => {
        a.emulator.resumeEdits();
        const error = a.runner.runs.at(-1)?.error;
        if (error !== undefined) throw new Error(error);
      };
      everyFault(
        saved,
        onEdit,
        ({ k, addon: a }) => {
          // The person's values stay in the sheet whatever onEdit did; the repair stamps them.
          a.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
          for (const id of ids) {
            const row = a.records('Register').find((r) => r['Output ID'] === id);
            expect(row, `fault at call ${k}`).toMatchObject({ Decision: 'Approve', Status: 'Awaiting next step', 'Decided at': '2026-11-16 10:00' });
            expect(auditRows(a, id, 'Decided at'), `fault at call ${k}: ${id}'s Decided at audited once`).toHaveLength(1);
            expect(auditRows(a, id, 'Status'), `fault at call ${k}: ${id}'s Status audited once`).toHaveLength(1);
          }
          expect(verify(a), `fault at call ${k}`).toMatch(INTACT);
        },
        type,
      );
    },
    TIMEOUT,
  );
});

const THURSDAY = new Date('2026-11-19T09:00:00Z');
const HALF_HOUR = HOUR / 2;

/** Reminder digests as (recipient, output) pairs, in the order sent. */
function reminded(addon: Addon): string[] {
  return addon.emulator.outbox
    .filter((m) => / for you in /.test(m.subject))
    .flatMap((m) => [...new Set(m.body.match(/O-\d{6}/g) ?? [])].map((id) => `${m.to} ${id}`));
}
const summaries = (addon: Addon) => addon.emulator.outbox.filter((m) => m.subject.startsWith('[Handoff Register] Friday summary'));

/**
 * Four owners with work stalled in all three stages, reminders turned on at Friday 15:30, so the
 * trigger's first run at 16:30 has digests to send and the Friday summary to write and email.
 */
function fridayWithEverythingDue(): Addon {
  const addon = startRegister({ now: THURSDAY });
  const a = logOutput(addon, 'Review me');
  logOutput(addon, 'Review me too', { reviewOwner: 'rita@example.com' });
  const b = logOutput(addon, 'Ship me');
  const c = logOutput(addon, 'Revise me');
  addon.emulator.setUser('rae@example.com');
  addon.runner.scriptRun('reviewOutput', [{ outputId: b, decision: 'Approve', reviewMinutes: 3 }]);
  addon.runner.scriptRun('reviewOutput', [{ outputId: c, decision: 'Reject', reviewMinutes: 3, reworkCause: 'Input', missed: 'Accuracy', notes: 'Old offer' }]);
  addon.emulator.setUser('owner@example.com');
  void a;
  addon.emulator.clock.set(new Date('2026-11-20T15:30:00Z').getTime());
  addon.runner.clickMenu('Turn on reminders & Friday summary');
  return addon;
}

const EVERY_DUE_REMINDER = ['rae@example.com O-000001', 'rita@example.com O-000002', 'nick@example.com O-000003', 'ines@example.com O-000004'];

describe('the hourly job never sends twice and loses nothing', () => {
  it(
    'with a transient fault at every call k of the run, then normal runs: each reminder and the summary go out exactly once',
    () => {
      const saved = saveAddon(fridayWithEverythingDue());
      const firstRun = (a: Addon) => {
        a.runner.advance(HOUR);
        const error = a.runner.runs.at(-1)?.error;
        if (error !== undefined) throw new Error(error);
      };
      const calls = callsOf(saved, firstRun);
      expect(calls).toBeGreaterThan(40);
      for (let k = 1; k <= calls; k++) {
        const addon = restoreAddon(saved);
        addon.emulator.failCallAt(k);
        addon.runner.advance(HOUR);
        addon.emulator.clearFaults();
        addon.runner.advance(3 * HOUR);
        const pairs = reminded(addon);
        expect([...pairs].sort(), `fault at call ${k}: every due reminder once`).toEqual([...EVERY_DUE_REMINDER].sort());
        expect(summaries(addon), `fault at call ${k}: one summary email`).toHaveLength(1);
        const summary = addon.sheet('Friday Summary').display;
        const weeks = summary
          .slice(summary.findIndex((r) => r[0] === 'History') + 2)
          .map((r) => r[0])
          .filter((w) => /^\d{4}-\d{2}-\d{2}$/.test(w ?? ''));
        expect(weeks, `fault at call ${k}: one History row a week`).toEqual(['2026-11-16']);
        expect(
          addon.records('Audit log').filter((r) => r.Field === 'Last reminder'),
          `fault at call ${k}: one stamp per reminder`,
        ).toHaveLength(4);
        expect(verify(addon), `fault at call ${k}`).toMatch(INTACT);
      }
    },
    TIMEOUT,
  );

  it(
    "a second run in the same hour finds the hour claimed and does nothing; another person's stale trigger removes itself",
    () => {
      const addon = fridayWithEverythingDue();
      addon.runner.advance(HOUR);
      const after = state(addon);
      addon.emulator.clock.advance(10 * 60_000);
      addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
      expect(state(addon)).toEqual(after);
      expect(reminded(addon)).toHaveLength(4);
      // A trigger of someone who no longer runs the job (they turned it on before it was handed over).
      addon.emulator.triggerStore.list.push({ ...addon.emulator.triggerStore.list[0], uid: 'stale', owner: 'rae@example.com' } as never);
      addon.runner.run('runHourlyJob', [], { kind: 'timeDriven', user: 'rae@example.com', owner: 'rae@example.com' });
      expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['owner@example.com']);
      expect(reminded(addon)).toHaveLength(4);
    },
    TIMEOUT,
  );

  it(
    'a run that died holding the claim: another run inside six minutes waits, after six it takes over, and mails once',
    () => {
      const addon = fridayWithEverythingDue();
      addon.emulator.killRunAt('MailApp', 'sendEmail');
      addon.runner.advance(HOUR);
      expect(addon.runner.runs.at(-1)?.error).toBe('Exceeded maximum execution time');
      expect(addon.emulator.outbox).toHaveLength(0);
      // The same trigger firing again (Apps Script retries and double-fires): the claim decides.
      const second = () => addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
      addon.emulator.clock.advance(5 * 60_000);
      const before = state(addon);
      second();
      expect(state(addon)).toEqual(before);
      addon.emulator.clock.advance(2 * 60_000);
      second();
      expect([...reminded(addon)].sort()).toEqual([...EVERY_DUE_REMINDER].sort());
      addon.runner.advance(3 * HOUR);
      expect(reminded(addon)).toHaveLength(4);
      expect(summaries(addon)).toHaveLength(1);
    },
    TIMEOUT,
  );
});

describe('the Friday summary email is retried until it goes out', () => {
  it(
    'held back by the mail quota: pending in the sidebar, sent once the next day',
    () => {
      const addon = fridayWithEverythingDue();
      // Room for the four reminders today, not for the summary's one recipient.
      addon.emulator.mail.usage.set('owner@example.com', { windowStart: addon.emulator.clock.now(), used: addon.emulator.mail.dailyQuota - 4 });
      addon.runner.advance(HOUR);
      expect(summaries(addon)).toHaveLength(0);
      const pending = () => (addon.runner.scriptRun('getSidebarState', []) as { summaryPending: string }).summaryPending;
      expect(pending()).toBe('[Handoff Register] Friday summary, 2026-11-16 to 2026-11-22');
      expect(addon.runner.runs.at(-1)?.error).toBeUndefined();
      addon.runner.advance(24 * HOUR + HALF_HOUR);
      expect(summaries(addon)).toHaveLength(1);
      expect(pending()).toBe('');
      addon.runner.advance(48 * HOUR);
      expect(summaries(addon)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'a failed send: the next run sends it, once',
    () => {
      const addon = fridayWithEverythingDue();
      addon.emulator.failNextSend('owner@example.com');
      addon.runner.advance(HOUR);
      expect(summaries(addon)).toHaveLength(0);
      expect((addon.runner.scriptRun('getSidebarState', []) as { job: { lastResult: string } }).job.lastResult).toBe(
        'Nothing to repair. Sent 4 reminders (4 items). Friday summary written; its email failed (Service unavailable: Mail) and goes out at the next run.',
      );
      addon.runner.advance(HOUR);
      expect(summaries(addon)).toHaveLength(1);
      addon.runner.advance(5 * HOUR);
      expect(summaries(addon)).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    'more summary recipients than one email or the day can reach is a settings error naming the field',
    () => {
      const addon = startRegister({ mailQuota: 40 });
      const many = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@example.com`);
      const before = workbookState(addon);
      expect(addon.runner.scriptRun('saveSettings', [{ summaryRecipients: many(51) }])).toEqual({
        ok: false,
        errors: [{ field: 'summaryRecipients', message: 'Summary recipients: 51 addresses, but one email reaches at most 50' }],
      });
      expect(addon.runner.scriptRun('saveSettings', [{ summaryRecipients: many(41) }])).toEqual({
        ok: false,
        errors: [{ field: 'summaryRecipients', message: 'Summary recipients: 41 addresses, but this account can email only 40 more recipients today' }],
      });
      expect(workbookState(addon)).toEqual(before);
    },
    TIMEOUT,
  );
});
