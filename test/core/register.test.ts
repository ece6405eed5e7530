import { describe, expect, it } from 'vitest';
import type { HandoffRecord } from '../../src/core/handoffs';
import {
  EDITOR_UNKNOWN,
  HOURLY_ACTOR,
  OLD_VALUE_UNKNOWN,
  decideStatus,
  reasonCauseNeeded,
  reconcileRows,
} from '../../src/core/register';
import { locateColumns } from '../../src/core/table';
import { REGISTER_HEADERS, type RegisterHeader } from '../../src/core/vocabulary';

const table = locateColumns([...REGISTER_HEADERS], REGISTER_HEADERS);
const col = (h: RegisterHeader) => table.columns.get(h) as number;
const row = (cells: Partial<Record<RegisterHeader, unknown>>) => REGISTER_HEADERS.map((h) => cells[h] ?? '');
const now = new Date('2026-11-20T15:00:00Z');
const earlier = new Date('2026-11-19T09:00:00Z');
const formatTime = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const handoff: HandoffRecord = {
  row: 2,
  handoffId: 'H-001',
  task: 'Social posts',
  toolStep: '',
  inputRequired: '',
  outputStandard: '',
  outputType: '',
  risk: 'Medium',
  inputOwner: 'ines@example.com',
  reviewOwner: 'rae@example.com',
  nextStepOwner: 'nick@example.com',
  approvalRule: '',
  reviewCapMin: 15,
  nextStep: '',
  measurement: '',
  reviewChecklist: [],
  stallAfterH: 24,
  status: 'Active',
};
const base = { table, handoffs: [handoff], revised: new Set<string>(), now, formatTime, newIds: [] as string[] };
const logged = { 'Output ID': 'O-000001', 'Logged at': earlier, 'Handoff ID': 'H-001', Task: 'Social posts', Output: 'Post', Version: 1, Status: 'Awaiting review' };

describe('decideStatus', () => {
  it.each([
    [{ decision: '', shipped: false }, 'Awaiting review'],
    [{ decision: 'Approve', shipped: false }, 'Awaiting next step'],
    [{ decision: 'Edit', shipped: false }, 'Awaiting next step'],
    [{ decision: 'Approve', shipped: true }, 'Shipped'],
    [{ decision: 'Reject', shipped: false }, 'Rejected'],
  ] as const)('%j is %s', (o, status) => {
    expect(decideStatus({ outputId: 'O-000001', ...o }, new Set())).toBe(status);
  });

  it('a rejected output with a logged revision is Revised', () => {
    expect(decideStatus({ outputId: 'O-000001', decision: 'Reject', shipped: false }, new Set(['O-000001']))).toBe('Revised');
  });
});

describe('reasonCauseNeeded', () => {
  it('asks a Reject for its cause', () => {
    expect(reasonCauseNeeded({ decision: 'Reject', reviewMinutes: 3, reworkCause: '' }, 15)).toBe('Rejected without a rework cause');
  });
  it('asks an Edit over the cap, not one at the cap', () => {
    expect(reasonCauseNeeded({ decision: 'Edit', reviewMinutes: 16, reworkCause: '' }, 15)).toBe('Edit took 16 min, over the 15-minute review cap');
    expect(reasonCauseNeeded({ decision: 'Edit', reviewMinutes: 15, reworkCause: '' }, 15)).toBeNull();
  });
  it('is satisfied once a cause is given', () => {
    expect(reasonCauseNeeded({ decision: 'Reject', reviewMinutes: null, reworkCause: 'Input' }, 15)).toBeNull();
  });
});

describe('reconcileRows after a single-cell decision', () => {
  const edit = { firstRow: 2, lastRow: 2, firstColumn: col('Decision'), lastColumn: col('Decision'), single: true, oldValue: '' };

  it('stamps Decided at and by, updates Status, and audits the user change first', () => {
    const result = reconcileRows({ ...base, rows: [row({ ...logged, Decision: 'Approve' })], firstRow: 2, editor: 'rae@example.com', source: 'sheet edit', edit });
    expect(result.writes).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Decided by'), value: 'rae@example.com' },
      { row: 2, column: col('Status'), value: 'Awaiting next step' },
    ]);
    expect(result.audit.map((a) => [a.who, a.outputId, a.field, a.oldValue, a.newValue, a.source])).toEqual([
      ['rae@example.com', 'O-000001', 'Decision', '', 'Approve', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Decided at', '', '2026-11-20 15:00', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Decided by', '', 'rae@example.com', 'sheet edit'],
      ['rae@example.com', 'O-000001', 'Status', 'Awaiting review', 'Awaiting next step', 'sheet edit'],
    ]);
    expect(result.highlight.get(2)).toBe(false);
  });

  it('leaves Decided by blank when Google hides the editor, and says so in the audit', () => {
    const result = reconcileRows({ ...base, rows: [row({ ...logged, Decision: 'Reject' })], firstRow: 2, editor: '', source: 'sheet edit', edit });
    expect(result.writes).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Status'), value: 'Rejected' },
    ]);
    expect(result.audit[0]?.who).toBe(EDITOR_UNKNOWN);
    expect(result.highlight.get(2)).toBe(true);
  });

  it('clearing a decision clears its stamps and reverts Status', () => {
    const rows = [row({ ...logged, Decision: '', 'Decided at': earlier, 'Decided by': 'rae@example.com', Status: 'Awaiting next step' })];
    const result = reconcileRows({ ...base, rows, firstRow: 2, editor: 'rae@example.com', source: 'sheet edit', edit: { ...edit, oldValue: 'Approve' } });
    expect(result.writes).toEqual([
      { row: 2, column: col('Decided at'), value: '' },
      { row: 2, column: col('Decided by'), value: '' },
      { row: 2, column: col('Status'), value: 'Awaiting review' },
    ]);
    expect(result.audit[0]).toMatchObject({ field: 'Decision', oldValue: 'Approve', newValue: '' });
  });
});

describe('reconcileRows after a paste over several rows', () => {
  it('stamps every row and says the old values are not known', () => {
    const rows = [row({ ...logged, Decision: 'Approve' }), row({ ...logged, 'Output ID': 'O-000002', Decision: 'Edit' })];
    const edit = { firstRow: 2, lastRow: 3, firstColumn: col('Decision'), lastColumn: col('Decision'), single: false };
    const result = reconcileRows({ ...base, rows, firstRow: 2, editor: '', source: 'sheet edit', edit });
    expect(result.audit.filter((a) => a.field === 'Decision').map((a) => [a.outputId, a.oldValue, a.newValue])).toEqual([
      ['O-000001', OLD_VALUE_UNKNOWN, 'Approve'],
      ['O-000002', OLD_VALUE_UNKNOWN, 'Edit'],
    ]);
    expect(result.writes.filter((w) => w.column === col('Decided at')).map((w) => w.row)).toEqual([2, 3]);
  });
});

describe('reconcileRows for a hand-typed row', () => {
  it('gives it an ID, Logged at, the task and owners of its handoff, and a Status', () => {
    const rows = [row({ 'Handoff ID': 'H-001', Output: 'Typed by hand' })];
    const edit = { firstRow: 7, lastRow: 7, firstColumn: col('Output'), lastColumn: col('Output'), single: true, oldValue: '' };
    const result = reconcileRows({ ...base, rows, firstRow: 7, editor: 'ines@example.com', source: 'sheet edit', edit, newIds: ['O-000042'] });
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
    ]);
  });

  it('finds the handoff from a Task that names exactly one', () => {
    const rows = [row({ Task: 'social posts', Output: 'x' })];
    const result = reconcileRows({ ...base, rows, firstRow: 3, editor: '', source: 'sheet edit', newIds: ['O-000005'] });
    expect(result.writes).toContainEqual({ row: 3, column: col('Handoff ID'), value: 'H-001' });
  });
});

describe('reconcileRows as the hourly repair', () => {
  it('stamps a decision whose edit event was dropped, without naming anyone', () => {
    const rows = [row({ ...logged, Decision: 'Approve', Shipped: true })];
    const result = reconcileRows({ ...base, rows, firstRow: 2, editor: 'owner@example.com', source: 'hourly check' });
    expect(result.writes).toEqual([
      { row: 2, column: col('Decided at'), value: now },
      { row: 2, column: col('Shipped at'), value: now },
      { row: 2, column: col('Status'), value: 'Shipped' },
    ]);
    expect(new Set(result.audit.map((a) => a.who))).toEqual(new Set([HOURLY_ACTOR]));
  });

  it('changes nothing on a row that is already right', () => {
    const rows = [row({ ...logged, Decision: 'Approve', 'Decided at': earlier, Status: 'Awaiting next step' })];
    const result = reconcileRows({ ...base, rows, firstRow: 2, editor: '', source: 'hourly check' });
    expect(result.writes).toEqual([]);
    expect(result.audit).toEqual([]);
  });

  it('skips empty rows', () => {
    const result = reconcileRows({ ...base, rows: [row({}), row({ Shipped: false })], firstRow: 2, editor: '', source: 'hourly check' });
    expect(result.writes).toEqual([]);
  });
});
