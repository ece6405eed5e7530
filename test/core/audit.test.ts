import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY, EMPTY_CHAIN, extendChain, parseChainHead, verifyChain } from '../../src/core/audit';

const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, i));
const rows = (n: number) => Array.from({ length: n }, (_, i) => [at(i), 'rae@example.com', `O-${String(i).padStart(6, '0')}`, 'Decision', '', 'Approve', 'sheet edit']);

describe('the audit chain', () => {
  it('verifies rows appended in several batches', () => {
    const all = rows(250);
    const head = extendChain(extendChain(EMPTY_CHAIN, all.slice(0, 120)), all.slice(120));
    expect(head.rows).toBe(250);
    expect(head.checkpoints).toHaveLength(2);
    expect(verifyChain(head, all)).toEqual({ intact: true, rows: 250 });
  });

  it('is the same whichever way the rows were batched', () => {
    const all = rows(5);
    expect(extendChain(EMPTY_CHAIN, all)).toEqual(extendChain(extendChain(EMPTY_CHAIN, all.slice(0, 2)), all.slice(2)));
  });

  it('names the block of an edited row', () => {
    const all = rows(250);
    const head = extendChain(EMPTY_CHAIN, all);
    const tampered = all.map((r) => [...r]);
    (tampered[150] as unknown[])[5] = 'Reject';
    expect(verifyChain(head, tampered)).toEqual({
      intact: false,
      message: `The Audit log was changed by hand since the add-on wrote it. The first changed row is between sheet rows ${CHECKPOINT_EVERY + 2} and ${2 * CHECKPOINT_EVERY + 1}.`,
    });
  });

  it('catches an edit after the last checkpoint', () => {
    const all = rows(120);
    const head = extendChain(EMPTY_CHAIN, all);
    const tampered = all.map((r) => [...r]);
    (tampered[110] as unknown[])[1] = 'mallory@example.com';
    expect(verifyChain(head, tampered)).toEqual({
      intact: false,
      message: 'The Audit log was changed by hand since the add-on wrote it. The first changed row is between sheet rows 102 and 121.',
    });
  });

  it('catches deleted and added rows', () => {
    const all = rows(10);
    const head = extendChain(EMPTY_CHAIN, all);
    expect(verifyChain(head, all.slice(0, 9))).toEqual({ intact: false, message: 'The Audit log has 9 rows but 10 were written: rows were deleted.' });
    expect(verifyChain(head, [...all, rows(1)[0] as unknown[]])).toEqual({
      intact: false,
      message: 'The Audit log has 1 rows the add-on did not write, from sheet row 12.',
    });
  });

  it('treats a damaged head as a mismatch, never as a fresh start', () => {
    expect(parseChainHead('{oops')).toEqual({ rows: -1, hash: 'unreadable', checkpoints: [] });
    expect(parseChainHead(null)).toEqual(EMPTY_CHAIN);
  });

  it('hashes non-ASCII text', () => {
    const a = extendChain(EMPTY_CHAIN, [[at(0), 'zoë@example.com', '', 'Notes', '', 'café ☕ 𝄞', 'sidebar']]);
    const b = extendChain(EMPTY_CHAIN, [[at(0), 'zoe@example.com', '', 'Notes', '', 'café ☕ 𝄞', 'sidebar']]);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toBe(b.hash);
  });
});
