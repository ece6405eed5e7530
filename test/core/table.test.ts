import { describe, expect, it } from 'vitest';
import { locateColumns, planBlocks } from '../../src/core/table';

describe('locateColumns', () => {
  it('finds headers wherever they are and reports the missing ones', () => {
    const table = locateColumns(['Notes', 'Output ID', 'My column', ' Decision ', '', ''], ['Output ID', 'Decision', 'Status']);
    expect([...table.columns]).toEqual([
      ['Output ID', 2],
      ['Decision', 4],
    ]);
    expect(table.missing).toEqual(['Status']);
    expect(table.width).toBe(4);
  });

  it('takes the first of two columns with the same header', () => {
    expect(locateColumns(['Status', 'Status'], ['Status']).columns.get('Status')).toBe(1);
  });
});

describe('planBlocks', () => {
  it('joins one row of side-by-side cells into one block', () => {
    expect(
      planBlocks([
        { row: 5, column: 3, value: 'c' },
        { row: 5, column: 1, value: 'a' },
        { row: 5, column: 2, value: 'b' },
      ]),
    ).toEqual([{ row: 5, column: 1, values: [['a', 'b', 'c']] }]);
  });

  it('splits around gaps in rows and columns and never writes a cell that was not asked for', () => {
    expect(
      planBlocks([
        { row: 2, column: 4, value: 1 },
        { row: 3, column: 4, value: 2 },
        { row: 5, column: 4, value: 3 },
        { row: 2, column: 5, value: 'x' },
        { row: 3, column: 5, value: 'y' },
        { row: 5, column: 5, value: 'z' },
        { row: 2, column: 7, value: true },
      ]),
    ).toEqual([
      {
        row: 2,
        column: 4,
        values: [
          [1, 'x'],
          [2, 'y'],
        ],
      },
      { row: 5, column: 4, values: [[3, 'z']] },
      { row: 2, column: 7, values: [[true]] },
    ]);
  });

  it('lets the last write to a cell win', () => {
    expect(
      planBlocks([
        { row: 1, column: 1, value: 'old' },
        { row: 1, column: 1, value: 'new' },
      ]),
    ).toEqual([{ row: 1, column: 1, values: [['new']] }]);
  });
});
