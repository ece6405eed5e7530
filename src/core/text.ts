// User text must land in a cell exactly as typed. Sheets turns a string that starts with "="
// into a formula (and "+", "-", "@" are formula starters in exports and in some locales), and
// its automatic format turns "0012", "3/4", "50%", "TRUE" or "2026-01-02" into numbers, dates
// and booleans. A leading apostrophe makes Sheets keep the rest as text and is not shown.

const FORMULA_START = /^[=+\-@]/;
const NUMBER_LIKE = /^\s*[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i;
const CURRENCY_LIKE = /^\s*[-+]?[$€£¥]\s*\d/;
const DATE_LIKE = /^\s*(\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?|\d{1,2}:\d{2}(:\d{2})?\s*([ap]m)?)(\s.*)?$/i;
const BOOLEAN_LIKE = /^\s*(true|false)\s*$/i;

/** Whether Sheets would read this text as something other than the same text. */
export function wouldBeReinterpreted(text: string): boolean {
  return (
    text.startsWith("'") ||
    FORMULA_START.test(text) ||
    NUMBER_LIKE.test(text) ||
    CURRENCY_LIKE.test(text) ||
    DATE_LIKE.test(text) ||
    BOOLEAN_LIKE.test(text)
  );
}

/** The value to write so the cell shows exactly `text`. */
export function asCellText(text: string): string {
  return wouldBeReinterpreted(text) ? `'${text}` : text;
}

/** A cell value as the text a person reads in an audit row or an email. */
export function cellToText(value: unknown, formatTime: (d: Date) => string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : formatTime(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
