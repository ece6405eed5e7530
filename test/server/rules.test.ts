// Issue 10 through the built bundle: the grid keeps the panel's rules, and what ships is what was
// approved. Every case reads the cells, statuses and audit rows a person would see.
import { describe, expect, it } from 'vitest';
import type { Addon } from '../helpers/addon';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;
const RAE = 'rae@example.com';
const MAYA = 'maya@example.com';
const ALL_ITEMS = ['Tone', 'Offer details', 'Client voice', 'Call to action'];

const type = (addon: Addon, header: string, id: string, value: unknown) =>
  addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', header)}${rowOf(addon, id)}`, [[value]]);
const rowFor = (addon: Addon, id: string) => addon.records('Register').find((r) => r['Output ID'] === id) as Record<string, string>;
const audit = (addon: Addon, id: string) =>
  addon
    .records('Audit log')
    .filter((r) => r['Output ID'] === id)
    .map((r) => [r.Who, r.Field, r['Old value'], r['New value']]);
const state = (addon: Addon) =>
  addon.runner.scriptRun('getSidebarState', []) as {
    waiting: {
      needsDetails: { outputId: string; reason: string }[];
      unapproved: { outputId: string; reason: string }[];
      changedAfterShipping: { outputId: string }[];
    };
  };
const tintOf = (addon: Addon, id: string) => [...new Set(addon.sheet('Register').backgrounds[rowOf(addon, id) - 1])];
const highRisk = (addon: Addon) => addon.runner.scriptRun('saveHandoff', [{ ...HANDOFF, handoffId: 'H-001', risk: 'High' }]);
const strict = (addon: Addon) => addon.runner.scriptRun('saveSettings', [{ whoMayDecide: 'Review owner only' }]);

describe('a High-risk handoff', () => {
  it('the panel refuses an Approve with a failed checklist item, and the input owner approving their own', () => {
    const addon = startRegister();
    highRisk(addon);
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(RAE);
    const before = workbookState(addon);
    expect(
      addon.runner.scriptRun('reviewOutput', [
        { outputId: id, decision: 'Approve', reviewMinutes: 5, checklistPassed: ['Tone', 'Offer details', 'Client voice'] },
      ]),
    ).toEqual({
      ok: false,
      errors: [{ field: 'checklistPassed', message: 'Checklist: a High-risk Approve needs every item passed (4 of 4)' }],
    });
    addon.emulator.setUser('ines@example.com');
    expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 5, checklistPassed: ALL_ITEMS }])).toEqual({
      ok: false,
      errors: [{ field: 'decision', message: 'Decision: the input owner cannot approve their own High-risk output' }],
    });
    expect(workbookState(addon)).toEqual(before);
  });

  it('a grid Approve waits as Needs details until the review panel records the checklist', () => {
    const addon = startRegister();
    highRisk(addon);
    const id = logOutput(addon, 'Spring offer post');
    type(addon, 'Review minutes', id, 4);
    type(addon, 'Decision', id, 'Approve');
    expect(rowFor(addon, id).Status).toBe('Needs details');
    expect(tintOf(addon, id)).toEqual(['#fce8b2']);
    expect(state(addon).waiting.needsDetails).toEqual([
      { outputId: id, output: 'Spring offer post', decision: 'Approve', reason: 'Needs every checklist item passed (4 of them), recorded in the review panel' },
    ]);
    addon.emulator.setUser(RAE);
    expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 4, checklistPassed: ALL_ITEMS }])).toEqual({
      ok: true,
      outputId: id,
      status: 'Awaiting next step',
    });
    expect(rowFor(addon, id)).toMatchObject({ Status: 'Awaiting next step', Checklist: '4/4 passed', 'Decided by': RAE });
    expect(tintOf(addon, id)).toEqual(['#ffffff']);
  });
});

describe('who may decide', () => {
  it('by default anyone may decide; the audit says on behalf of the review owner', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(MAYA);
    expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }])).toMatchObject({
      ok: true,
      status: 'Awaiting next step',
    });
    expect(audit(addon, id).find((r) => r[1] === 'Decision')).toEqual([MAYA, 'Decision', '', 'Approve (on behalf of rae@example.com)']);
  });

  it('"Review owner only": the panel refuses someone else, naming the review owner', () => {
    const addon = startRegister();
    strict(addon);
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(MAYA);
    expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }])).toEqual({
      ok: false,
      errors: [{ field: 'decision', message: 'Decision: only the review owner (rae@example.com) may decide this output' }],
    });
  });

  it('"Review owner only": a known editor\'s grid decision is put back with a toast and an audit row', () => {
    const addon = startRegister({ revealActiveUserToSimpleTriggers: true });
    strict(addon);
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(MAYA);
    type(addon, 'Review minutes', id, 3);
    type(addon, 'Decision', id, 'Approve');
    expect(rowFor(addon, id)).toMatchObject({ Decision: '', 'Decided at': '', Status: 'Awaiting review' });
    expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('Only the review owner (rae@example.com) may decide O-000001; your decision was put back.');
    expect(audit(addon, id).slice(-2)).toEqual([
      [MAYA, 'Decision', '', 'Approve'],
      [MAYA, 'Decision', 'Approve', ' (restored: only the review owner rae@example.com may decide)'],
    ]);
  });

  it('"Review owner only": when Google hides the editor, the decision waits for the review owner to confirm it', () => {
    const addon = startRegister();
    strict(addon);
    const id = logOutput(addon, 'Spring offer post');
    type(addon, 'Review minutes', id, 3);
    type(addon, 'Decision', id, 'Approve');
    expect(rowFor(addon, id)).toMatchObject({ Decision: 'Approve', Status: 'Needs details' });
    expect(state(addon).waiting.needsDetails[0]?.reason).toBe('Needs confirmation by the review owner (rae@example.com) in the review panel');
    addon.emulator.setUser(RAE);
    expect(addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }])).toMatchObject({
      ok: true,
      status: 'Awaiting next step',
    });
  });
});

describe('what ships is what was approved', () => {
  function approved(addon: Addon): string {
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(RAE);
    addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }]);
    addon.emulator.setUser('owner@example.com');
    return id;
  }

  it('editing the Output after an Approve resets the decision, with the old decision in one audit row', () => {
    const addon = startRegister();
    const id = approved(addon);
    addon.emulator.clock.advance(HOUR);
    type(addon, 'Output', id, 'Spring offer post, with a new price');
    expect(rowFor(addon, id)).toMatchObject({ Decision: '', 'Decided at': '', 'Decided by': '', 'Review minutes': '', Status: 'Awaiting review' });
    expect(audit(addon, id).slice(-3)).toEqual([
      ['(editor not shared by Google)', 'Output', 'Spring offer post', 'Spring offer post, with a new price'],
      [
        '(editor not shared by Google)',
        'Decision reset',
        'Approve by rae@example.com at 2026-11-16 09:00',
        'Output or Link changed after the decision: it needs a new review',
      ],
      ['(editor not shared by Google)', 'Status', 'Awaiting next step', 'Awaiting review'],
    ]);
  });

  it('after shipping, a changed Link is audited once and listed as changed after shipping', () => {
    const addon = startRegister();
    const id = approved(addon);
    expect(addon.runner.scriptRun('markShipped', [{ outputId: id, destination: 'Buffer queue' }])).toEqual({ ok: true, outputId: id, status: 'Shipped' });
    type(addon, 'Link', id, 'https://docs.example.com/d/other');
    expect(rowFor(addon, id)).toMatchObject({ Status: 'Shipped', Destination: 'Buffer queue' });
    expect(state(addon).waiting.changedAfterShipping).toEqual([
      { outputId: id, output: 'Spring offer post', reason: 'Output or Link changed after it shipped' },
    ]);
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
    expect(audit(addon, id).filter((r) => r[1] === 'Changed after shipping')).toEqual([
      ['(editor not shared by Google)', 'Changed after shipping', '', '"Spring offer post" https://docs.example.com/d/other'],
    ]);
  });

  it.each([
    ['an unreviewed output', (addon: Addon) => logOutput(addon, 'Spring offer post'), 'Shipped without a review'],
    [
      'a rejected one',
      (addon: Addon) => {
        const id = logOutput(addon, 'Spring offer post');
        addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Reject', reviewMinutes: 3, reworkCause: 'Input', missed: 'Accuracy' }]);
        return id;
      },
      'Shipped while rejected',
    ],
  ])('Shipped ticked on %s stays ticked, is Shipped without approval, red, and listed', (_name, make, reason) => {
    const addon = startRegister();
    const id = make(addon);
    type(addon, 'Shipped', id, true);
    expect(rowFor(addon, id)).toMatchObject({ Shipped: 'TRUE', Status: 'Shipped without approval', Destination: 'Schedule in the content calendar' });
    expect(tintOf(addon, id)).toEqual(['#f4c7c3']);
    expect(state(addon).waiting.unapproved).toEqual([{ outputId: id, output: 'Spring offer post', reason }]);
    expect(addon.runner.scriptRun('markShipped', [{ outputId: id, destination: 'x' }])).toEqual({
      ok: false,
      errors: [{ field: 'outputId', message: `Output ID: ${id} is already shipped` }],
    });
  });

  it('markShipped refuses what is not approved, naming its status', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    expect(addon.runner.scriptRun('markShipped', [{ outputId: id, destination: 'Buffer' }])).toEqual({
      ok: false,
      errors: [{ field: 'outputId', message: `Output ID: ${id} is Awaiting review; only an approved output can be marked shipped` }],
    });
    expect(addon.runner.scriptRun('markShipped', [{ outputId: id, destination: '' }])).toEqual({
      ok: false,
      errors: [{ field: 'destination', message: 'Destination: is required' }],
    });
  });
});

describe('the record stays true', () => {
  it('a name typed over Decided by is put back from the Audit log, at once, with a toast', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser(RAE);
    addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }]);
    addon.emulator.setUser(MAYA);
    type(addon, 'Decided by', id, MAYA);
    expect(rowFor(addon, id)['Decided by']).toBe(RAE);
    expect(addon.emulator.ui.toasts.at(-1)?.message).toBe('Decided by is written by Handoff Register; your change to O-000001 was put back.');
    expect(audit(addon, id).slice(-2)).toEqual([
      ['(editor not shared by Google)', 'Decided by', RAE, MAYA],
      ['(editor not shared by Google)', 'Decided by', MAYA, `${RAE} (restored from the Audit log)`],
    ]);
  });

  it('a forged cell whose edit was never seen is put back by the next hourly check', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    const other = logOutput(addon, 'Autumn post');
    addon.emulator.setUser(RAE);
    addon.runner.scriptRun('reviewOutput', [{ outputId: id, decision: 'Approve', reviewMinutes: 3 }]);
    // Three edits while onEdit is busy: two wait (on another row), the third is dropped, so
    // nothing saw the forgery.
    addon.emulator.pauseEdits();
    type(addon, 'Notes', other, 'looks fine');
    type(addon, 'Notes', other, 'looks fine.');
    type(addon, 'Decided by', id, MAYA);
    addon.emulator.resumeEdits();
    addon.runner.clickMenu('Turn on reminders & Friday summary');
    addon.runner.run('runHourlyJob', [], { kind: 'timeDriven' });
    expect(rowFor(addon, id)['Decided by']).toBe(RAE);
    expect(
      audit(addon, id)
        .filter((r) => r[1] === 'Decided by')
        .at(-1),
    ).toEqual(['Handoff Register (hourly check)', 'Decided by', MAYA, `${RAE} (restored from the Audit log)`]);
  });

  it('a copied row gets its own Output ID, audited, so each output counts once', () => {
    const addon = startRegister();
    logOutput(addon, 'Spring offer post');
    const register = addon.sheet('Register');
    const copy = (register.values[1] ?? []).map((v) => (v instanceof Date ? v : v));
    addon.emulator.userEdit('Register', `A3:${columnLetter(addon, 'Register', 'Seal')}3`, [copy]);
    expect(addon.records('Register').map((r) => [r['Output ID'], r.Output])).toEqual([
      ['O-000001', 'Spring offer post'],
      ['O-000002', 'Spring offer post'],
    ]);
    expect(audit(addon, 'O-000002')[0]).toEqual(['(editor not shared by Google)', 'Output ID', 'O-000001', "O-000002 (a copy of O-000001's row)"]);
  });
});

describe('the Friday summary counts them', () => {
  it('decisions on behalf of the review owner and outputs shipped without approval', () => {
    const addon = startRegister({ now: new Date('2026-11-16T09:00:00Z') });
    const a = logOutput(addon, 'A');
    const b = logOutput(addon, 'B');
    const c = logOutput(addon, 'C');
    addon.emulator.setUser(MAYA);
    addon.runner.scriptRun('reviewOutput', [{ outputId: a, decision: 'Approve', reviewMinutes: 2 }]);
    addon.emulator.setUser(RAE);
    addon.runner.scriptRun('reviewOutput', [{ outputId: b, decision: 'Approve', reviewMinutes: 2 }]);
    addon.emulator.setUser('owner@example.com');
    type(addon, 'Shipped', c, true);
    addon.runner.clickMenu('Generate Friday summary now');
    const figures = Object.fromEntries(addon.sheet('Friday Summary').display.map((r) => [r[0], r[1]]));
    expect([figures['Outputs moved through'], figures['Decided on behalf of the review owner'], figures.Shipped, figures['Shipped without approval']]).toEqual([
      '2',
      '1',
      '1',
      '1',
    ]);
  });
});
