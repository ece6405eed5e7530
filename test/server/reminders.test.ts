import { describe, expect, it } from 'vitest';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister as startAny } from '../helpers/register';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Addon = ReturnType<typeof startAny>;

/**
 * These tests are about stalled work and its reminders, so owners are told only when work
 * stalls; arrival notices have their own tests (notices.test.ts).
 */
function startRegister(options: Parameters<typeof startAny>[0] = {}) {
  const addon = startAny(options);
  addon.runner.scriptRun('saveSettings', [{ tellOwners: 'Only when it stalls' }]);
  return addon;
}
const sent = (addon: Addon) => addon.emulator.outbox.map((m) => ({ at: new Date(m.at).toISOString(), to: m.to, cc: m.cc ?? '' }));
const turnOn = (addon: Addon) => addon.runner.clickMenu('Turn on reminders & Friday summary');

describe('turning the hourly job on and off', () => {
  it('installs one trigger however often it is turned on, and tells a second person who runs it', () => {
    const addon = startRegister();
    turnOn(addon);
    turnOn(addon);
    expect(addon.emulator.triggers.map((t) => [t.handler, t.owner, t.everyHours])).toEqual([['runHourlyJob', 'owner@example.com', 1]]);
    expect(addon.emulator.ui.alerts.map((a) => a.prompt)).toEqual([
      'Turned on. Every hour the add-on repairs missed edits and tells owners what waits on them (one digest each, in sending hours); on Fridays it writes the summary. Emails go out from your account.',
      'Reminders and the Friday summary are already on, run by you.',
    ]);
    addon.emulator.setUser('rae@example.com');
    turnOn(addon);
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe(
      'Reminders and the Friday summary are already on for this document: owner@example.com runs them, for everyone. Only owner@example.com, who runs it and owns the spreadsheet, can hand them over; nothing was added.',
    );
    expect(addon.emulator.triggers).toHaveLength(1);
    const state = addon.runner.scriptRun('getSidebarState', []) as { job: unknown };
    expect(state.job).toEqual({ on: true, runBy: 'owner@example.com', lastRunAt: '', lastResult: '' });
  });

  it("turned off by whoever runs it, the trigger goes; anyone else is refused, but the spreadsheet's owner can turn off or take over someone else's", () => {
    const addon = startRegister();
    turnOn(addon);
    addon.runner.clickMenu('Turn off reminders & Friday summary');
    expect(addon.emulator.triggers).toHaveLength(0);
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe('Turned off: no more reminders or Friday summaries.');
    // Rae turns it on (nobody runs it), so emails go out from Rae's account.
    addon.emulator.setUser('rae@example.com');
    turnOn(addon);
    addon.emulator.setUser('maya@example.com');
    addon.runner.clickMenu('Turn off reminders & Friday summary');
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe(
      "Not turned off: only rae@example.com (who runs it) or the spreadsheet's owner (owner@example.com) can turn off the hourly job.",
    );
    turnOn(addon);
    expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['rae@example.com']);
    // The owner takes it over: Rae's trigger finds it no longer runs the job and removes itself.
    addon.emulator.setUser('owner@example.com');
    turnOn(addon);
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe(
      'Taken over from rae@example.com: the hourly job now runs as you, and emails go out from your account.',
    );
    expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['rae@example.com', 'owner@example.com']);
    addon.runner.advance(HOUR);
    expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['owner@example.com']);
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Field === 'Hourly job')
        .map((r) => [r.Who, r['Old value'], r['New value']]),
    ).toEqual([
      ['owner@example.com', 'off', 'on, run by owner@example.com'],
      ['owner@example.com', 'on, run by owner@example.com', 'off'],
      ['rae@example.com', 'off', 'on, run by rae@example.com'],
      ['owner@example.com', 'on, run by rae@example.com', 'on, run by owner@example.com'],
    ]);
  });
});

describe('two weeks of hourly runs', () => {
  it('one digest per owner per day for all their stalled items, none on quiet days, the escalation copied from the fourth', () => {
    const addon = startRegister();
    for (const title of ['Post A', 'Post B', 'Post C']) logOutput(addon, title);
    turnOn(addon);
    addon.runner.advance(14 * DAY);
    expect(addon.runner.runs.filter((r) => r.functionName === 'runHourlyJob')).toHaveLength(14 * 24);
    expect(addon.runner.runs.filter((r) => r.error !== undefined)).toEqual([]);
    expect(sent(addon)).toEqual([
      { at: '2026-11-17T10:00:00.000Z', to: 'rae@example.com', cc: '' },
      { at: '2026-11-18T10:00:00.000Z', to: 'rae@example.com', cc: '' },
      { at: '2026-11-19T10:00:00.000Z', to: 'rae@example.com', cc: '' },
      { at: '2026-11-20T10:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      // The Friday summary, at 16:00 in the spreadsheet's zone, to the owner by default.
      { at: '2026-11-20T16:00:00.000Z', to: 'owner@example.com', cc: '' },
      // Saturday and Sunday are left out; Monday's first run in sending hours (08:00) catches up.
      { at: '2026-11-23T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      { at: '2026-11-24T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      { at: '2026-11-25T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      { at: '2026-11-26T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      { at: '2026-11-27T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
      { at: '2026-11-27T16:00:00.000Z', to: 'owner@example.com', cc: '' },
      { at: '2026-11-30T08:00:00.000Z', to: 'rae@example.com', cc: 'owner@example.com' },
    ]);
    const first = addon.emulator.outbox[0];
    expect(first?.subject).toBe('[Handoff Register] 3 items waiting for you in Handoff Register');
    expect(first?.body).toBe(
      [
        'In "Handoff Register":',
        '',
        'Waiting too long',
        '',
        '- O-000001 "Post A" (H-001 Social posts): waiting 25 hours. Review it: approve, edit or reject.',
        `  https://docs.google.com/spreadsheets/d/spreadsheet-1/edit#gid=${addon.sheet('Register').sheetId}&range=2:2`,
        '- O-000002 "Post B" (H-001 Social posts): waiting 25 hours. Review it: approve, edit or reject.',
        `  https://docs.google.com/spreadsheets/d/spreadsheet-1/edit#gid=${addon.sheet('Register').sheetId}&range=3:3`,
        '- O-000003 "Post C" (H-001 Social posts): waiting 25 hours. Review it: approve, edit or reject.',
        `  https://docs.google.com/spreadsheets/d/spreadsheet-1/edit#gid=${addon.sheet('Register').sheetId}&range=4:4`,
        '',
        'Each item is reminded once a day at most, Monday to Friday, 08:00 to 18:00 (Europe/London). Handoff Register sends this for your team; reply to ask them to change the owner.',
      ].join('\n'),
    );
    expect(addon.records('Register').map((r) => r['Last reminder'])).toEqual(['2026-11-30 08:00', '2026-11-30 08:00', '2026-11-30 08:00']);
    expect(addon.records('Audit log').filter((r) => r.Field === 'Last reminder')).toHaveLength(30);
    addon.runner.clickMenu('Verify audit log');
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe(`The Audit log is intact: all ${addon.records('Audit log').length} rows match their fingerprints.`);
  });

  it('each owner is reminded for their own stage: review, next step, revision', () => {
    const addon = startRegister();
    const [a, b, c] = ['A', 'B', 'C'].map((t) => logOutput(addon, t));
    addon.runner.scriptRun('reviewOutput', [{ outputId: b, decision: 'Approve', reviewMinutes: 2 }]);
    addon.runner.scriptRun('reviewOutput', [
      { outputId: c, decision: 'Reject', reviewMinutes: 2, reworkCause: 'Input', missed: 'Accuracy', notes: 'Off brief' },
    ]);
    turnOn(addon);
    addon.runner.advance(25 * HOUR);
    expect(
      sent(addon)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['ines@example.com', 'nick@example.com', 'rae@example.com']);
    const body = (to: string) => addon.emulator.outbox.find((m) => m.to === to)?.body ?? '';
    expect(body('rae@example.com')).toContain(`${a} "A" (H-001 Social posts): waiting 25 hours. Review it: approve, edit or reject.`);
    expect(body('nick@example.com')).toContain(
      `${b} "B" (H-001 Social posts): waiting 25 hours. Move it to its next step and tick Shipped (next step: ${HANDOFF.nextStep}).`,
    );
    expect(body('ines@example.com')).toContain(`${c} "C" (H-001 Social posts): waiting 25 hours. Revise it and log the new version.`);
  });

  it('escapes user text in the HTML body', () => {
    const addon = startRegister();
    logOutput(addon, '<img src=x onerror=alert(1)> & "quotes"');
    turnOn(addon);
    addon.runner.advance(25 * HOUR);
    const html = addon.emulator.outbox[0]?.htmlBody ?? '';
    expect(html).toContain('<b>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</b>');
    expect(html).not.toContain('<img');
  });

  it('a Paused handoff sends nothing, and reminders turned off mute the emails but not the job', () => {
    const addon = startRegister();
    logOutput(addon, 'Post A');
    addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', status: 'Paused' }]);
    turnOn(addon);
    addon.runner.advance(2 * DAY);
    expect(sent(addon)).toEqual([]);
    addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', status: 'Active' }]);
    addon.runner.scriptRun('saveSettings', [{ remindersOn: false }]);
    addon.runner.advance(DAY);
    expect(sent(addon)).toEqual([]);
    const job = (addon.runner.scriptRun('getSidebarState', []) as { job: { lastRunAt: string; lastResult: string } }).job;
    expect(job).toEqual({
      on: true,
      runBy: 'owner@example.com',
      lastRunAt: '2026-11-19T09:00:00.000Z',
      lastResult: 'Nothing to repair. Reminders are off in Settings: none sent.',
    });
  });

  it('a short mail quota reaches the longest waits first and records who was held back', () => {
    const addon = startRegister({ mailQuota: 2 });
    logOutput(addon, 'Oldest', { reviewOwner: 'a@example.com' });
    addon.emulator.clock.advance(HOUR);
    logOutput(addon, 'Middle', { reviewOwner: 'b@example.com' });
    addon.emulator.clock.advance(HOUR);
    logOutput(addon, 'Newest', { reviewOwner: 'c@example.com' });
    // Reminders go on later, so all three are stalled at the first run that finds any.
    addon.emulator.clock.advance(DAY);
    turnOn(addon);
    addon.runner.advance(HOUR);
    expect(sent(addon).map((m) => m.to)).toEqual(['a@example.com', 'b@example.com']);
    const state = addon.runner.scriptRun('getSidebarState', []) as { waiting: { heldBack: string[] } };
    expect(state.waiting.heldBack).toEqual(['c@example.com: 1 item, held back by the daily mail quota']);
    expect(addon.records('Audit log').filter((r) => r['New value'] === 'c@example.com: 1 item, held back by the daily mail quota').length).toBeGreaterThan(0);
    // The quota comes back 24 hours after the first send. c, held back, now has the longest
    // unanswered wait and goes first; b, reminded a day ago, waits for the next quota.
    addon.runner.advance(DAY);
    expect(sent(addon).map((m) => m.to)).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'a@example.com']);
    expect((addon.runner.scriptRun('getSidebarState', []) as { waiting: { heldBack: string[] } }).waiting.heldBack).toEqual([
      'b@example.com: 1 item, held back by the daily mail quota',
    ]);
  });

  it('MailApp failing for one owner leaves their rows unstamped, and the next run retries them', () => {
    const addon = startRegister();
    logOutput(addon, 'For A', { reviewOwner: 'a@example.com' });
    logOutput(addon, 'For B', { reviewOwner: 'b@example.com' });
    turnOn(addon);
    addon.runner.advance(24 * HOUR);
    addon.emulator.failNextSend('a@example.com');
    addon.runner.advance(HOUR);
    expect(sent(addon).map((m) => m.to)).toEqual(['b@example.com']);
    expect(addon.records('Register').map((r) => r['Last reminder'])).toEqual(['', '2026-11-17 10:00']);
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Field === 'Reminder')
        .map((r) => r['New value']),
    ).toEqual(['failed for a@example.com: Service unavailable: Mail']);
    addon.runner.advance(HOUR);
    expect(sent(addon).map((m) => [m.to, m.at])).toEqual([
      ['b@example.com', '2026-11-17T10:00:00.000Z'],
      ['a@example.com', '2026-11-17T11:00:00.000Z'],
    ]);
  });

  it('a run that dies after its first send never reminds that owner twice', () => {
    const addon = startRegister();
    logOutput(addon, 'For A', { reviewOwner: 'a@example.com' });
    logOutput(addon, 'For B', { reviewOwner: 'b@example.com' });
    turnOn(addon);
    addon.runner.advance(24 * HOUR);
    addon.emulator.killRunAt('MailApp', 'sendEmail', 2);
    addon.runner.advance(HOUR);
    expect(addon.runner.runs.at(-1)?.error).toBe('Exceeded maximum execution time');
    expect(sent(addon).map((m) => m.to)).toEqual(['a@example.com']);
    addon.runner.advance(2 * HOUR);
    expect(sent(addon).map((m) => m.to)).toEqual(['a@example.com', 'b@example.com']);
  });

  it("two triggers on one document do each hour's work once", () => {
    const addon = startRegister();
    logOutput(addon, 'Post A');
    turnOn(addon);
    // A second trigger made behind the add-on's back, by another user.
    addon.emulator.setUser('rae@example.com');
    addon.runner.run('turnOnReminders', [], { kind: 'menu' });
    const app = addon.emulator.globals.ScriptApp as GoogleAppsScript.Script.ScriptApp;
    const run = addon.emulator.beginExecution('menu', {});
    try {
      app.newTrigger('runHourlyJob').timeBased().everyHours(1).create();
    } finally {
      addon.emulator.endExecution(run);
    }
    expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['owner@example.com', 'rae@example.com']);
    addon.runner.advance(2 * DAY + HOUR);
    // Rae's trigger finds Rae does not run the job and removes itself at its first run.
    expect(addon.runner.runs.filter((r) => r.functionName === 'runHourlyJob')).toHaveLength(49 + 1);
    expect(addon.emulator.triggers.map((t) => t.owner)).toEqual(['owner@example.com']);
    expect(sent(addon).map((m) => m.at)).toEqual(['2026-11-17T10:00:00.000Z', '2026-11-18T10:00:00.000Z']);
  });

  it('rows whose edit events were dropped are repaired by the next run, audited as the hourly check', () => {
    const addon = startRegister();
    // Low risk: an Approve typed alone is a complete decision.
    addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', risk: 'Low' }]);
    const ids = ['A', 'B', 'C'].map((t) => logOutput(addon, t));
    turnOn(addon);
    const col = columnLetter(addon, 'Register', 'Decision');
    addon.emulator.pauseEdits();
    for (const id of ids) addon.emulator.userEdit('Register', `${col}${rowOf(addon, id)}`, [['Approve']]);
    addon.emulator.resumeEdits();
    expect(addon.runner.edits).toMatchObject({ delivered: 2, dropped: 1 });
    expect(addon.records('Register').map((r) => r.Status)).toEqual(['Awaiting next step', 'Awaiting next step', 'Awaiting review']);
    addon.runner.advance(HOUR);
    expect(addon.records('Register').map((r) => [r.Status, r['Decided at'], r['Decided by']])).toEqual([
      ['Awaiting next step', '2026-11-16 09:00', ''],
      ['Awaiting next step', '2026-11-16 09:00', ''],
      ['Awaiting next step', '2026-11-16 10:00', ''],
    ]);
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Source === 'hourly check')
        .map((r) => [r.Who, r['Output ID'], r.Field, r['Old value'], r['New value']]),
    ).toEqual([
      ['Handoff Register (hourly check)', ids[2], 'Decided at', '', '2026-11-16 10:00'],
      ['Handoff Register (hourly check)', ids[2], 'Decided version', '', '"C" https://docs.example.com/d/1'],
      ['Handoff Register (hourly check)', ids[2], 'Status', 'Awaiting review', 'Awaiting next step'],
    ]);
    const job = (addon.runner.scriptRun('getSidebarState', []) as { job: { lastResult: string } }).job;
    expect(job.lastResult).toBe('Repaired 1 row. No reminders due.');
  });

  it('an owner who cannot be emailed is reported once and never stops the others', () => {
    const addon = startRegister();
    logOutput(addon, 'Nobody', { reviewOwner: '' });
    logOutput(addon, 'Rae');
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Review owner')}2`, [['rae at example']]);
    turnOn(addon);
    addon.runner.advance(2 * DAY + HOUR);
    expect(sent(addon).map((m) => m.to)).toEqual(['rae@example.com', 'rae@example.com']);
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Field === 'Reminder')
        .map((r) => [r['Output ID'], r['New value']]),
    ).toEqual([['O-000001', 'not sent: owner "rae at example" is not an email address']]);
  });

  it('Send reminders now runs the reminder step on demand, even on a quiet day, and still never twice within the interval', () => {
    const addon = startRegister({ now: new Date('2026-11-20T09:00:00Z') });
    logOutput(addon, 'Post A');
    addon.emulator.clock.advance(DAY + HOUR); // Saturday
    addon.runner.clickMenu('Send reminders now');
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe('Nothing to repair. Sent 1 reminder (1 item).');
    addon.runner.clickMenu('Send reminders now');
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe('Nothing to repair. No reminders due.');
    expect(sent(addon)).toHaveLength(1);
  });
});

describe('the time limit', () => {
  it('a run that runs short of time stops cleanly, and the next run reminds the rest, each owner once', () => {
    // Every service call costs 4.5 simulated seconds, so one run cannot remind twenty owners.
    const addon = startRegister();
    const owners = Array.from({ length: 20 }, (_, i) => `owner${String(i + 1).padStart(2, '0')}@example.com`);
    for (const owner of owners) logOutput(addon, `For ${owner}`, { reviewOwner: owner });
    addon.emulator.clock.advance(DAY);
    turnOn(addon);
    addon.emulator.world.serviceCallCostMs = 4500;
    addon.runner.advance(HOUR);
    const firstRun = sent(addon).map((m) => m.to);
    expect(firstRun.length).toBeGreaterThan(0);
    expect(firstRun.length).toBeLessThan(20);
    expect(addon.runner.runs.filter((r) => r.error !== undefined)).toEqual([]);
    const state = addon.runner.scriptRun('getSidebarState', []) as { job: { lastResult: string }; waiting: { heldBack: string[] } };
    expect(state.job.lastResult).toBe(`Nothing to repair. Sent ${firstRun.length} reminders (${firstRun.length} items); ${20 - firstRun.length} held back.`);
    expect(state.waiting.heldBack).toHaveLength(20 - firstRun.length);
    expect(state.waiting.heldBack[0]).toMatch(/^owner\d\d@example\.com: 1 item, held back for the next run \(time limit\)$/);
    addon.runner.advance(5 * HOUR);
    expect(addon.runner.runs.filter((r) => r.error !== undefined)).toEqual([]);
    expect(
      sent(addon)
        .map((m) => m.to)
        .sort(),
    ).toEqual(owners);
  });
});
