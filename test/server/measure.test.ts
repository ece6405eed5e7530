// Issue 12 through the built bundle: the one-week pilot judged with a recommendation, weeks kept
// complete (weekend work included, the kept row equal to a rebuilt one), and the History chart.
import { describe, expect, it } from 'vitest';
import type { Addon } from '../helpers/addon';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister } from '../helpers/register';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RAE = 'rae@example.com';

const as = <T>(addon: Addon, user: string, work: () => T): T => {
  addon.emulator.setUser(user);
  try {
    return work();
  } finally {
    addon.emulator.setUser('owner@example.com');
  }
};
const review = (addon: Addon, outputId: string, extra: Record<string, unknown>) =>
  as(addon, RAE, () => addon.runner.scriptRun('reviewOutput', [{ outputId, reviewMinutes: 6, ...extra }]));
const tab = (addon: Addon, name: string) =>
  Object.fromEntries(
    addon
      .sheet(name)
      .display.filter((r) => r[0] !== '')
      .map((r) => [r[0], r[1]]),
  );

function pilot(): Addon {
  // Monday 16 Nov 09:00: the handoff goes into its pilot week with a 30-minute baseline.
  const addon = startRegister();
  addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', status: 'Pilot', baselineMin: 30 }]);
  addon.runner.clickMenu('Turn on reminders & Friday summary');
  addon.runner.scriptRun('saveSettings', [{ tellOwners: 'Only when it stalls' }]);
  return addon;
}

describe('the one-week pilot', () => {
  it('a good week: Promote, against the baseline, emailed to the recipients and the three owners once', () => {
    const addon = pilot();
    for (const title of ['One', 'Two', 'Three']) {
      const id = logOutput(addon, title, { prepMinutes: 4 });
      review(addon, id, { decision: 'Approve' });
      addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Shipped')}${rowOf(addon, id)}`, [[true]]);
    }
    addon.runner.advance(7 * DAY - HOUR);
    expect(() => addon.sheet('Pilot H-001')).toThrow('no tab named Pilot H-001');
    addon.runner.advance(HOUR);
    const report = tab(addon, 'Pilot H-001');
    expect(addon.sheet('Pilot H-001').display[0]?.[0]).toBe('Pilot of H-001 Social posts: 2026-11-16 09:00 to 2026-11-23 09:00');
    // Each shipped output: 4 minutes of prep and 6 of review = 10, a third of the 30-minute baseline.
    expect([
      report.Recommendation,
      report.Why,
      report['Outputs moved through'],
      report['Needed rework'],
      report['Minutes per shipped output'],
      report['Against baseline'],
    ]).toEqual(['Promote', '3 outputs moved through with 0% rework, 67% faster than the baseline: set it to Active.', '3', '0', '10', '-67%']);
    const emails = addon.emulator.outbox.filter((m) => m.subject === '[Handoff Register] Pilot report: H-001 Social posts');
    expect(emails.map((m) => m.to)).toEqual(['owner@example.com,ines@example.com,rae@example.com,nick@example.com']);
    addon.runner.advance(3 * HOUR);
    expect(addon.emulator.outbox.filter((m) => m.subject.startsWith('[Handoff Register] Pilot report'))).toHaveLength(1);
  }, 60_000);

  it('a week of rework: Repair, naming the part of the handoff from the most common cause, and the changes made during it', () => {
    const addon = pilot();
    const ids = ['One', 'Two', 'Three'].map((title) => logOutput(addon, title));
    review(addon, ids[0] as string, { decision: 'Reject', reworkCause: 'Input', missed: 'Context' });
    review(addon, ids[1] as string, { decision: 'Reject', reworkCause: 'Input', missed: 'Accuracy' });
    review(addon, ids[2] as string, { decision: 'Approve' });
    addon.emulator.clock.advance(DAY);
    addon.runner.scriptRun('saveHandoff', [
      { ...HANDOFF, handoffId: 'H-001', status: 'Pilot', baselineMin: 30, inputRequired: 'Brand guide, the offer and its price list' },
    ]);
    addon.runner.advance(7 * DAY);
    const report = tab(addon, 'Pilot H-001');
    expect([report.Recommendation, report.Repair, report.Why]).toEqual([
      'Repair',
      'Input required',
      '2 of 2 reworks were caused by Input: revisit its Input required before rolling it out.',
    ]);
    const rows = addon.sheet('Pilot H-001').display;
    const changes = rows.slice(rows.findIndex((r) => r[0] === 'Changes to the handoff during the pilot') + 2).filter((r) => r[0] !== '');
    expect(changes.map((r) => r.slice(1, 5))).toEqual([
      ['owner@example.com', 'Input required', 'Client brand guide and the offer', 'Brand guide, the offer and its price list'],
    ]);
  }, 60_000);

  it('the sidebar warns when more than one handoff is in Pilot', () => {
    const addon = startRegister();
    addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, task: 'Client status updates', status: 'Pilot' }]);
    addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', status: 'Pilot' }]);
    const state = addon.runner.scriptRun('getSidebarState', []) as { handoffs: { handoffId: string; status: string; pilotStarted: string }[] };
    expect(state.handoffs.map((h) => [h.handoffId, h.status, h.pilotStarted])).toEqual([
      ['H-001', 'Pilot', '2026-11-16T09:00:00.000Z'],
      ['H-002', 'Pilot', '2026-11-16T09:00:00.000Z'],
    ]);
  });
});

describe('weeks are kept and complete', () => {
  it('weekend work lands in the finished week, and the kept History row equals the rebuilt one', () => {
    const addon = startRegister(); // Monday 16 Nov 09:00
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    const a = logOutput(addon, 'Monday');
    review(addon, a, { decision: 'Approve' });
    addon.runner.advanceTo(new Date('2026-11-20T16:30:00Z')); // the Friday preview
    const history = () => {
      const rows = addon.sheet('Friday Summary').display;
      return rows.slice(rows.findIndex((r) => r[0] === 'History') + 2).filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? ''));
    };
    expect(history()[0]?.slice(0, 4)).toEqual(['2026-11-16', '1', '1', '0']);
    // Saturday: two more outputs logged, one rejected.
    addon.runner.advanceTo(new Date('2026-11-21T10:00:00Z'));
    const b = logOutput(addon, 'Saturday one');
    logOutput(addon, 'Saturday two');
    review(addon, b, { decision: 'Reject', reworkCause: 'Prompt', missed: 'Tone' });
    addon.runner.advanceTo(new Date('2026-11-23T00:30:00Z')); // Monday's first run finishes the week
    const kept = history().find((r) => r[0] === '2026-11-16');
    expect(kept?.slice(0, 5)).toEqual(['2026-11-16', '3', '2', '1', '50%']);
    // Delete the tab: the next summary rebuilds History from the Register, to the same figures.
    const run = addon.emulator.beginExecution('menu', {});
    try {
      const ss = (addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).getActiveSpreadsheet();
      ss.deleteSheet(ss.getSheetByName('Friday Summary') as GoogleAppsScript.Spreadsheet.Sheet);
    } finally {
      addon.emulator.endExecution(run);
    }
    addon.runner.clickMenu('Generate Friday summary now');
    expect(history().find((r) => r[0] === '2026-11-16')).toEqual(kept);
  }, 60_000);

  it('a past week is generated again by selecting its History row, as it stood when the week ended', () => {
    const addon = startRegister(); // Monday 16 Nov 09:00
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    const a = logOutput(addon, 'Monday');
    review(addon, a, { decision: 'Reject', reworkCause: 'Input', missed: 'Context' });
    addon.runner.advanceTo(new Date('2026-11-24T10:00:00Z')); // the next Tuesday
    const b = logOutput(addon, 'Tuesday');
    review(addon, b, { decision: 'Approve' });
    addon.runner.clickMenu('Generate Friday summary now');
    const display = () => addon.sheet('Friday Summary').display;
    const figure = (label: string) => display().find((r) => r[0] === label)?.[1];
    expect([figure('Week'), figure('Outputs moved through'), figure('Needed rework')]).toEqual(['2026-11-23 to 2026-11-29', '1', '0']);
    const row = display().findIndex((r) => r[0] === '2026-11-16') + 1;
    const kept = display()[row - 1];
    addon.emulator.select('Friday Summary', `A${row}`);
    addon.runner.clickMenu('Generate Friday summary now');
    expect(addon.emulator.ui.toasts.at(-1)).toMatchObject({
      title: 'Friday Summary written (no email)',
      message:
        'Week of 2026-11-16: Review is where handoffs slowed this week: median 0 h. H-001 Social posts: 1 of 1 reworks were caused by Input: revisit its Input required.',
    });
    expect([figure('Week'), figure('Outputs logged'), figure('Outputs moved through'), figure('Needed rework'), figure('Rework rate')]).toEqual([
      '2026-11-16 to 2026-11-22',
      '1',
      '1',
      '1',
      '100%',
    ]);
    // History is unchanged by it: the same rows, the same figures.
    expect(display().find((r) => r[0] === '2026-11-16')).toEqual(kept);
    expect(
      display()
        .filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? ''))
        .map((r) => r[0]),
    ).toEqual(['2026-11-23', '2026-11-16']);
    // Anywhere else selected: this week again.
    addon.emulator.select('Friday Summary', 'A1');
    addon.runner.clickMenu('Generate Friday summary now');
    expect(figure('Week')).toBe('2026-11-23 to 2026-11-29');
  }, 60_000);

  it('a week across the autumn clock change ends at Monday 00:00 local time, not UTC and not summer time', () => {
    // Monday 26 Oct 2026 09:00 in New York (EDT, UTC-4); clocks go back on Sunday 1 Nov.
    const addon = startRegister({ now: new Date('2026-10-26T13:00:00Z'), timeZone: 'America/New_York', scriptTimeZone: 'Europe/London' });
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    addon.runner.advanceTo(new Date('2026-10-30T20:30:00Z')); // Friday 16:30 EDT: the preview
    addon.runner.advanceTo(new Date('2026-11-02T04:30:00Z')); // Sunday 23:30 EST, Monday in UTC
    logOutput(addon, 'Sunday night');
    const job = () => (addon.runner.scriptRun('getSidebarState', []) as { job: { lastRunAt: string; lastResult: string } }).job;
    // The run at 04:00Z (midnight had summer time lasted; Sunday 23:00 EST) does not finish the week.
    expect(job()).toEqual({
      on: true,
      runBy: 'owner@example.com',
      lastRunAt: '2026-11-02T04:00:00.000Z',
      lastResult: 'Nothing to repair. Outside sending hours (Monday to Friday, 08:00 to 18:00 (America/New_York)): nothing sent.',
    });
    addon.runner.advanceTo(new Date('2026-11-02T05:30:00Z')); // Monday 00:30 EST
    expect(job()).toEqual({
      on: true,
      runBy: 'owner@example.com',
      lastRunAt: '2026-11-02T05:00:00.000Z',
      lastResult:
        'Nothing to repair. Week of 2026-10-26 finished in History. Outside sending hours (Monday to Friday, 08:00 to 18:00 (America/New_York)): nothing sent.',
    });
    logOutput(addon, 'Monday night');
    const rows = addon.sheet('Friday Summary').display;
    const history = rows.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? '')).map((r) => r.slice(0, 2));
    // The Sunday-night output is in the week it was logged in, local time: 167 + 1 hours long.
    expect(history).toEqual([['2026-10-26', '1']]);
    addon.runner.clickMenu('Generate Friday summary now');
    const after = addon.sheet('Friday Summary').display;
    expect(after.find((r) => r[0] === 'Week')?.[1]).toBe('2026-11-02 to 2026-11-08');
    expect(after.find((r) => r[0] === 'Outputs logged')?.[1]).toBe('1');
    expect(after.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? '')).map((r) => r.slice(0, 2))).toEqual([
      ['2026-11-02', '1'],
      ['2026-10-26', '1'],
    ]);
  }, 60_000);

  it('the History chart covers moved through, needed rework and the rework rate as History grows', () => {
    const addon = startRegister();
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    addon.runner.advanceTo(new Date('2026-11-20T16:30:00Z'));
    // The chart spans History's header and every week, columns A (week) and C:E.
    const chart = (weeks: number) => {
      const display = addon.sheet('Friday Summary').display;
      const header = display.findIndex((r) => r[0] === 'History') + 2;
      expect(display[header - 1]?.slice(2, 5)).toEqual(['Moved through', 'Needed rework', 'Rework rate']);
      expect(addon.sheet('Friday Summary').charts.map((c) => c.ranges)).toEqual([[`A${header}:A${header + weeks}`, `C${header}:E${header + weeks}`]]);
    };
    chart(1);
    addon.runner.advanceTo(new Date('2026-11-27T16:30:00Z'));
    chart(2);
  }, 60_000);
});
