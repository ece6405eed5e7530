// Each Register row carries a seal over the cells only the add-on writes (and over the Output and
// Link its decision applied to), keyed with a secret kept in document properties. A hand edit of
// one of those cells breaks the seal; the hourly check and onEdit then put the true value back
// from the Audit log. It is a check against honest mistakes and casual forgery, cheap enough to
// run over every row each hour; the audit chain is the tamper evidence.

/** cyrb53 (public domain): a fast 53-bit string hash, as base 36. Not cryptographic. */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The Output and Link a decision applied to, as a short fingerprint. */
export function contentHash(output: string, link: string): string {
  return hash53(`${output}\u0000${link}`);
}

export interface Seal {
  /** Fingerprint of the Output and Link when the row was decided ('' while undecided). */
  readonly content: string;
  /** Set once the row's content changed after it shipped (audited once, listed in Waiting now). */
  readonly changedAfterShipping: boolean;
  readonly owned: string;
}

export const NO_SEAL: Seal = { content: '', changedAfterShipping: false, owned: '' };

export function parseSeal(text: string): Seal | null {
  const match = /^([0-9a-z]*)\.(c?)\.([0-9a-z]+)$/.exec(text.trim());
  return match ? { content: match[1] as string, changedAfterShipping: match[2] === 'c', owned: match[3] as string } : null;
}

export function renderSeal(seal: Seal): string {
  return `${seal.content}.${seal.changedAfterShipping ? 'c' : ''}.${seal.owned}`;
}

const cellKey = (value: unknown): string => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value).trim());

/** The keyed fingerprint of the add-on's own cells, in a fixed order, with the content part. */
export function ownedHash(key: string, owned: readonly unknown[], content: string, changedAfterShipping: boolean): string {
  return hash53(JSON.stringify([key, ...owned.map(cellKey), content, changedAfterShipping]));
}
