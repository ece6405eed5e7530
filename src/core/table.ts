// Columns are found by their header text, never by position: people insert, move and hide
// columns. A Table maps each known header to its 1-based column in the sheet as it is now.

export interface Table<H extends string> {
  /** 1-based column of each header found. */
  readonly columns: ReadonlyMap<H, number>;
  /** Headers the sheet lacks. */
  readonly missing: readonly H[];
  /** Columns in the header row (including the user's own columns). */
  readonly width: number;
}

export function locateColumns<H extends string>(headerRow: readonly unknown[], headers: readonly H[]): Table<H> {
  const wanted = new Set<string>(headers);
  const columns = new Map<H, number>();
  headerRow.forEach((cell, index) => {
    const text = typeof cell === 'string' ? cell.trim() : '';
    if (wanted.has(text) && !columns.has(text as H)) columns.set(text as H, index + 1);
  });
  let width = headerRow.length;
  while (width > 0 && (headerRow[width - 1] === '' || headerRow[width - 1] === undefined)) width--;
  return { columns, missing: headers.filter((h) => !columns.has(h)), width };
}

export function columnOf<H extends string>(table: Table<H>, header: H): number {
  const column = table.columns.get(header);
  if (column === undefined) throw new Error(`The "${header}" column is missing: run Set up register to restore it.`);
  return column;
}

/** A row read from the sheet, seen through its headers. */
export function cellIn<H extends string>(table: Table<H>, row: readonly unknown[], header: H): unknown {
  const column = table.columns.get(header);
  return column === undefined ? '' : (row[column - 1] ?? '');
}

export function textIn<H extends string>(table: Table<H>, row: readonly unknown[], header: H): string {
  const value = cellIn(table, row, header);
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

export function numberIn<H extends string>(table: Table<H>, row: readonly unknown[], header: H): number | null {
  const value = cellIn(table, row, header);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function dateIn<H extends string>(table: Table<H>, row: readonly unknown[], header: H): Date | null {
  const value = cellIn(table, row, header);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return null;
}

/** One cell the add-on will write: 1-based row and column. */
export interface CellWrite {
  readonly row: number;
  readonly column: number;
  readonly value: string | number | boolean | Date;
}

/** Cells of one row by header, as writes; headers the sheet lacks are skipped. */
export function rowCells<H extends string>(table: Table<H>, row: number, cells: Partial<Record<H, CellWrite['value']>>): CellWrite[] {
  const writes: CellWrite[] = [];
  for (const [header, value] of Object.entries(cells) as [H, CellWrite['value'] | undefined][]) {
    const column = table.columns.get(header);
    if (column !== undefined && value !== undefined) writes.push({ row, column, value });
  }
  return writes;
}

/** A rectangle of cells written by one setValues call. */
export interface Block {
  readonly row: number;
  readonly column: number;
  readonly values: (string | number | boolean | Date)[][];
}

/**
 * Groups single-cell writes into as few rectangles as possible without touching any cell that
 * was not asked for: each column's rows split into runs, and side-by-side columns with the same
 * runs join into one block. A row logged by the sidebar is one block; a 50-row paste of
 * decisions is one block per stamped column.
 */
export function planBlocks(writes: readonly CellWrite[]): Block[] {
  const byColumn = new Map<number, Map<number, CellWrite['value']>>();
  for (const w of writes) {
    let rows = byColumn.get(w.column);
    if (!rows) byColumn.set(w.column, (rows = new Map()));
    rows.set(w.row, w.value);
  }
  const runsOf = (rows: Map<number, CellWrite['value']>) => {
    const sorted = [...rows.keys()].sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const r of sorted) {
      const last = runs[runs.length - 1];
      if (last && last[1] === r - 1) last[1] = r;
      else runs.push([r, r]);
    }
    return runs;
  };
  const columns = [...byColumn.keys()].sort((a, b) => a - b);
  const blocks: Block[] = [];
  let open: { column: number; runs: string; parts: Map<number, CellWrite['value']>[] } | null = null;
  const flush = () => {
    if (!open) return;
    for (const [start, end] of JSON.parse(open.runs) as [number, number][]) {
      const values: CellWrite['value'][][] = [];
      for (let r = start; r <= end; r++) values.push(open.parts.map((p) => p.get(r) as CellWrite['value']));
      blocks.push({ row: start, column: open.column, values });
    }
    open = null;
  };
  for (const column of columns) {
    const rows = byColumn.get(column) as Map<number, CellWrite['value']>;
    const runs = JSON.stringify(runsOf(rows));
    if (open && open.runs === runs && open.column + open.parts.length === column) {
      open.parts.push(rows);
    } else {
      flush();
      open = { column, runs, parts: [rows] };
    }
  }
  flush();
  return blocks;
}
