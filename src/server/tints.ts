// Row tints follow each output's state. Reading every row's colours each hour to find the ones
// to change would cost a cell per cell of the register, so the add-on keeps the Output IDs it
// has tinted in a property and writes colours only for rows whose tint changes.
import type { Tint } from '../core/register';
import type { Store } from './context';
import { readLong, writeLong } from './longProps';
import { TINTS } from './session';

const TINTED_KEY = 'tinted';
const CODE: Record<Tint, string> = { needsDetails: 'n', unapproved: 'u' };
const KIND: Record<string, Tint> = { n: 'needsDetails', u: 'unapproved' };

export function readTinted(props: Store): Map<string, Tint> {
  const tinted = new Map<string, Tint>();
  for (const token of readLong(props, TINTED_KEY).split(',')) {
    const kind = KIND[token.charAt(0)];
    if (kind && token.length > 1) tinted.set(token.slice(1), kind);
  }
  return tinted;
}

export interface WantedTint {
  readonly outputId: string;
  readonly row: number;
  readonly tint: Tint | null;
}

/**
 * The colour writes for rows whose tint changes, and the property that records the new set.
 * `everyRow` says the list covers the whole register, so tinted IDs missing from it are gone.
 */
export function planTints(props: Store, wanted: readonly WantedTint[], everyRow: boolean): { rows: Map<number, string | null>; props: Record<string, string> } {
  const before = readTinted(props);
  const after = everyRow ? new Map<string, Tint>() : new Map(before);
  const rows = new Map<number, string | null>();
  for (const { outputId, row, tint } of wanted) {
    if (outputId === '') continue;
    if (tint === null) after.delete(outputId);
    else after.set(outputId, tint);
    if ((before.get(outputId) ?? null) !== tint) rows.set(row, tint === null ? null : TINTS[tint]);
  }
  const same = before.size === after.size && [...after].every(([id, tint]) => before.get(id) === tint);
  if (same) return { rows, props: {} };
  return { rows, props: writeLong(props, TINTED_KEY, [...after].map(([id, tint]) => `${CODE[tint]}${id}`).join(',')) };
}
