// Issue 11 through the built bundle: people are told when work lands on them, once, in sending
// hours, in the same one digest as their reminders; each sees their own queue; and only the person
// who runs the job or the spreadsheet's owner may change where mail goes.
import { describe, expect, it } from 'vitest';
import type { Addon } from '../helpers/addon';
import { columnLetter, logOutput, rowOf, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;
const RAE = 'rae@example.com';
const NICK = 'nick@example.com';
const INES = 'ines@example.com';

const turnOn = (addon: Addon) => addon.runner.clickMenu('Turn on reminders & Friday summary');
const mail = (addon: Addon) => addon.emulator.outbox.map((m) => ({ at: new Date(m.at).toISOString().slice(0, 16), to: m.to, subject: m.subject }));
const ids = (body: string) => [...new Set(body.match(/O-\d{6}/g) ?? [])];
const as = <T>(addon: Addon, user: string, work: () => T): T => {
  addon.emulator.setUser(user);
  try {
    return work();
  } finally {
    addon.emulator.setUser('owner@example.com');
  }
};

describe('arrival notices', () => {
  it('each arrival reaches its owner once, in the next digest, under New for you', () => {
    const addon = startRegister(); // Monday 16 Nov, 09:00
    turnOn(addon);
    const a = logOutput(addon, 'Needs review');
    addon.runner.advance(HOUR); // 10:00
    expect(mail(addon)).toEqual([{ at: '2026-11-16T10:00', to: RAE, subject: '[Handoff Register] 1 new item for you in Handoff Register' }]);
    expect(addon.emulator.outbox[0]?.body).toBe(
      [
        'In "Handoff Register":',
        '',
        'New for you',
        '',
        `- ${a} "Needs review" (H-001 Social posts). Review it: approve, edit or reject.`,
        `  https://docs.google.com/spreadsheets/d/spreadsheet-1/edit#gid=${addon.sheet('Register').sheetId}&range=2:2`,
        '',
        'Each item is reminded once a day at most, Monday to Friday, 08:00 to 18:00 (Europe/London). Handoff Register sends this for your team; reply to ask them to change the owner.',
      ].join('\n'),
    );
    addon.emulator.clock.advance(10 * 60_000);
    as(addon, RAE, () =>
      addon.runner.scriptRun('reviewOutput', [
        { outputId: a, decision: 'Reject', reviewMinutes: 4, reworkCause: 'Input', missed: 'Accuracy', notes: "The price is last month's" },
      ]),
    );
    const b = logOutput(addon, 'Approve me');
    as(addon, RAE, () => addon.runner.scriptRun('reviewOutput', [{ outputId: b, decision: 'Approve', reviewMinutes: 2 }]));
    addon.runner.advance(50 * 60_000); // 11:00
    const at11 = addon.emulator.outbox.slice(1);
    expect(at11.map((m) => [m.to, ids(m.body)]).sort()).toEqual([
      [INES, [a]],
      [NICK, [b]],
    ]);
    expect(at11.find((m) => m.to === INES)?.body).toContain(`Revise it and log the new version. Missed: Accuracy; cause: Input; The price is last month's.`);
    expect(at11.find((m) => m.to === NICK)?.body).toContain('Move it to its next step and tick Shipped (next step: Schedule in the content calendar).');
    // Told once: nothing new, nothing stalled, nothing sent in the next hours.
    addon.runner.advance(5 * HOUR);
    expect(addon.emulator.outbox).toHaveLength(3);
  });

  it('an item both new and stalled is listed once, as new; later it is reminded with the rest', () => {
    const addon = startRegister();
    logOutput(addon, 'Old one');
    addon.emulator.clock.advance(26 * HOUR); // Tuesday 11:00: stalled, never told
    turnOn(addon);
    const fresh = logOutput(addon, 'New one');
    addon.runner.advance(HOUR);
    const [digest] = addon.emulator.outbox;
    expect(addon.emulator.outbox).toHaveLength(1);
    expect(digest?.body.indexOf('New for you')).toBeGreaterThan(-1);
    expect(digest?.body).not.toContain('Waiting too long');
    expect(ids(digest?.body ?? '')).toEqual(['O-000001', fresh]);
    // A day later both have stalled and were told a day ago: one reminder lists both.
    addon.runner.advance(24 * HOUR);
    expect(addon.emulator.outbox).toHaveLength(2);
    expect(addon.emulator.outbox[1]?.body).toContain('Waiting too long');
    expect(addon.emulator.outbox[1]?.body).not.toContain('New for you');
    expect(ids(addon.emulator.outbox[1]?.body ?? '')).toEqual(['O-000001', fresh]);
  });

  it('nothing goes out at night or on a day left out; the first run in sending hours sends one digest each', () => {
    const addon = startRegister({ now: new Date('2026-11-20T17:30:00Z') }); // Friday 17:30
    turnOn(addon);
    addon.emulator.clock.advance(40 * 60_000); // 18:10: the first run is at 18:30
    logOutput(addon, 'Friday evening');
    logOutput(addon, 'Friday evening too');
    addon.runner.advance(18 * HOUR + 30 * 60_000); // Saturday 12:40
    // The Friday summary has its own hour (18:30 was its first run after 16:00); digests wait.
    expect(mail(addon).map((m) => m.to)).toEqual(['owner@example.com']);
    const lastResult = () => (addon.runner.scriptRun('getSidebarState', []) as { job: { lastResult: string } }).job.lastResult;
    expect(lastResult()).toBe('Nothing to repair. Outside sending hours (Monday to Friday, 08:00 to 18:00 (Europe/London)): nothing sent.');
    addon.runner.advance(43 * HOUR + 60 * 60_000); // Monday 08:40
    expect(mail(addon).filter((m) => m.to === RAE)).toEqual([
      { at: '2026-11-23T08:30', to: RAE, subject: '[Handoff Register] 2 new items for you in Handoff Register' },
    ]);
    expect(lastResult()).toBe('Nothing to repair. Sent 1 reminder (2 items).');
  });

  it('"Only when it stalls" tells nobody of new work; "At once" tells them from the sidebar save', () => {
    const addon = startRegister();
    turnOn(addon);
    addon.runner.scriptRun('saveSettings', [{ tellOwners: 'Only when it stalls' }]);
    logOutput(addon, 'Quiet');
    addon.runner.advance(3 * HOUR);
    expect(addon.emulator.outbox).toHaveLength(0);
    addon.runner.scriptRun('saveSettings', [{ tellOwners: 'At once' }]);
    const loud = logOutput(addon, 'Loud');
    expect(mail(addon)).toEqual([{ at: '2026-11-16T12:00', to: RAE, subject: '[Handoff Register] 1 new item for you in Handoff Register' }]);
    expect(ids(addon.emulator.outbox[0]?.body ?? '')).toEqual([loud]);
    // The next digest tells Rae of the quiet one, never told, and not again of the loud one.
    addon.runner.advance(HOUR);
    expect(addon.emulator.outbox).toHaveLength(2);
    expect(ids(addon.emulator.outbox[1]?.body ?? '')).toEqual(['O-000001']);
    expect(addon.records('Register').find((r) => r['Output ID'] === loud)?.['Last reminder']).toBe('2026-11-16 12:00');
  });

  it('a decision reset by changed content, and a shipment without approval, tell the review owner', () => {
    const addon = startRegister();
    turnOn(addon);
    addon.runner.scriptRun('saveSettings', [{ tellOwners: 'Only when it stalls' }]);
    const a = logOutput(addon, 'Reset me');
    const b = logOutput(addon, 'Ship me early');
    as(addon, RAE, () => addon.runner.scriptRun('reviewOutput', [{ outputId: a, decision: 'Approve', reviewMinutes: 2 }]));
    addon.runner.scriptRun('saveSettings', [{ tellOwners: 'In the next digest' }]);
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Link')}${rowOf(addon, a)}`, [['https://docs.example.com/d/new']]);
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Shipped')}${rowOf(addon, b)}`, [[true]]);
    addon.runner.advance(HOUR);
    const toRae = addon.emulator.outbox.filter((m) => m.to === RAE);
    expect(toRae).toHaveLength(1);
    expect(ids(toRae[0]?.body ?? '')).toEqual([a, b]);
    expect(toRae[0]?.body).toContain('It was shipped without an approved decision: review what went out.');
  });
});

describe('the email follows the settings', () => {
  it.each([
    [4, 'Each item is reminded once every 4 hours at most'],
    [48, 'Each item is reminded once every 2 days at most'],
  ])('interval %i h', (interval, sentence) => {
    const addon = startRegister();
    addon.runner.scriptRun('saveSettings', [{ reminderIntervalH: interval }]);
    turnOn(addon);
    logOutput(addon, 'Post');
    addon.runner.advance(HOUR);
    expect(addon.emulator.outbox[0]?.body).toContain(sentence);
    expect(addon.emulator.outbox[0]?.body).not.toContain('copied');
  });
});

describe('My queue', () => {
  it('after a scripted day, each person sees exactly their own work, oldest first', () => {
    const addon = startRegister();
    const a = logOutput(addon, 'A, to review');
    addon.emulator.clock.advance(HOUR);
    const b = logOutput(addon, 'B, to review too');
    const c = logOutput(addon, 'C, approved');
    const d = logOutput(addon, 'D, rejected');
    const e = logOutput(addon, 'E, decided in the grid without details');
    as(addon, RAE, () => {
      addon.runner.scriptRun('reviewOutput', [{ outputId: c, decision: 'Approve', reviewMinutes: 2 }]);
      addon.runner.scriptRun('reviewOutput', [
        { outputId: d, decision: 'Reject', reviewMinutes: 5, reworkCause: 'Prompt', missed: 'Tone', notes: 'Too formal' },
      ]);
    });
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Decision')}${rowOf(addon, e)}`, [['Reject']]);
    addon.emulator.clock.advance(2 * HOUR);
    const queue = (user: string) =>
      as(addon, user, () => (addon.runner.scriptRun('getSidebarState', []) as { queue: Record<string, unknown> }).queue) as {
        toReview: { outputId: string; waitingHours: number }[];
        toFinish: { outputId: string; detail: string }[];
        toShip: { outputId: string; detail: string }[];
        toRevise: { outputId: string; detail: string }[];
        sentBack: { outputId: string }[];
        totals: Record<string, number>;
      };
    const rae = queue(RAE);
    expect(rae.toReview.map((i) => [i.outputId, i.waitingHours])).toEqual([
      [a, 3],
      [b, 2],
    ]);
    expect(rae.toFinish.map((i) => [i.outputId, i.detail])).toEqual([
      [e, 'Needs the review minutes; what it missed (context, accuracy, tone or the core task); a rework cause'],
    ]);
    expect(rae.sentBack.map((i) => i.outputId)).toEqual([d]);
    expect(rae.totals).toEqual({ toReview: 2, toFinish: 1, toShip: 0, toRevise: 0, sentBack: 1 });
    const nick = queue(NICK);
    expect(nick.toShip.map((i) => [i.outputId, i.detail])).toEqual([[c, 'Next step: Schedule in the content calendar']]);
    expect(nick.totals).toEqual({ toReview: 0, toFinish: 0, toShip: 1, toRevise: 0, sentBack: 0 });
    const ines = queue(INES);
    expect(ines.toRevise.map((i) => [i.outputId, i.detail])).toEqual([[d, 'Missed: Tone. Cause: Prompt. 2026-11-16 10:00 Reject: Too formal']]);
    expect(ines.totals).toEqual({ toReview: 0, toFinish: 0, toShip: 0, toRevise: 1, sentBack: 0 });
  });
});

describe('who may change where mail goes', () => {
  it("another editor is refused, naming who can; the owner's change is audited with old and new values", () => {
    const addon = startRegister();
    const before = workbookState(addon);
    const refused = as(addon, 'maya@example.com', () => addon.runner.scriptRun('saveSettings', [{ escalationEmail: 'boss@elsewhere.example', sendFrom: 7 }]));
    expect(refused).toEqual({
      ok: false,
      errors: [
        { field: 'escalationEmail', message: 'Escalation address: only owner@example.com (its owner) can change where and when mail goes' },
        { field: 'sendFrom', message: 'Send from (hour): only owner@example.com (its owner) can change where and when mail goes' },
      ],
    });
    expect(workbookState(addon)).toEqual(before);
    // Other settings stay open to every editor.
    expect(as(addon, 'maya@example.com', () => addon.runner.scriptRun('saveSettings', [{ reminderIntervalH: 12 }]))).toMatchObject({ ok: true });
    expect(addon.runner.scriptRun('saveSettings', [{ reminderIntervalH: 12, escalationEmail: 'lead@example.com', sendFrom: 7 }])).toMatchObject({ ok: true });
    expect(
      addon
        .records('Audit log')
        .filter((r) => (r.Field ?? '').startsWith('Setting'))
        .map((r) => [r.Who, r.Field, r['Old value'], r['New value']]),
    ).toEqual([
      ['maya@example.com', 'Setting reminderIntervalH', '24', '12'],
      ['owner@example.com', 'Setting escalationEmail', '""', '"lead@example.com"'],
      ['owner@example.com', 'Setting sendFrom', '8', '7'],
    ]);
  });

  it('sending hours must end after they start', () => {
    const addon = startRegister();
    expect(addon.runner.scriptRun('saveSettings', [{ sendFrom: 18, sendUntil: 9 }])).toEqual({
      ok: false,
      errors: [{ field: 'sendUntil', message: 'Send until (hour): must be later than Send from (hour) (18)' }],
    });
  });
});
