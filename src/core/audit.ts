// The Audit log is tamper-evident: each row extends a SHA-256 chain whose head (and a short
// checkpoint every CHECKPOINT_EVERY rows) lives in document properties, out of the grid. An
// edited, inserted or deleted row breaks the chain from its block on, and verification says
// which block. The warning-only protection stops honest mistakes; the chain catches the rest.
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
}

export const EMPTY_CHAIN: ChainHead = { rows: 0, hash: '', checkpoints: [] };

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

/** A row as it reads back from the sheet: the When cell as an instant, every other cell as text. */
function canonical(row: readonly unknown[]): string {
  return row
    .slice(0, 7)
    .map((cell) => (cell instanceof Date ? cell.toISOString() : cell === null || cell === undefined ? '' : String(cell)))
    .join('\u001f');
}

function link(previous: string, row: readonly unknown[]): string {
  return bytesToHex(sha256(utf8(`${previous}\u001e${canonical(row)}`)));
}

export function extendChain(head: ChainHead, rows: readonly (readonly unknown[])[]): ChainHead {
  let hash = head.hash;
  let count = head.rows;
  const checkpoints = [...head.checkpoints];
  for (const row of rows) {
    hash = link(hash, row);
    count++;
    if (count % CHECKPOINT_EVERY === 0) checkpoints.push(hash.slice(0, CHECKPOINT_CHARS));
  }
  for (let i = 0; i < checkpoints.length - MAX_CHECKPOINTS; i++) checkpoints[i] = '';
  return { rows: count, hash, checkpoints };
}

export type ChainVerdict =
  | { readonly intact: true; readonly rows: number }
  | { readonly intact: false; readonly message: string };

/** Checks the rows read from the Audit log (header excluded) against the stored head. */
export function verifyChain(head: ChainHead, rows: readonly (readonly unknown[])[]): ChainVerdict {
  let hash = '';
  let firstBad: number | null = null;
  for (let i = 0; i < rows.length && i < head.rows; i++) {
    hash = link(hash, rows[i] as readonly unknown[]);
    const n = i + 1;
    if (n % CHECKPOINT_EVERY === 0 && firstBad === null) {
      const expected = head.checkpoints[n / CHECKPOINT_EVERY - 1] ?? '';
      if (expected !== '' && expected !== hash.slice(0, CHECKPOINT_CHARS)) firstBad = n - CHECKPOINT_EVERY + 1;
    }
  }
  const sheetRow = (n: number) => n + 1;
  if (rows.length < head.rows) {
    return { intact: false, message: `The Audit log has ${rows.length} rows but ${head.rows} were written: rows were deleted.` };
  }
  if (hash !== head.hash || firstBad !== null) {
    const where =
      firstBad !== null
        ? ` The first changed row is between sheet rows ${sheetRow(firstBad)} and ${sheetRow(firstBad + CHECKPOINT_EVERY - 1)}.`
        : ` The first changed row is between sheet rows ${sheetRow(Math.floor(head.rows / CHECKPOINT_EVERY) * CHECKPOINT_EVERY + 1)} and ${sheetRow(head.rows)}.`;
    return { intact: false, message: `The Audit log was changed by hand since the add-on wrote it.${where}` };
  }
  if (rows.length > head.rows) {
    return { intact: false, message: `The Audit log has ${rows.length - head.rows} rows the add-on did not write, from sheet row ${sheetRow(head.rows + 1)}.` };
  }
  return { intact: true, rows: head.rows };
}

export function parseChainHead(json: string | null): ChainHead {
  if (json === null || json === '') return EMPTY_CHAIN;
  try {
    const data = JSON.parse(json) as Partial<ChainHead>;
    if (typeof data.rows === 'number' && typeof data.hash === 'string' && Array.isArray(data.checkpoints)) {
      return { rows: data.rows, hash: data.hash, checkpoints: data.checkpoints.map(String) };
    }
  } catch {
    // An unreadable head is reported by verification as a mismatch, never silently reset.
  }
  return { rows: -1, hash: 'unreadable', checkpoints: [] };
}
