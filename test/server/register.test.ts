import { describe, expect, it } from 'vitest';
import { REGISTER_HEADERS } from '../../src/core/vocabulary';
import { columnLetter, HANDOFF, logOutput, rowOf, startRegister, workbookState } from '../helpers/register';

const HOUR = 3_600_000;

describe('logging an output through the sidebar API', () => {
  it('writes one row with its owners from the handoff and audits it', () => {
    const addon = startRegister();
    addon.emulator.setUser('ines@example.com');
    const id = addon.runner.scriptRun('logOutput', [
      { handoffId: 'H-001', output: 'Spring offer post', link: 'https://docs.example.com/d/1', notes: 'First draft' },
    ]);
    expect(id).toEqual({ ok: true, outputId: 'O-000001' });
    expect(addon.records('Register')).toEqual([
      {
        'Output ID': 'O-000001',
        'Logged at': '2026-11-16 09:00',
        'Handoff ID': 'H-001',
        Task: 'Social posts',
        Output: 'Spring offer post',
        Link: 'https://docs.example.com/d/1',
        Version: '1',
        'Revision of': '',
        'Input owner': 'ines@example.com',
        'Review owner': 'rae@example.com',
        'Next-step owner': 'nick@example.com',
        Decision: '',
        'Decided at': '',
        'Decided by': '',
        'Review minutes': '',
        Checklist: '',
        'Rework cause': '',
        Missed: '',
        Shipped: 'FALSE',
        'Shipped at': '',
        Destination: '',
        Status: 'Awaiting review',
        'Last reminder': '',
        Notes: 'First draft',
        'Prep minutes': '',
        'Prompt version': '',
        Seal: expect.stringMatching(/^\.\.[0-9a-z]+$/),
      },
    ]);
    expect(addon.records('Audit log').at(-1)).toEqual({
      When: '2026-11-16 09:00:00',
      Who: 'ines@example.com',
      'Output ID': 'O-000001',
      Field: 'Logged',
      'Old value': '',
      'New value': 'Spring offer post (H-001, version 1)',
      Source: 'sidebar',
    });
  });

  it('lets a row change its owners, and never reuses an ID', () => {
    const addon = startRegister();
    logOutput(addon, 'One');
    logOutput(addon, 'Two', { reviewOwner: 'sam@example.com' });
    expect(addon.records('Register').map((r) => [r['Output ID'], r['Review owner']])).toEqual([
      ['O-000001', 'rae@example.com'],
      ['O-000002', 'sam@example.com'],
    ]);
  });

  it('a revision of a rejected output is one version higher and marks the old row Revised', () => {
    const addon = startRegister();
    const first = logOutput(addon, 'Spring offer post');
    addon.runner.scriptRun('reviewOutput', [
      { outputId: first, decision: 'Reject', reviewMinutes: 5, reworkCause: 'Input', missed: 'Accuracy', notes: 'Wrong offer' },
    ]);
    const second = logOutput(addon, 'Spring offer post, take 2', { revisionOf: first });
    expect(addon.records('Register').map((r) => [r['Output ID'], r.Version, r['Revision of'], r.Status])).toEqual([
      [first, '1', '', 'Revised'],
      [second, '2', first, 'Awaiting review'],
    ]);
  });

  it('keeps every kind of tricky text exactly as typed, never as a formula, number or date', () => {
    const addon = startRegister();
    const tricky = [
      '=HYPERLINK("http://evil.example","x")',
      '+1 555 0100',
      '-draft',
      '@channel',
      '0012',
      '3/4',
      '50%',
      'TRUE',
      '2026-01-02',
      '<img src=x onerror=alert(1)>',
    ];
    for (const text of tricky) logOutput(addon, text, { notes: text });
    const register = addon.sheet('Register');
    const output = REGISTER_HEADERS.indexOf('Output');
    const notes = REGISTER_HEADERS.indexOf('Notes');
    expect(register.values.slice(1).map((r) => r[output])).toEqual(tricky);
    expect(register.display.slice(1).map((r) => r[notes])).toEqual(tricky);
    expect(register.formulas.slice(1).map((r) => r[output])).toEqual(tricky.map(() => ''));
  });
});

describe('refused input leaves the workbook as it was', () => {
  const cases: [string, unknown, { field: string; message: string }[]][] = [
    [
      'saveHandoff',
      { ...HANDOFF, reviewOwner: 'rae@' },
      [{ field: 'reviewOwner', message: 'Review owner: must be an email address like name@example.com (got "rae@")' }],
    ],
    [
      'saveHandoff',
      { ...HANDOFF, task: '', nextStepOwner: 'nick' },
      [
        { field: 'task', message: 'Task: is required' },
        { field: 'nextStepOwner', message: 'Next-step owner: must be an email address like name@example.com (got "nick")' },
      ],
    ],
    ['saveHandoff', { ...HANDOFF, handoffId: 'H-404' }, [{ field: 'handoffId', message: 'Handoff ID: H-404 does not exist' }]],
    [
      'saveHandoff',
      { ...HANDOFF, measurement: 'x'.repeat(5001) },
      [{ field: 'measurement', message: 'Measurement: must be at most 5000 characters (it has 5001)' }],
    ],
    ['logOutput', { handoffId: 'H-404', output: 'x' }, [{ field: 'handoffId', message: 'Handoff ID: H-404 does not exist' }]],
    [
      'logOutput',
      { handoffId: 'H-001', output: 'x', inputOwner: 'not an email' },
      [{ field: 'inputOwner', message: 'Input owner: must be an email address like name@example.com (got "not an email")' }],
    ],
    ['logOutput', { handoffId: 'H-001', output: 'x', revisionOf: 'O-000099' }, [{ field: 'revisionOf', message: 'Revision of: O-000099 does not exist' }]],
    ['logOutput', { handoffId: 'H-001', output: '' }, [{ field: 'output', message: 'Output: is required' }]],
    ['reviewOutput', { outputId: 'O-000099', decision: 'Approve', reviewMinutes: 3 }, [{ field: 'outputId', message: 'Output ID: O-000099 does not exist' }]],
    [
      'reviewOutput',
      { outputId: 'O-000001', decision: 'Reject', reviewMinutes: 3 },
      [
        { field: 'missed', message: 'Missed: say what it missed: Context, Accuracy, Tone or Core task (required for a Reject)' },
        { field: 'reworkCause', message: 'Rework cause: is required for a Reject' },
      ],
    ],
    [
      'reviewOutput',
      { outputId: 'O-000001', decision: 'Edit', reviewMinutes: 25 },
      [{ field: 'reworkCause', message: 'Rework cause: is required when an Edit takes longer than the 15-minute review cap' }],
    ],
    [
      'reviewOutput',
      { outputId: 'O-000001', decision: 'Approve', reviewMinutes: 3, checklistPassed: ['Spelling'] },
      [{ field: 'checklistPassed', message: 'Checklist: "Spelling" is not on the review checklist of H-001' }],
    ],
    ['reviewOutput', { outputId: 'O-000001', decision: 'Approve' }, [{ field: 'reviewMinutes', message: 'Review minutes: is required (Medium risk)' }]],
    ['saveSettings', { reminderIntervalH: 0 }, [{ field: 'reminderIntervalH', message: 'Reminder interval (h): must be at least 1' }]],
    ['logOutput', 'not a form', [{ field: 'form', message: 'The form was empty or unreadable.' }]],
  ];
  it.each(cases)('%s(%j) returns its field errors and writes nothing', (fn, form, errors) => {
    const addon = startRegister();
    logOutput(addon, 'Spring offer post');
    const before = workbookState(addon);
    expect(addon.runner.scriptRun(fn, [form])).toEqual({ ok: false, errors });
    expect(workbookState(addon)).toEqual(before);
  });

  it('a busy document lock is a clear message and nothing is written', () => {
    const addon = startRegister();
    const before = workbookState(addon);
    addon.emulator.holdDocumentLock();
    expect(() => logOutput(addon, 'Spring offer post')).toThrow(
      new Error('The register is busy: someone else (or the hourly check) is saving right now. Nothing was saved; try again in a moment.'),
    );
    expect(workbookState(addon)).toEqual(before);
    addon.emulator.releaseHeldDocumentLock();
    expect(logOutput(addon, 'Spring offer post')).toBe('O-000001');
  });
});

describe('deciding in the grid', () => {
  const typeInto = (addon: ReturnType<typeof startRegister>, header: string, row: number, value: unknown) =>
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', header)}${row}`, [[value]]);

  it('stamps Decided at, updates Status and audits old to new; Decided by stays blank when Google hides the editor', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    const row = rowOf(addon, id);
    addon.emulator.clock.advance(2 * HOUR);
    addon.emulator.setUser('rae@example.com');
    typeInto(addon, 'Review minutes', row, 3);
    typeInto(addon, 'Decision', row, 'Approve');
    expect(addon.records('Register')[0]).toMatchObject({
      Decision: 'Approve',
      'Decided at': '2026-11-16 11:00',
      'Decided by': '',
      Status: 'Awaiting next step',
    });
    addon.emulator.clock.advance(HOUR);
    typeInto(addon, 'Decision', row, 'Reject');
    // A Reject asks what it missed and which part broke: until then it waits as Needs details.
    expect(addon.records('Register')[0]).toMatchObject({ Decision: 'Reject', 'Decided at': '2026-11-16 12:00', Status: 'Needs details' });
    typeInto(addon, 'Missed', row, 'Tone');
    typeInto(addon, 'Rework cause', row, 'Input');
    expect(addon.records('Register')[0]).toMatchObject({ Status: 'Rejected' });
    const audit = addon
      .records('Audit log')
      .filter((r) => r.Source === 'sheet edit')
      .map((r) => [r.When, r.Who, r.Field, r['Old value'], r['New value']]);
    const who = '(editor not shared by Google)';
    expect(audit).toEqual([
      ['2026-11-16 11:00:00', who, 'Review minutes', '', '3'],
      ['2026-11-16 11:00:00', who, 'Decision', '', 'Approve'],
      ['2026-11-16 11:00:00', who, 'Decided at', '', '2026-11-16 11:00'],
      ['2026-11-16 11:00:00', who, 'Decided version', '', '"Spring offer post" https://docs.example.com/d/1'],
      ['2026-11-16 11:00:00', who, 'Status', 'Awaiting review', 'Awaiting next step'],
      ['2026-11-16 12:00:00', who, 'Decision', 'Approve', 'Reject'],
      ['2026-11-16 12:00:00', who, 'Decided at', '2026-11-16 11:00', '2026-11-16 12:00'],
      ['2026-11-16 12:00:00', who, 'Decided version', '', '"Spring offer post" https://docs.example.com/d/1'],
      ['2026-11-16 12:00:00', who, 'Status', 'Awaiting next step', 'Needs details'],
      ['2026-11-16 12:00:00', who, 'Missed', '', 'Tone'],
      ['2026-11-16 12:00:00', who, 'Rework cause', '', 'Input'],
      ['2026-11-16 12:00:00', who, 'Status', 'Needs details', 'Rejected'],
    ]);
    typeInto(addon, 'Decision', row, '');
    expect(addon.records('Register')[0]).toMatchObject({ Decision: '', 'Decided at': '', Status: 'Awaiting review' });
  });

  it('names the editor when Apps Script shares the email (same Workspace domain)', () => {
    const addon = startRegister({ revealActiveUserToSimpleTriggers: true });
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser('rae@example.com');
    typeInto(addon, 'Decision', rowOf(addon, id), 'Approve');
    expect(addon.records('Register')[0]?.['Decided by']).toBe('rae@example.com');
  });

  it('a Reject that lacks its details is tinted and listed as Needs details until it has them', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    const row = rowOf(addon, id);
    typeInto(addon, 'Review minutes', row, 5);
    typeInto(addon, 'Decision', row, 'Reject');
    expect(new Set(addon.sheet('Register').backgrounds[row - 1])).toEqual(new Set(['#fce8b2']));
    const needs = () => (addon.runner.scriptRun('getSidebarState', []) as { waiting: { needsDetails: unknown[] } }).waiting.needsDetails;
    expect(needs()).toEqual([
      {
        outputId: id,
        output: 'Spring offer post',
        decision: 'Reject',
        reason: 'Needs what it missed (context, accuracy, tone or the core task); a rework cause',
      },
    ]);
    typeInto(addon, 'Rework cause', row, 'Prompt');
    expect(needs()).toEqual([
      { outputId: id, output: 'Spring offer post', decision: 'Reject', reason: 'Needs what it missed (context, accuracy, tone or the core task)' },
    ]);
    typeInto(addon, 'Missed', row, 'Core task');
    expect(new Set(addon.sheet('Register').backgrounds[row - 1])).toEqual(new Set(['#ffffff']));
    expect(needs()).toEqual([]);
    expect(addon.records('Register')[0]?.Status).toBe('Rejected');
  });

  it('ticking Shipped on an approved output stamps Shipped at and fills Destination; unticking clears it; all audited', () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    const row = rowOf(addon, id);
    typeInto(addon, 'Review minutes', row, 2);
    typeInto(addon, 'Decision', row, 'Approve');
    addon.emulator.clock.advance(HOUR);
    typeInto(addon, 'Shipped', row, true);
    expect(addon.records('Register')[0]).toMatchObject({
      Shipped: 'TRUE',
      'Shipped at': '2026-11-16 10:00',
      Destination: 'Schedule in the content calendar',
      Status: 'Shipped',
    });
    typeInto(addon, 'Shipped', row, false);
    expect(addon.records('Register')[0]).toMatchObject({ Shipped: 'FALSE', 'Shipped at': '', Status: 'Awaiting next step' });
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Field?.startsWith('Shipped') || r.Field === 'Destination')
        .map((r) => [r.Field, r['Old value'], r['New value']]),
    ).toEqual([
      ['Shipped', 'FALSE', 'TRUE'],
      ['Shipped at', '', '2026-11-16 10:00'],
      ['Destination', '', 'Schedule in the content calendar'],
      ['Shipped version', '', '"Spring offer post" https://docs.example.com/d/1'],
      ['Shipped', 'TRUE', 'FALSE'],
      ['Shipped at', '2026-11-16 10:00', ''],
    ]);
  });

  it('a row typed in by hand gets an ID, Logged at, the task and owners of its handoff, and a Status', () => {
    const addon = startRegister();
    logOutput(addon, 'Spring offer post');
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Handoff ID')}3`, [['H-001']]);
    expect(addon.records('Register')[1]).toMatchObject({
      'Output ID': 'O-000002',
      'Logged at': '2026-11-16 09:00',
      Task: 'Social posts',
      'Input owner': 'ines@example.com',
      'Review owner': 'rae@example.com',
      'Next-step owner': 'nick@example.com',
      Version: '1',
      Status: 'Awaiting review',
    });
  });

  it('a paste of 50 decisions stamps every row in a few batched calls and says the old values are not known', () => {
    const addon = startRegister();
    for (let i = 0; i < 50; i++) logOutput(addon, `Post ${i + 1}`);
    addon.emulator.clock.advance(HOUR);
    addon.emulator.counters.reset();
    // Decisions pasted with their minutes, what a Reject missed and its cause: a complete decision each.
    const decisions = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? ['Reject', 'Tone', 'Input', 6] : ['Approve', '', '', 3]));
    const first = columnLetter(addon, 'Register', 'Decision');
    const last = columnLetter(addon, 'Register', 'Review minutes');
    addon.emulator.userEdit('Register', `${first}2:${last}51`, decisions);
    const rows = addon.records('Register');
    expect(rows.every((r) => r['Decided at'] === '2026-11-16 10:00')).toBe(true);
    expect(rows.filter((r) => r.Status === 'Rejected')).toHaveLength(10);
    expect(rows.filter((r) => r.Status === 'Awaiting next step')).toHaveLength(40);
    const audit = addon.records('Audit log').filter((r) => r.Field === 'Decision');
    expect(audit).toHaveLength(50);
    expect(new Set(audit.map((r) => r['Old value']))).toEqual(new Set(['(not known: several cells were changed at once)']));
    const summary = addon.emulator.counters.summary();
    expect(summary.byMethod['SpreadsheetApp.Range.setValues']).toBeLessThanOrEqual(4);
    expect(summary.byMethod['Utilities.formatDate']).toBe(1);
    expect(summary.calls).toBeLessThanOrEqual(50);
  });
});

describe('columns found by header, whatever people do to the layout', () => {
  it('after inserting and moving columns and sorting, every value lands in its own column', () => {
    const addon = startRegister();
    const a = logOutput(addon, 'Alpha post');
    const b = logOutput(addon, 'Bravo post');
    const sheet = addon.emulator.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    const run = addon.emulator.beginExecution('menu', {});
    try {
      const register = sheet.getActiveSpreadsheet().getSheetByName('Register') as GoogleAppsScript.Spreadsheet.Sheet;
      register.insertColumnBefore(1);
      register.getRange('A1').setValue('My notes');
      register.moveColumns(register.getRange('M1'), 3);
      register.getRange(2, 1, 2, register.getLastColumn()).sort({ column: register.getLastColumn() - 0, ascending: true });
    } finally {
      addon.emulator.endExecution(run);
    }
    void a;
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Review minutes')}${rowOf(addon, b)}`, [[5]]);
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Decision')}${rowOf(addon, b)}`, [['Edit']]);
    addon.runner.scriptRun('reviewOutput', [
      { outputId: a, decision: 'Approve', reviewMinutes: 4, checklistPassed: ['Tone', 'Offer details', 'Call to action'] },
    ]);
    const byId = Object.fromEntries(addon.records('Register').map((r) => [r['Output ID'], r]));
    expect(byId[b]).toMatchObject({ Output: 'Bravo post', Decision: 'Edit', Status: 'Awaiting next step', 'My notes': '' });
    expect(byId[a]).toMatchObject({
      Output: 'Alpha post',
      Decision: 'Approve',
      'Review minutes': '4',
      Checklist: '3/4 passed; failed: Client voice',
      Status: 'Awaiting next step',
      'My notes': '',
    });
  });
});

describe('the review panel and Waiting now', () => {
  it("shows the selected row with its handoff's standard and checklist, and records the reviewer", () => {
    const addon = startRegister();
    const id = logOutput(addon, 'Spring offer post');
    addon.emulator.setUser('rae@example.com');
    addon.emulator.select('Register', `C${rowOf(addon, id)}`);
    const state = addon.runner.scriptRun('getSidebarState', []) as { selection: unknown; user: string };
    expect(state.user).toBe('rae@example.com');
    expect(state.selection).toEqual({
      outputId: id,
      output: 'Spring offer post',
      link: 'https://docs.example.com/d/1',
      version: 1,
      handoffId: 'H-001',
      task: 'Social posts',
      outputStandard: 'On brand, offer details right, one call to action',
      reviewChecklist: ['Tone', 'Offer details', 'Client voice', 'Call to action'],
      reviewCapMin: 15,
      reviewOwner: 'rae@example.com',
      inputOwner: 'ines@example.com',
      risk: 'Medium',
      outputType: 'Social post',
      approvalRule: 'Approve as is; Edit: light changes within the review cap; Reject: missed context, accuracy, tone or the core task.',
      decision: '',
      reworkCause: '',
      status: 'Awaiting review',
      loggedAt: '2026-11-16T09:00:00.000Z',
    });
    addon.emulator.clock.advance(30 * 60_000);
    const result = addon.runner.scriptRun('reviewOutput', [
      {
        outputId: id,
        decision: 'Edit',
        reviewMinutes: 20,
        checklistPassed: ['Tone', 'Client voice', 'Call to action'],
        reworkCause: 'Input',
        notes: "Offer was last year's",
      },
    ]);
    expect(result).toEqual({ ok: true, outputId: id, status: 'Awaiting next step' });
    expect(addon.records('Register')[0]).toMatchObject({
      Decision: 'Edit',
      'Decided at': '2026-11-16 09:30',
      'Decided by': 'rae@example.com',
      'Review minutes': '20',
      Checklist: '3/4 passed; failed: Offer details',
      'Rework cause': 'Input',
      Notes: "2026-11-16 09:30 Edit: Offer was last year's",
      Status: 'Awaiting next step',
    });
    expect(
      addon
        .records('Audit log')
        .filter((r) => r.Source === 'sidebar' && r['Output ID'] === id)
        .map((r) => [r.Who, r.Field]),
    ).toEqual([
      ['owner@example.com', 'Logged'],
      ['rae@example.com', 'Decision'],
      ['rae@example.com', 'Decided at'],
      ['rae@example.com', 'Decided by'],
      ['rae@example.com', 'Review minutes'],
      ['rae@example.com', 'Checklist'],
      ['rae@example.com', 'Rework cause'],
      ['rae@example.com', 'Status'],
      ['rae@example.com', 'Notes'],
      ['rae@example.com', 'Decided version'],
    ]);
  });

  it('counts what waits per handoff and reports owners nobody can remind', () => {
    const addon = startRegister();
    const a = logOutput(addon, 'A');
    logOutput(addon, 'B', { nextStepOwner: '' });
    const c = logOutput(addon, 'C');
    addon.emulator.clock.advance(5 * HOUR);
    addon.runner.scriptRun('reviewOutput', [{ outputId: a, decision: 'Approve', reviewMinutes: 2 }]);
    addon.runner.scriptRun('reviewOutput', [
      { outputId: c, decision: 'Reject', reviewMinutes: 2, reworkCause: 'Prompt', missed: 'Accuracy', notes: 'Generic' },
    ]);
    addon.emulator.userEdit('Register', `${columnLetter(addon, 'Register', 'Review owner')}${rowOf(addon, 'O-000002')}`, [['rae at example']]);
    const state = addon.runner.scriptRun('getSidebarState', []) as { waiting: unknown; rejected: unknown };
    expect(state.waiting).toEqual({
      handoffs: [{ handoffId: 'H-001', task: 'Social posts', awaitingReview: 1, needsDetails: 0, awaitingNextStep: 1, awaitingRevision: 1, oldestHours: 5 }],
      needsDetails: [],
      needsDetailsTotal: 0,
      unapproved: [],
      changedAfterShipping: [],
      ownerProblems: [
        { outputId: 'O-000002', field: 'Review owner', value: 'rae at example', problem: 'is not a valid email address, so nobody can be reminded' },
      ],
      ownerProblemsTotal: 1,
      heldBack: [],
    });
    expect(state.rejected).toEqual([{ outputId: c, handoffId: 'H-001', output: 'C', version: 1 }]);
  });
});

describe('Verify audit log', () => {
  it('says the trail is intact, then names the row someone edited by hand', () => {
    const addon = startRegister();
    logOutput(addon, 'Spring offer post');
    addon.runner.clickMenu('Verify audit log');
    const rows = addon.records('Audit log').length;
    expect(addon.emulator.ui.alerts.at(-1)).toMatchObject({
      title: 'Audit log',
      prompt: `The Audit log is intact: all ${rows} rows match their fingerprints.`,
    });
    addon.emulator.userEdit('Audit log', 'F3', [['Something else']]);
    addon.runner.clickMenu('Verify audit log');
    // Each row's fingerprint (kept in its Source note) names the exact row.
    expect(addon.emulator.ui.alerts.at(-1)?.prompt).toBe('The Audit log was changed by hand since the add-on wrote it. The first changed row is sheet row 3.');
  });
});
