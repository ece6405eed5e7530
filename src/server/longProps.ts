// Apps Script holds at most 9 KB a property value, so a long text is split over numbered keys.
// Both directions are plain data, so a split joins the commit's one setProperties call; a
// piece no longer needed is written '' (the Store reads '' as "no value").
import type { Store } from './context';

const CHUNK = 8000;

export function readLong(props: Store, key: string): string {
  const pieces = Number(props.get(`${key}#n`) ?? '0') || 0;
  let text = '';
  for (let i = 0; i < pieces; i++) text += props.get(`${key}#${i}`) ?? '';
  return text;
}

export function writeLong(props: Store, key: string, text: string): Record<string, string> {
  const previous = Number(props.get(`${key}#n`) ?? '0') || 0;
  const pieces = Math.max(1, Math.ceil(text.length / CHUNK));
  const values: Record<string, string> = { [`${key}#n`]: String(pieces) };
  for (let i = 0; i < Math.max(pieces, previous); i++) values[`${key}#${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return values;
}

export function readJson<T>(props: Store, key: string, fallback: T): T {
  const text = props.get(key);
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
