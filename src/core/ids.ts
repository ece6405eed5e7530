// IDs are stable and never reused: the next number is one past the highest ever issued, kept in
// a document counter, so deleting the newest row never hands its ID to another output.

export function formatOutputId(n: number): string {
  return `O-${String(n).padStart(6, '0')}`;
}

export function formatHandoffId(n: number): string {
  return `H-${String(n).padStart(3, '0')}`;
}

export function idNumber(id: unknown, prefix: 'O' | 'H'): number | null {
  if (typeof id !== 'string') return null;
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(id.trim());
  return match ? Number(match[1]) : null;
}

/** Issues `count` IDs after both the counter and every ID in the sheet. */
export function issueIds(prefix: 'O' | 'H', count: number, counter: number, existing: Iterable<unknown>): { ids: string[]; counter: number } {
  let highest = counter;
  for (const id of existing) highest = Math.max(highest, idNumber(id, prefix) ?? 0);
  const format = prefix === 'O' ? formatOutputId : formatHandoffId;
  const ids = Array.from({ length: count }, (_, i) => format(highest + i + 1));
  return { ids, counter: highest + count };
}
