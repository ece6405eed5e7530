import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import { EDITOR_UNKNOWN, firstRows, HOURLY_ACTOR, OLD_VALUE_UNKNOWN, type ReconcileInput, reconcileRows, sealFor, sealHolds } from '../../src/core/register';
import { contentHash } from '../../src/core/seal';
import { locateColumns } from '../../src/core/table';
import { REGISTER_HEADERS, type RegisterHeader } from '../../src/core/vocabulary';
import { handoffRecord } from '../helpers/records';

const table = locateColumns([...REGISTER_HEADERS], REGISTER_HEADERS);
const col = (h: RegisterHeader) => table.columns.get(h) as number;
const row = (cells: Partial<Record<RegisterHeader, unknown>>) => REGISTER_HEADERS.map((h) => cells[h] ?? '');
const now = new Date('2026-11-20T15:00:00Z');
const earlier = new Date('2026-11-19T09:00:00Z');
const formatTime = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const handoff: HandoffRecord = handoffRecord({
  task: 'Social posts',
  risk: 'Medium',
  inputOwner: 'ines@example.com',
  reviewOwner: 'rae@example.com',
  nextStepOwner: 'nick@example.com',
});
const KEY = 'test-key';
const base = {
  table,
  handoffs: [handoff],
  revised: new Set<string>(),
  policy: 'Review owner, others marked' as const,
  sealKey: KEY,
  firstRowOf: new Map([['O-000001', 2]]),
  now,
  formatTime,
  newIds: [] as string[],
};
const logged = {
  'Output ID': 'O-000001',
  'Logged at': earlier,
  'Handoff ID': 'H-001',
  Task: 'Social posts',
  Output: 'Post',
  Link: 'https://docs.example.com/d/1',
  Version: 1,
  Status: 'Awaiting review',
  'Input owner': 'ines@example.com',
  'Review owner': 'rae@example.com',
  'Next-step owner': 'nick@example.com',
};
const run = (over: Partial<ReconcileInput> & Pick<ReconcileInput, 'rows' | 'firstRow' | 'editor' | 'source'>) => reconcileRows({ ...base, ...over });
/** Writes other than the seal, which every reconciled row gets and is checked on its own. */
const visible = <W extends { column: number }>(writes: readonly W[]): W[] => writes.filter((w) => w.column !== col('Seal'));
/** The row as the writes leave it. */
function after(rowValues: unknown[], writes: readonly { row: number; column: number; value: unknown }[], rowNumber: number): unknown[] {
  const next = [...rowValues];
  for (const w of writes) if (w.row === rowNumber) next[w.column - 1] = w.value;
  return next;
}
const SEALED: RegisterHeader[] = ['Output ID', 'Logged at', 'Decided at', 'Decided by', 'Shipped at', 'Status', 'Last reminder'];
/** A row as the add-on would have left it: its seal over its own cells and the content decided. */
function sealed(cells: Partial<Record<RegisterHeader, unknown>>, content = ''): unknown[] {
  const r = row(cells);
  r[col('Seal') - 1] = sealFor(
    KEY,
    SEALED.map((h) => r[col(h) - 1]),
    { content, changedAfterShipping: false },
  );
  return r;
}

describe('reconcileRows after a single-cell decision', () => {
  const edit = { firstRow: 2, lastRow: 2, firstColumn: col('Decision'), lastColumn: col('Decision'), single: true, oldValue: '' };

  it('stamps Decided at and by, updates Status, audits the change first, then the version decided, and seals the row', () => {
    const rows = [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 3 })];
    const result = run({ rows, firstRow: 2, editor: 'rae@example.com', source: 'sheet edit', edit });
    expect(visible(result.writes)).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Decided by'), value: 'rae@example.com' },
      { row: 2, column: col('Status'), value: 'Awaiting next step' },
    ]);
    expect(result.audit.map((a) => [a.who, a.outputId, a.field, a.oldValue, a.newValue, a.source])).toEqual([
      ['rae@example.com', 'O-000001', 'Decision', '', 'Approve', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Decided at', '', '2026-11-20 15:00', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Decided by', '', 'rae@example.com', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Decided version', '', '"Post" https://docs.example.com/d/1', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Status', 'Awaiting review', 'Awaiting next step', 'sheet edit'],
    ]);
    expect(result.statuses.get(2)).toEqual({ outputId: 'O-000001', status: 'Awaiting next step' });
    expect(sealHolds(table, after(rows[0] as unknown[], result.writes, 2), KEY)).toBe(true);
  });

  it('a grid decision that lacks what its rule asks is kept and waits as Needs details', () => {
    const result = run({ rows: [sealed({ ...logged, Decision: 'Reject' })], firstRow: 2, editor: '', source: 'sheet edit', edit });
    expect(visible(result.writes)).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Status'), value: 'Needs details' },
    ]);
    expect(result.audit[0]?.who).toBe(EDITOR_UNKNOWN);
  });

  it('a decision by someone else than the review owner is marked on behalf of them', () => {
    const result = run({
      rows: [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 2 })],
      firstRow: 2,
      editor: 'maya@example.com',
      source: 'sheet edit',
      edit,
    });
    expect(result.audit.filter((a) => a.field === 'Decision').map((a) => [a.who, a.newValue])).toEqual([
      ['maya@example.com', 'Approve'],
      ['maya@example.com', 'Approve (on behalf of rae@example.com)'],
    ]);
    expect(result.statuses.get(2)?.status).toBe('Awaiting next step');
  });

  it('in "Review owner only", a known other editor\'s decision is put back and they are told', () => {
    const result = run({
      rows: [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 2 })],
      firstRow: 2,
      editor: 'maya@example.com',
      source: 'sheet edit',
      edit,
      policy: 'Review owner only',
    });
    expect(visible(result.writes)).toEqual([{ row: 2, column: col('Decision'), value: '' }]);
    expect(result.audit.map((a) => [a.field, a.newValue])).toEqual([
      ['Decision', 'Approve'],
      ['Decision', ' (restored: only the review owner rae@example.com may decide)'],
    ]);
    expect(result.notices).toEqual(['Only the review owner (rae@example.com) may decide O-000001; your decision was put back.']);
    expect(result.statuses.get(2)?.status).toBe('Awaiting review');
  });

  it('in "Review owner only", an unknown editor\'s decision waits for the review owner', () => {
    const result = run({
      rows: [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 2 })],
      firstRow: 2,
      editor: '',
      source: 'sheet edit',
      edit,
      policy: 'Review owner only',
    });
    expect(result.statuses.get(2)?.status).toBe('Needs details');
  });

  it('clearing a decision clears its stamps and reverts Status', () => {
    const rows = [sealed({ ...logged, Decision: '', 'Decided at': earlier, 'Decided by': 'rae@example.com', Status: 'Awaiting next step' })];
    const result = run({ rows, firstRow: 2, editor: 'rae@example.com', source: 'sheet edit', edit: { ...edit, oldValue: 'Approve' } });
    expect(visible(result.writes)).toEqual([
      { row: 2, column: col('Decided at'), value: '' },
      { row: 2, column: col('Decided by'), value: '' },
      { row: 2, column: col('Status'), value: 'Awaiting review' },
    ]);
    expect(result.audit[0]).toMatchObject({ field: 'Decision', oldValue: 'Approve', newValue: '' });
  });
});

describe('what ships is what was approved', () => {
  const decided = { ...logged, Decision: 'Approve', 'Review minutes': 3, 'Decided at': earlier, 'Decided by': 'rae@example.com', Status: 'Awaiting next step' };
  const content = contentHash('Post', 'https://docs.example.com/d/1');

  it('a change of Output after the decision resets the decision, in one audit row', () => {
    const rows = [sealed({ ...decided, Output: 'Post, reworded' }, content)];
    const edit = { firstRow: 2, lastRow: 2, firstColumn: col('Output'), lastColumn: col('Output'), single: true, oldValue: 'Post' };
    const result = run({ rows, firstRow: 2, editor: 'ines@example.com', source: 'sheet edit', edit });
    expect(visible(result.writes).map((w) => [w.column, w.value])).toEqual([
      [col('Decision'), ''],
      [col('Decided at'), ''],
      [col('Decided by'), ''],
      [col('Review minutes'), ''],
      [col('Status'), 'Awaiting review'],
    ]);
    expect(result.audit.map((a) => [a.field, a.oldValue, a.newValue])).toEqual([
      ['Output', 'Post', 'Post, reworded'],
      ['Decision reset', 'Approve by rae@example.com at 2026-11-19 09:00', 'Output or Link changed after the decision: it needs a new review'],
      ['Status', 'Awaiting next step', 'Awaiting review'],
    ]);
  });

  it('after shipping, a change is audited once and the row is marked changed after shipping', () => {
    const shipped = { ...decided, Shipped: true, 'Shipped at': now, Status: 'Shipped', Link: 'https://docs.example.com/d/2' };
    const rows = [sealed(shipped, content)];
    const first = run({ rows, firstRow: 2, editor: '', source: 'hourly check' });
    expect(first.audit.map((a) => [a.field, a.newValue])).toEqual([['Changed after shipping', '"Post" https://docs.example.com/d/2']]);
    expect(first.statuses.get(2)?.status).toBe('Shipped');
    const again = run({ rows: [after(rows[0] as unknown[], first.writes, 2)], firstRow: 2, editor: '', source: 'hourly check' });
    expect(again.audit).toEqual([]);
    expect(again.writes).toEqual([]);
  });

  it.each([
    ['an unreviewed output', { ...logged, Shipped: true }],
    [
      'a rejected one',
      { ...logged, Decision: 'Reject', 'Decided at': earlier, 'Review minutes': 3, Missed: 'Tone', 'Rework cause': 'Input', Status: 'Rejected', Shipped: true },
    ],
  ])('Shipped ticked on %s stays ticked and is Shipped without approval', (_name, cells) => {
    const edit = { firstRow: 2, lastRow: 2, firstColumn: col('Shipped'), lastColumn: col('Shipped'), single: true, oldValue: 'FALSE' };
    const result = run({
      rows: [sealed(cells)],
      firstRow: 2,
      editor: 'nick@example.com',
      source: 'sheet edit',
      edit,
      handoffs: [{ ...handoff, nextStep: 'Scheduled in Buffer' }],
    });
    expect(result.statuses.get(2)?.status).toBe('Shipped without approval');
    expect(visible(result.writes)).toContainEqual({ row: 2, column: col('Shipped at'), value: now });
  });

  it("a Shipped tick fills a blank Destination with the handoff's next step and records the version shipped", () => {
    const edit = { firstRow: 2, lastRow: 2, firstColumn: col('Shipped'), lastColumn: col('Shipped'), single: true, oldValue: 'FALSE' };
    const result = run({
      rows: [sealed({ ...decided, Shipped: true }, content)],
      firstRow: 2,
      editor: 'nick@example.com',
      source: 'sheet edit',
      edit,
      handoffs: [{ ...handoff, nextStep: 'Scheduled in Buffer' }],
    });
    expect(visible(result.writes)).toEqual([
      { row: 2, column: col('Shipped at'), value: now },
      { row: 2, column: col('Destination'), value: 'Scheduled in Buffer' },
      { row: 2, column: col('Status'), value: 'Shipped' },
    ]);
    expect(result.audit.map((a) => a.field)).toEqual(['Shipped', 'Shipped at', 'Destination', 'Shipped version', 'Status']);
  });
});

describe('the record stays true', () => {
  it('an add-on cell changed by hand is put back from what the Audit log recovered', () => {
    const good = sealed({
      ...logged,
      Decision: 'Approve',
      'Review minutes': 3,
      'Decided at': earlier,
      'Decided by': 'rae@example.com',
      Status: 'Awaiting next step',
    });
    const forged = [...good];
    forged[col('Decided by') - 1] = 'maya@example.com';
    const recovered = new Map([['O-000001', { 'Logged at': earlier, 'Decided at': earlier, 'Decided by': 'rae@example.com' }]]);
    const result = run({ rows: [forged], firstRow: 2, editor: '', source: 'hourly check', recovered });
    expect(visible(result.writes)).toEqual([{ row: 2, column: col('Decided by'), value: 'rae@example.com' }]);
    expect(result.audit.map((a) => [a.who, a.field, a.oldValue, a.newValue])).toEqual([
      [HOURLY_ACTOR, 'Decided by', 'maya@example.com', 'rae@example.com (restored from the Audit log)'],
    ]);
    expect(sealHolds(table, after(forged, result.writes, 2), KEY)).toBe(true);
  });

  it('a copied row keeps its content and gets a new Output ID, audited', () => {
    const original = sealed(logged);
    const rows = [original, [...original]];
    const result = run({ rows, firstRow: 2, editor: '', source: 'hourly check', firstRowOf: firstRows(['O-000001', 'O-000001']), newIds: ['O-000009'] });
    expect(result.idsUsed).toBe(1);
    expect(result.writes).toContainEqual({ row: 3, column: col('Output ID'), value: 'O-000009' });
    expect(result.audit.map((a) => [a.outputId, a.field, a.oldValue, a.newValue])).toEqual([
      ['O-000009', 'Output ID', 'O-000001', "O-000009 (a copy of O-000001's row)"],
    ]);
  });
});

describe('reconcileRows after a paste over several rows', () => {
  it('stamps every row and says the old values are not known', () => {
    const rows = [sealed({ ...logged, Decision: 'Approve' }), sealed({ ...logged, 'Output ID': 'O-000002', Decision: 'Edit' })];
    const edit = { firstRow: 2, lastRow: 3, firstColumn: col('Decision'), lastColumn: col('Decision'), single: false };
    const result = run({ rows, firstRow: 2, editor: '', source: 'sheet edit', edit, firstRowOf: firstRows(['O-000001', 'O-000002']) });
    expect(result.audit.filter((a) => a.field === 'Decision').map((a) => [a.outputId, a.oldValue, a.newValue])).toEqual([
      ['O-000001', OLD_VALUE_UNKNOWN, 'Approve'],
      ['O-000002', OLD_VALUE_UNKNOWN, 'Edit'],
    ]);
    expect(result.writes.filter((w) => w.column === col('Decided at')).map((w) => w.row)).toEqual([2, 3]);
  });
});

describe('reconcileRows for a hand-typed row', () => {
  it('gives it an ID, Logged at, the task and owners of its handoff, a Status and a seal', () => {
    const rows = [row({ 'Handoff ID': 'H-001', Output: 'Typed by hand' })];
    const edit = { firstRow: 7, lastRow: 7, firstColumn: col('Output'), lastColumn: col('Output'), single: true, oldValue: '' };
    const result = run({ rows, firstRow: 7, editor: 'ines@example.com', source: 'sheet edit', edit, newIds: ['O-000042'] });
    expect(result.idsUsed).toBe(1);
    expect(result.writes).toEqual([
      { row: 7, column: col('Output ID'), value: 'O-000042' },
      { row: 7, column: col('Logged at'), value: now },
      { row: 7, column: col('Task'), value: 'Social posts' },
      { row: 7, column: col('Input owner'), value: 'ines@example.com' },
      { row: 7, column: col('Review owner'), value: 'rae@example.com' },
      { row: 7, column: col('Next-step owner'), value: 'nick@example.com' },
      { row: 7, column: col('Version'), value: 1 },
      { row: 7, column: col('Status'), value: 'Awaiting review' },
      { row: 7, column: col('Seal'), value: expect.stringMatching(/^\.\.[0-9a-z]+$/) },
    ]);
  });

  it('finds the handoff from a Task that names exactly one', () => {
    const rows = [row({ Task: 'social posts', Output: 'x' })];
    const result = run({ rows, firstRow: 3, editor: '', source: 'sheet edit', newIds: ['O-000005'] });
    expect(result.writes).toContainEqual({ row: 3, column: col('Handoff ID'), value: 'H-001' });
  });
});

describe('reconcileRows as the hourly repair', () => {
  it('stamps a decision whose edit event was dropped, without naming anyone', () => {
    const rows = [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 2, Shipped: true })];
    const result = run({ rows, firstRow: 2, editor: 'owner@example.com', source: 'hourly check' });
    expect(visible(result.writes)).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Shipped at'), value: now },
      { row: 2, column: col('Status'), value: 'Shipped' },
    ]);
    expect(new Set(result.audit.map((a) => a.who))).toEqual(new Set([HOURLY_ACTOR]));
  });

  it('changes nothing on a row that is already right', () => {
    const content = contentHash('Post', 'https://docs.example.com/d/1');
    const rows = [sealed({ ...logged, Decision: 'Approve', 'Review minutes': 2, 'Decided at': earlier, Status: 'Awaiting next step' }, content)];
    const result = run({ rows, firstRow: 2, editor: '', source: 'hourly check' });
    expect(result.writes).toEqual([]);
    expect(result.audit).toEqual([]);
  });

  it('skips empty rows', () => {
    const result = run({ rows: [row({}), row({ Shipped: false })], firstRow: 2, editor: '', source: 'hourly check' });
    expect(result.writes).toEqual([]);
  });
});
