import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  appendRows,
  CHECKPOINT_EVERY,
  type ChainHead,
  EMPTY_CHAIN,
  extendChain,
  fingerprintNote,
  fingerprintOf,
  parseChainHead,
  verifyChain,
} from '../../src/core/audit';

const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, i));
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => [at(i), 'rae@example.com', `O-${String(i).padStart(6, '0')}`, 'Decision', '', 'Approve', 'sheet edit']);

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
    expect(verifyChain(parseChainHead('{oops'), rows(3))).toEqual({
      intact: false,
      message: "The Audit log's fingerprint in the document's properties is damaged, so the log cannot be verified.",
    });
  });

  it('hashes non-ASCII text', () => {
    const a = extendChain(EMPTY_CHAIN, [[at(0), 'zoë@example.com', '', 'Notes', '', 'café ☕ 𝄞', 'sidebar']]);
    const b = extendChain(EMPTY_CHAIN, [[at(0), 'zoe@example.com', '', 'Notes', '', 'café ☕ 𝄞', 'sidebar']]);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toBe(b.hash);
  });
});

/** The chain as the add-on wrote it before form 2: cells joined with U+001F, no jsonFrom in the head. */
function legacyChain(all: readonly (readonly unknown[])[]): ChainHead {
  let hash = '';
  const checkpoints: string[] = [];
  all.forEach((row, i) => {
    const joined = row
      .slice(0, 7)
      .map((c) => (c instanceof Date ? c.toISOString() : String(c ?? '')))
      .join('\u001f');
    hash = bytesToHex(sha256(new TextEncoder().encode(`${hash}\u001e${joined}`)));
    if ((i + 1) % CHECKPOINT_EVERY === 0) checkpoints.push(hash.slice(0, 16));
  });
  return { rows: all.length, hash, checkpoints };
}

describe('the canonical form (form 2: the JSON of the cells)', () => {
  // Text moved from one cell into its neighbour, across the separator form 1 used.
  const original = [at(0), 'rae@example.com', 'O-000001', 'Notes', 'a\u001fb', '', 'sidebar'];
  const moved = [at(0), 'rae@example.com', 'O-000001', 'Notes', 'a', 'b\u001f', 'sidebar'];

  it('catches text moved between two cells, which form 1 could not tell apart', () => {
    expect(legacyChain([moved]).hash).toBe(legacyChain([original]).hash);
    const head = extendChain(EMPTY_CHAIN, [original]);
    expect(verifyChain(head, [original])).toEqual({ intact: true, rows: 1 });
    expect(verifyChain(head, [moved])).toEqual({
      intact: false,
      message: 'The Audit log was changed by hand since the add-on wrote it. The first changed row is sheet row 2.',
    });
  });

  it('keeps a chain written before the upgrade verifiable, and extends it in form 2 from the next row', () => {
    const before = rows(130);
    const legacy = legacyChain(before);
    expect(verifyChain(legacy, before)).toEqual({ intact: true, rows: 130 });
    // The head the old code stored, read back by the new code.
    const stored = parseChainHead(JSON.stringify(legacy));
    expect(stored.jsonFrom).toBeUndefined();
    const after = [...before, original];
    const head = extendChain(stored, [original]);
    expect(head.jsonFrom).toBe(130);
    expect(verifyChain(parseChainHead(JSON.stringify(head)), after)).toEqual({ intact: true, rows: 131 });
    // The new row is form 2: moving its text is caught.
    expect(verifyChain(head, [...before, moved]).intact).toBe(false);
    // An old row changed is still caught, in its checkpoint block.
    const tampered = after.map((r) => [...r]);
    (tampered[5] as unknown[])[5] = 'Reject';
    expect(verifyChain(head, tampered)).toEqual({
      intact: false,
      message: 'The Audit log was changed by hand since the add-on wrote it. The first changed row is between sheet rows 2 and 101.',
    });
  });
});

describe('naming the first changed row exactly (fingerprints in the Source notes)', () => {
  const all = rows(250);
  const { head, fingerprints } = appendRows(EMPTY_CHAIN, all);
  const notes = fingerprints.map((f) => fingerprintOf(fingerprintNote(f)));

  it('writes one 16-character fingerprint a row, and reads it back from its note', () => {
    expect(fingerprints).toHaveLength(250);
    expect(notes).toEqual(fingerprints);
    expect(fingerprintNote(fingerprints[0] as string)).toBe(`Audit fingerprint ${fingerprints[0]} (Verify audit log uses it to name a changed row)`);
    expect(fingerprintOf('')).toBe('');
    expect(verifyChain(head, all, notes)).toEqual({ intact: true, rows: 250 });
  });

  it.each([0, 1, 99, 100, 150, 249])('names row %i exactly, inside a checkpoint block or not', (index) => {
    const tampered = all.map((r) => [...r]);
    (tampered[index] as unknown[])[4] = 'edited';
    expect(verifyChain(head, tampered, notes)).toEqual({
      intact: false,
      message: `The Audit log was changed by hand since the add-on wrote it. The first changed row is sheet row ${index + 2}.`,
    });
  });

  it('names the first of several changed rows', () => {
    const tampered = all.map((r) => [...r]);
    (tampered[170] as unknown[])[1] = 'mallory@example.com';
    (tampered[120] as unknown[])[3] = 'Shipped';
    expect(verifyChain(head, tampered, notes)).toEqual({
      intact: false,
      message: 'The Audit log was changed by hand since the add-on wrote it. The first changed row is sheet row 122.',
    });
  });

  it('says where a deleted row was', () => {
    const remaining = [...all.slice(0, 40), ...all.slice(41)];
    const remainingNotes = [...notes.slice(0, 40), ...notes.slice(41)];
    expect(verifyChain(head, remaining, remainingNotes)).toEqual({
      intact: false,
      message: 'The Audit log has 249 rows but 250 were written: rows were deleted. The first row that no longer matches is sheet row 42.',
    });
  });

  it('falls back to the checkpoint block where a note was removed', () => {
    const tampered = all.map((r) => [...r]);
    (tampered[150] as unknown[])[4] = 'edited';
    const gaps = notes.map((n, i) => (i >= 120 && i <= 160 ? '' : n));
    expect(verifyChain(head, tampered, gaps)).toEqual({
      intact: false,
      message: 'The Audit log was changed by hand since the add-on wrote it. The first changed row is between sheet rows 122 and 163.',
    });
  });
});
