// Text copied from a spreadsheet: rows end with a newline, cells end with a tab, and a cell holding
// a tab, newline or quote is wrapped in quotes with inner quotes doubled (what Google Sheets and
// Excel put on the clipboard).

export function parseClipboardGrid(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let cellStart = true;
  while (i < text.length) {
    const ch = text[i] as string;
    if (cellStart && ch === '"') {
      const quoted = readQuoted(text, i);
      if (quoted !== null) {
        cell = quoted.value;
        i = quoted.end;
        cellStart = false;
        continue;
      }
    }
    cellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      cellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      cellStart = true;
    } else {
      cell += ch;
    }
    i++;
  }
  // The clipboard usually ends with a newline: no empty last row for it.
  if (!cellStart || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
}

/** A quoted cell only counts when its closing quote is followed by a tab, a line end or the end. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      if (text[i + 1] === '"') {
        value += '"';
        i += 2;
        continue;
      }
      const next = text[i + 1];
      return next === undefined || next === '\t' || next === '\n' || next === '\r' ? { value, end: i + 1 } : null;
    }
    value += ch;
    i++;
  }
  return null;
}
