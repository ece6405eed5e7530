// User text must land in a cell exactly as typed. The add-on's text columns are plain-text (`@`)
// cells (server/tabs.ts formats them): a string written there stays the same string, "=" and
// all, so it goes in as itself. Only a cell that is not plain text (a General cell: people's
// own columns, the Friday Summary's) needs the quote prefix: there Sheets turns "=..." into a
// formula ("+", "-", "@" are formula starters in exports and some locales) and its automatic
// format turns "0012", "3/4", "50%", "TRUE" or "2026-01-02" into numbers, dates and booleans,
// while a leading apostrophe keeps the rest as text and is not shown. One mechanism per cell,
// never both: whether an apostrophe written to a plain-text cell is consumed or kept is open
// (apps-script-facts.md), so the add-on never writes one there.

/** Sheets holds at most this many characters in one cell (apps-script-facts.md: high). */
export const MAX_CELL_CHARS = 50_000;

/** The number format of a plain-text cell. */
export const PLAIN_TEXT_FORMAT = '@';

// Leading spaces, tabs and no-break spaces (\s covers all three) before a formula starter: a
// General cell may trim them, so the text counts as a formula start too.
const FORMULA_START = /^\s*[=+\-@]/;
const NUMBER_LIKE = /^\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i;
const CURRENCY_LIKE = /^\s*[-+]?[$€£¥]\s*\d/;
const DATE_LIKE = /^\s*(\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?|\d{1,2}:\d{2}(:\d{2})?\s*([ap]m)?)(\s.*)?$/i;
const BOOLEAN_LIKE = /^\s*(true|false)\s*$/i;

/** Whether a General cell would read this text as something other than the same text. */
export function wouldBeReinterpreted(text: string): boolean {
  return (
    text.startsWith("'") || FORMULA_START.test(text) || NUMBER_LIKE.test(text) || CURRENCY_LIKE.test(text) || DATE_LIKE.test(text) || BOOLEAN_LIKE.test(text)
  );
}

/** The value to write in a General cell so it shows exactly `text`. */
export function asCellText(text: string): string {
  return wouldBeReinterpreted(text) ? `'${text}` : text;
}

/** The value to write so a cell of this number format shows exactly `text`. */
export function textForCell(text: string, format: string | null): string {
  return format === PLAIN_TEXT_FORMAT ? text : asCellText(text);
}

/** A cell value as the text a person reads in an audit row or an email. */
export function cellToText(value: unknown, formatTime: (d: Date) => string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatTime(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** "1 item", "3 items". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
