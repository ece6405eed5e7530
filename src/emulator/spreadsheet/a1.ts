// A1 notation, 1-based like Apps Script.

export interface GridArea {
  readonly row: number;
  readonly column: number;
  readonly numRows: number;
  readonly numColumns: number;
}

export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

export function areaToA1(area: GridArea): string {
  const start = `${columnLetters(area.column)}${area.row}`;
  if (area.numRows === 1 && area.numColumns === 1) return start;
  return `${start}:${columnLetters(area.column + area.numColumns - 1)}${area.row + area.numRows - 1}`;
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Splits "'My sheet'!A1:B2" into the sheet name (undefined when absent) and the cell part. */
export function splitSheetName(notation: string): { sheetName: string | undefined; cells: string } {
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(notation);
  if (quoted) return { sheetName: (quoted[1] ?? '').replace(/''/g, "'"), cells: quoted[2] ?? '' };
  const bang = notation.lastIndexOf('!');
  if (bang > 0) return { sheetName: notation.slice(0, bang), cells: notation.slice(bang + 1) };
  return { sheetName: undefined, cells: notation };
}

const ENDPOINT = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

/**
 * Parses the cell part of A1 notation, including whole columns ("A:B"), whole rows ("2:3") and
 * open-ended ranges ("A2:C"). Returns undefined when the text is not A1 notation.
 */
export function parseA1(cells: string, maxRows: number, maxColumns: number): GridArea | undefined {
  const [first = '', second, extra] = cells.trim().split(':');
  if (extra !== undefined) return undefined;
  const a = ENDPOINT.exec(first);
  const b = second === undefined ? a : ENDPOINT.exec(second);
  if (!a || !b) return undefined;
  const [, aLetters = '', aDigits = ''] = a;
  const [, bLetters = '', bDigits = ''] = b;
  if (second === undefined && (aLetters === '' || aDigits === '')) return undefined;
  if ((aLetters === '' && aDigits === '') || (bLetters === '' && bDigits === '')) return undefined;
  if ((aLetters === '') !== (bLetters === '')) return undefined;
  let startColumn = aLetters === '' ? 1 : columnNumber(aLetters);
  let endColumn = bLetters === '' ? maxColumns : columnNumber(bLetters);
  let startRow = aDigits === '' ? 1 : Number(aDigits);
  let endRow = bDigits === '' ? maxRows : Number(bDigits);
  if (startRow < 1 || endRow < 1) return undefined;
  if (startColumn > endColumn) [startColumn, endColumn] = [endColumn, startColumn];
  if (startRow > endRow) [startRow, endRow] = [endRow, startRow];
  return { row: startRow, column: startColumn, numRows: endRow - startRow + 1, numColumns: endColumn - startColumn + 1 };
}

export function overlaps(a: GridArea, b: GridArea): boolean {
  return a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.column < b.column + b.numColumns && b.column < a.column + a.numColumns;
}
