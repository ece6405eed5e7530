import { describe, expect, it } from 'vitest';
import { formatHandoffId, formatOutputId, idNumber, issueIds } from '../../src/core/ids';

describe('IDs', () => {
  it('formats with fixed width', () => {
    expect(formatOutputId(7)).toBe('O-000007');
    expect(formatHandoffId(12)).toBe('H-012');
    expect(formatHandoffId(1234)).toBe('H-1234');
  });

  it('reads only well-formed IDs', () => {
    expect(idNumber('O-000031', 'O')).toBe(31);
    expect(idNumber('H-031', 'O')).toBeNull();
    expect(idNumber(31, 'O')).toBeNull();
  });

  it('never reuses a number: the counter remembers IDs whose rows were deleted', () => {
    expect(issueIds('O', 2, 9, ['O-000003', '', 'junk'])).toEqual({ ids: ['O-000010', 'O-000011'], counter: 11 });
  });

  it('moves past IDs typed into the sheet above the counter', () => {
    expect(issueIds('H', 1, 2, ['H-001', 'H-007'])).toEqual({ ids: ['H-008'], counter: 8 });
  });
});
