// The Audit log is tamper-evident: each row extends a SHA-256 chain whose head (and a short
// checkpoint every CHECKPOINT_EVERY rows) lives in document properties, out of the grid. An
// edited, inserted or deleted row breaks the chain from its row on. The head stays small; to
// name the first changed row exactly, each row the add-on writes also carries its short
// fingerprint (the chain's hash after it) in a note on its Source cell, so verification finds the
// first row whose fingerprint no longer matches right after one that does. Where there are no
// fingerprints (rows written before them), it names the block between two checkpoints. The
// warning-only protection stops honest mistakes; the chain catches the rest.
//
// Two canonical forms. Form 1 joined the cells with a control character people can paste into a
// cell, so text moved from one cell into its neighbour hashed the same. Form 2, for every row
// written since, is the JSON of the row's cells. A head written before form 2 existed has no
// `jsonFrom`: all its rows are form 1, and the first row added after the upgrade starts form 2,
// so a chain written before the upgrade still verifies and is never reported as tampered.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AuditEntry } from './register';

export const CHECKPOINT_EVERY = 100;
const CHECKPOINT_CHARS = 16;
/** Document properties hold at most 9 KB a value; older checkpoints give way to newer ones. */
const MAX_CHECKPOINTS = 400;

export interface ChainHead {
  readonly rows: number;
  readonly hash: string;
  /** checkpoints[i] is the chain's short hash after row (i + 1) * CHECKPOINT_EVERY; '' where dropped. */
  readonly checkpoints: readonly string[];
  /** Rows from this index (0-based) on are hashed in form 2; absent in a head written before it existed. */
  readonly jsonFrom?: number;
}

export const EMPTY_CHAIN: ChainHead = { rows: 0, hash: '', checkpoints: [], jsonFrom: 0 };

/** Characters of a row's fingerprint (its note): 64 bits, enough to name a row, short to read. */
export const FINGERPRINT_CHARS = 16;
const FINGERPRINT_NOTE = /\b([0-9a-f]{16})\b/;

/** The note the add-on puts on a row's Source cell. */
export function fingerprintNote(hash: string): string {
  return `Audit fingerprint ${hash.slice(0, FINGERPRINT_CHARS)} (Verify audit log uses it to name a changed row)`;
}

/** The fingerprint in a Source cell's note, or '' when there is none. */
export function fingerprintOf(note: unknown): string {
  return typeof note === 'string' ? (FINGERPRINT_NOTE.exec(note)?.[1] ?? '') : '';
}

export type AuditRow = [Date, string, string, string, string, string, string];

export function auditRow(entry: AuditEntry): AuditRow {
  return [entry.when, entry.who, entry.outputId, entry.field, entry.oldValue, entry.newValue, entry.source];
}

/** Apps Script has no TextEncoder; this is the UTF-8 the hash is defined over. */
function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    let code = char.codePointAt(0) ?? 0xfffd;
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Uint8Array.from(bytes);
}

const cellText = (cell: unknown) => (cell instanceof Date ? cell.toISOString() : cell === null || cell === undefined ? '' : String(cell));

/** A row as it reads back from the sheet, form 1: the When cell as an instant, every other cell as text, joined. */
function canonicalJoined(row: readonly unknown[]): string {
  return row.slice(0, 7).map(cellText).join('\u001f');
}

/** Form 2: the JSON of the same seven texts, which no cell's content can imitate. */
function canonicalJson(row: readonly unknown[]): string {
  return JSON.stringify(Array.from({ length: 7 }, (_, i) => cellText(row[i])));
}

function link(previous: string, row: readonly unknown[], json: boolean): string {
  return bytesToHex(sha256(utf8(`${previous}\u001e${json ? canonicalJson(row) : canonicalJoined(row)}`)));
}

/** Where form 2 starts for a head: an old head's rows are all form 1. */
const jsonFromOf = (head: ChainHead) => head.jsonFrom ?? Math.max(head.rows, 0);

/** The head after `rows`, and each row's fingerprint (the chain's short hash after it). */
export function appendRows(head: ChainHead, rows: readonly (readonly unknown[])[]): { head: ChainHead; fingerprints: string[] } {
  const jsonFrom = jsonFromOf(head);
  let hash = head.hash;
  let count = head.rows;
  const checkpoints = [...head.checkpoints];
  const fingerprints: string[] = [];
  for (const row of rows) {
    hash = link(hash, row, count >= jsonFrom);
    count++;
    fingerprints.push(hash.slice(0, FINGERPRINT_CHARS));
    if (count % CHECKPOINT_EVERY === 0) checkpoints.push(hash.slice(0, CHECKPOINT_CHARS));
  }
  for (let i = 0; i < checkpoints.length - MAX_CHECKPOINTS; i++) checkpoints[i] = '';
  return { head: { rows: count, hash, checkpoints, jsonFrom }, fingerprints };
}

export function extendChain(head: ChainHead, rows: readonly (readonly unknown[])[]): ChainHead {
  return appendRows(head, rows).head;
}

export type ChainVerdict = { readonly intact: true; readonly rows: number } | { readonly intact: false; readonly message: string };

/**
 * Checks the rows read from the Audit log (header excluded) against the stored head.
 * `fingerprints[i]` is row i's fingerprint as read from its note ('' or absent when it has none).
 */
export function verifyChain(head: ChainHead, rows: readonly (readonly unknown[])[], fingerprints: readonly string[] = []): ChainVerdict {
  if (head.rows < 0) return { intact: false, message: "The Audit log's fingerprint in the document's properties is damaged, so the log cannot be verified." };
  const jsonFrom = jsonFromOf(head);
  const checked = Math.min(rows.length, head.rows);
  // Row i is known good (the chain through it matches something stored) or known bad.
  let lastGood = -1;
  let firstBad: number | null = null;
  let hash = '';
  for (let i = 0; i < checked && firstBad === null; i++) {
    hash = link(hash, rows[i] as readonly unknown[], i >= jsonFrom);
    const short = hash.slice(0, FINGERPRINT_CHARS);
    const note = fingerprints[i] ?? '';
    const checkpoint = (i + 1) % CHECKPOINT_EVERY === 0 ? (head.checkpoints[(i + 1) / CHECKPOINT_EVERY - 1] ?? '') : '';
    const last = i === head.rows - 1;
    if ((note !== '' && note !== short) || (checkpoint !== '' && checkpoint !== hash.slice(0, CHECKPOINT_CHARS)) || (last && hash !== head.hash)) firstBad = i;
    else if (note !== '' || checkpoint !== '' || last) lastGood = i;
  }
  const sheetRow = (i: number) => i + 2;
  const where = (bad: number, what: string) =>
    bad === lastGood + 1
      ? ` The first ${what} is sheet row ${sheetRow(bad)}.`
      : ` The first ${what} is between sheet rows ${sheetRow(lastGood + 1)} and ${sheetRow(bad)}.`;
  if (rows.length < head.rows) {
    const located = firstBad === null ? '' : where(firstBad, 'row that no longer matches');
    return { intact: false, message: `The Audit log has ${rows.length} rows but ${head.rows} were written: rows were deleted.${located}` };
  }
  if (firstBad !== null) return { intact: false, message: `The Audit log was changed by hand since the add-on wrote it.${where(firstBad, 'changed row')}` };
  if (rows.length > head.rows) {
    return { intact: false, message: `The Audit log has ${rows.length - head.rows} rows the add-on did not write, from sheet row ${sheetRow(head.rows)}.` };
  }
  return { intact: true, rows: head.rows };
}

export function parseChainHead(json: string | null): ChainHead {
  if (json === null || json === '') return EMPTY_CHAIN;
  try {
    const data = JSON.parse(json) as Partial<ChainHead>;
    if (typeof data.rows === 'number' && typeof data.hash === 'string' && Array.isArray(data.checkpoints)) {
      const head = { rows: data.rows, hash: data.hash, checkpoints: data.checkpoints.map(String) };
      return typeof data.jsonFrom === 'number' ? { ...head, jsonFrom: data.jsonFrom } : head;
    }
  } catch {
    // An unreadable head is reported by verification as a mismatch, never silently reset.
  }
  return { rows: -1, hash: 'unreadable', checkpoints: [] };
}
