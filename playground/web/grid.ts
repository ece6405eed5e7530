// The spreadsheet's grid: one tab of state.sheets drawn as a table, with the add-on's formats,
// dropdowns and checkboxes, typed edits and pasted blocks. Every change is a user edit sent to
// the server. While it is on its way, the cells show what was typed (marked aria-busy); when the
// server answers, the grid draws its state (the add-on's stamps included), and a refused edit
// puts the old values back.
import type { SheetSnapshot, ValidationSnapshot } from '../../src/emulator/spreadsheet/index';
import { el, replaceChildren } from '../../src/sidebar/dom';
import { cellA1, columnLetters, rangeA1 } from './a1';
import { parseClipboardGrid } from './paste';
import { isCut, sheetColumnWidthsPx } from './widths';

export type CellInput = string | number | boolean;

export interface GridActions {
  select(sheet: string, a1: string): void;
  /** Resolves false when the server refused the edit (the grid then shows the sheet as it was). */
  edit(sheet: string, a1: string, values: CellInput[][]): Promise<boolean>;
}

export interface Grid {
  /**
   * Draws the tab; a no-op when nothing it shows has changed, and deferred while a cell is being
   * edited. Another tab than the one on screen opens scrolled to its start (top-left).
   */
  show(sheet: SheetSnapshot): void;
  /** Draws the current tab again, e.g. after a refused edit left a dropdown showing the rejected value. */
  redraw(): void;
}

/** Rows to type new entries into, like the empty rows under a sheet's data. */
const BLANK_ROWS = 15;
const MIN_ROWS = 30;
const BLANK_COLUMNS = 2;
const MIN_COLUMNS = 8;
const HEADER_PX = 24;
/** The row numbers' column (styles.css: .grid col.rownum-col). */
const ROWNUM_PX = 44;
const ROW_PX = 24;

interface Position {
  readonly row: number;
  readonly column: number;
}

/** A value sent and not yet answered, shown in its cell meanwhile; `edit` tells edits apart. */
interface Pending {
  readonly value: CellInput;
  readonly edit: number;
}

interface Sent {
  readonly keys: readonly string[];
  readonly edit: number;
}

interface Editing extends Position {
  readonly input: HTMLInputElement;
  readonly original: string;
  done: boolean;
}

export function createGrid(scroller: HTMLElement, nameBox: HTMLElement, contentBox: HTMLElement, actions: GridActions): Grid {
  let sheet: SheetSnapshot | null = null;
  let drawnKey = '';
  let editing: Editing | null = null;
  const selections = new Map<string, Position>();
  /** Keyed by tab name and A1: an answer for one tab can arrive while another is on screen. */
  const pending = new Map<string, Pending>();
  let edits = 0;
  let table: HTMLTableElement = el('table');
  scroller.append(table);

  const selection = (): Position => (sheet && selections.get(sheet.name)) || { row: 1, column: 1 };
  const size = (s: SheetSnapshot) => ({
    rows: Math.min(s.maxRows, Math.max(MIN_ROWS, s.display.length + BLANK_ROWS)),
    columns: Math.min(s.maxColumns, Math.max(MIN_COLUMNS, (s.display[0]?.length ?? 0) + BLANK_COLUMNS)),
  });
  const pendingAt = (row: number, column: number) => (sheet ? pending.get(`${sheet.name}!${cellA1(row, column)}`) : undefined);
  const value = (row: number, column: number) => {
    const sent = pendingAt(row, column);
    return sent === undefined ? sheet?.values[row - 1]?.[column - 1] : sent.value;
  };
  const display = (row: number, column: number) => {
    const sent = pendingAt(row, column);
    if (sent === undefined) return sheet?.display[row - 1]?.[column - 1] ?? '';
    return typeof sent.value === 'boolean' ? String(sent.value).toUpperCase() : String(sent.value);
  };
  const validation = (row: number, column: number): ValidationSnapshot => sheet?.validations[row - 1]?.[column - 1] ?? null;
  const header = (column: number) => (sheet && sheet.frozenRows > 0 ? display(1, column) : '');
  const describe = (row: number, column: number) => `${header(column) || columnLetters(column)}, row ${row} (${cellA1(row, column)})`;
  const cellAt = (pos: Position) => table.querySelector<HTMLTableCellElement>(`td[data-a1="${cellA1(pos.row, pos.column)}"]`);

  function show(next: SheetSnapshot): void {
    const key = JSON.stringify(next);
    const changedTab = sheet?.name !== next.name;
    sheet = next;
    if (editing && !changedTab) return;
    if (key === drawnKey && !changedTab) return;
    draw(changedTab);
  }

  function redraw(): void {
    if (sheet && !editing) draw();
  }

  function draw(toStart = false): void {
    if (!sheet) return;
    editing = null;
    drawnKey = JSON.stringify(sheet);
    const hadFocus = scroller.contains(document.activeElement);
    const { scrollTop, scrollLeft } = toStart ? { scrollTop: 0, scrollLeft: 0 } : scroller;
    const { rows, columns } = size(sheet);
    const hidden = new Set(sheet.hiddenColumns);
    const visible = Array.from({ length: columns }, (_, i) => i + 1).filter((c) => !hidden.has(c));
    const pos = selection();
    const widths = sheetColumnWidthsPx(sheet.display, sheet.validations, columns, sheet.frozenRows > 0);
    const width = (c: number) => widths[c - 1] ?? 72;
    // The table is exactly as wide as its columns: with table-layout fixed, that keeps each column
    // at its width instead of sharing out the longest cell's text.
    const tableWidth = ROWNUM_PX + visible.reduce((sum, c) => sum + width(c), 0);

    const colgroup = el('colgroup', {}, el('col', { class: 'rownum-col' }), ...visible.map((c) => el('col', { style: `width:${width(c)}px` })));
    const head = el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { class: 'corner', scope: 'col' }, el('span', { class: 'visually-hidden' }, 'Row')),
        ...visible.map((c) => el('th', { scope: 'col', class: c === pos.column ? 'col-head current' : 'col-head' }, columnLetters(c))),
      ),
    );
    const body = el('tbody');
    for (let r = 1; r <= rows; r++) {
      const frozen = r <= sheet.frozenRows;
      const tr = el('tr', frozen ? { class: 'frozen', 'aria-rowindex': r } : { 'aria-rowindex': r });
      const top = frozen ? `top:${HEADER_PX + (r - 1) * ROW_PX}px` : undefined;
      tr.append(el('th', { scope: 'row', class: r === pos.row ? 'rownum current' : 'rownum', style: top }, String(r)));
      for (const c of visible) tr.append(renderCell(sheet, r, c, top, r === pos.row && c === pos.column, width(c)));
      body.append(tr);
    }
    const next = el(
      'table',
      { class: 'grid', role: 'grid', 'aria-label': `${sheet.name} tab`, 'aria-rowcount': rows, 'aria-colcount': columns, style: `width:${tableWidth}px` },
      colgroup,
      head,
      body,
    );
    scroller.replaceChild(next, table);
    table = next;
    const charts = renderCharts(sheet);
    for (const old of scroller.querySelectorAll('.charts')) old.remove();
    if (charts) scroller.append(charts);
    scroller.scrollTop = scrollTop;
    scroller.scrollLeft = scrollLeft;
    showContent();
    if (hadFocus) cellAt(pos)?.focus({ preventScroll: true });
  }

  function renderCell(s: SheetSnapshot, row: number, column: number, top: string | undefined, selected: boolean, widthPx: number): HTMLTableCellElement {
    const text = display(row, column);
    const current = value(row, column);
    const sent = pendingAt(row, column) !== undefined;
    const classes = ['cell'];
    if (typeof current === 'number') classes.push('number');
    if (sent) classes.push('pending');
    if (s.fontWeights[row - 1]?.[column - 1] === 'bold') classes.push('bold');
    if (selected) classes.push('selected');
    const background = s.backgrounds[row - 1]?.[column - 1];
    const styles = [
      top,
      background && /^#[0-9a-f]{3,8}$/i.test(background) && background.toLowerCase() !== '#ffffff' ? `background-color:${background}` : undefined,
    ].filter(Boolean);
    const td = el('td', {
      class: classes.join(' '),
      role: 'gridcell',
      'data-a1': cellA1(row, column),
      'data-row': row,
      'data-column': column,
      'aria-selected': selected ? 'true' : 'false',
      tabindex: selected ? 0 : -1,
      style: styles.length > 0 ? styles.join(';') : undefined,
      // Sent and not yet answered: what the user typed, until the server's state replaces it.
      'aria-busy': sent ? 'true' : undefined,
    });
    const rule = validation(row, column);
    if (rule?.kind === 'list') {
      const options = rule.values.includes(text) || text === '' ? rule.values : [...rule.values, text];
      const control = el(
        'select',
        { class: 'cell-select', tabindex: -1, 'aria-label': describe(row, column) },
        el('option', { value: '' }, ''),
        ...options.map((v) => el('option', { value: v }, v)),
      );
      control.value = text;
      td.append(control);
      td.classList.add('has-control');
    } else if (rule?.kind === 'checkbox') {
      const control = el('input', { type: 'checkbox', class: 'cell-checkbox', tabindex: -1, 'aria-label': describe(row, column) });
      control.checked = current === true;
      td.append(control);
      td.classList.add('has-control');
    } else {
      td.textContent = text;
      // What the ellipsis hides is the cell's title (a link in the narrow Link column, long notes).
      if (isCut(text, widthPx)) td.title = text;
    }
    return td;
  }

  function showContent(): void {
    const pos = selection();
    nameBox.textContent = cellA1(pos.row, pos.column);
    contentBox.textContent = display(pos.row, pos.column);
  }

  function moveTo(pos: Position, focus = true): void {
    if (!sheet) return;
    const { rows, columns } = size(sheet);
    const target = { row: Math.min(Math.max(pos.row, 1), rows), column: Math.min(Math.max(pos.column, 1), columns) };
    const before = selection();
    const changed = before.row !== target.row || before.column !== target.column;
    selections.set(sheet.name, target);
    for (const old of table.querySelectorAll<HTMLElement>('td.selected')) {
      old.classList.remove('selected');
      old.setAttribute('aria-selected', 'false');
      old.tabIndex = -1;
    }
    for (const old of table.querySelectorAll('.current')) old.classList.remove('current');
    const td = cellAt(target);
    if (td) {
      td.classList.add('selected');
      td.setAttribute('aria-selected', 'true');
      td.tabIndex = 0;
      td.parentElement?.querySelector('th')?.classList.add('current');
      if (focus) td.focus();
    }
    table.querySelectorAll('thead th')[visibleIndex(target.column) + 1]?.classList.add('current');
    showContent();
    if (changed || focus) actions.select(sheet.name, cellA1(target.row, target.column));
  }

  const visibleIndex = (column: number) =>
    Array.from(table.querySelectorAll<HTMLElement>('tbody tr:first-child td')).findIndex((td) => td.dataset.column === String(column));

  const positionOf = (node: EventTarget | null): Position | null => {
    const td = node instanceof Element ? node.closest<HTMLTableCellElement>('td[data-a1]') : null;
    return td ? { row: Number(td.dataset.row), column: Number(td.dataset.column) } : null;
  };

  function startEditing(pos: Position, initial: string | null): void {
    if (!sheet || editing) return;
    const td = cellAt(pos);
    if (!td || validation(pos.row, pos.column)) return;
    const original = display(pos.row, pos.column);
    const input = el('input', { type: 'text', class: 'cell-editor', 'aria-label': `Edit ${describe(pos.row, pos.column)}`, spellcheck: 'false' });
    input.value = initial ?? original;
    replaceChildren(td, input);
    td.classList.add('editing');
    const state: Editing = { ...pos, input, original, done: false };
    editing = state;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') {
        event.preventDefault();
        void finishEditing(state, true, { row: pos.row + (event.shiftKey ? -1 : 1), column: pos.column });
      } else if (event.key === 'Tab') {
        event.preventDefault();
        void finishEditing(state, true, { row: pos.row, column: pos.column + (event.shiftKey ? -1 : 1) });
      } else if (event.key === 'Escape') {
        event.preventDefault();
        void finishEditing(state, false, pos);
      }
    });
    // Leaving the cell keeps what was typed, as in Sheets.
    input.addEventListener('blur', () => void finishEditing(state, true, null));
  }

  async function finishEditing(state: Editing, keep: boolean, next: Position | null): Promise<void> {
    if (state.done || !sheet) return;
    state.done = true;
    const typed = state.input.value;
    const name = sheet.name;
    const changed = keep && typed !== state.original;
    const sent = changed ? markPending(name, state, [[typed]]) : null;
    editing = null;
    draw();
    if (next) moveTo(next);
    if (sent) await settle(sent, actions.edit(name, cellA1(state.row, state.column), [[typed]]));
  }

  async function send(pos: Position, values: CellInput[][]): Promise<void> {
    if (!sheet) return;
    const name = sheet.name;
    const sent = markPending(name, pos, values);
    if (!editing) draw();
    await settle(sent, actions.edit(name, rangeA1(pos.row, pos.column, values.length, values[0]?.length ?? 1), values));
  }

  /** Shows `values` from `pos` on tab `name` until settled. */
  function markPending(name: string, pos: Position, values: readonly (readonly CellInput[])[]): Sent {
    const edit = ++edits;
    const keys: string[] = [];
    values.forEach((line, r) =>
      line.forEach((v, c) => {
        const key = `${name}!${cellA1(pos.row + r, pos.column + c)}`;
        pending.set(key, { value: v, edit });
        keys.push(key);
      }),
    );
    return { keys, edit };
  }

  /**
   * When the answer is in, its cells show the server's state again: its stamps when it took the
   * edit, the old values when it refused it (the page shows why). The state from an accepted edit
   * is applied before this runs, so the cell goes from what was typed straight to what was saved.
   * A later edit of the same cell keeps showing its own value.
   */
  async function settle(sent: Sent, answer: Promise<boolean>): Promise<void> {
    try {
      await answer;
    } finally {
      for (const key of sent.keys) if (pending.get(key)?.edit === sent.edit) pending.delete(key);
      redraw();
    }
  }

  scroller.addEventListener('click', (event) => {
    const pos = positionOf(event.target);
    if (!pos || (editing && editing.row === pos.row && editing.column === pos.column)) return;
    const before = selection();
    const again = before.row === pos.row && before.column === pos.column;
    const onControl = event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement;
    moveTo(pos, !onControl);
    if (again && !onControl && event.detail === 1) startEditing(pos, null);
  });

  scroller.addEventListener('dblclick', (event) => {
    const pos = positionOf(event.target);
    if (pos && !editing) startEditing(pos, null);
  });

  scroller.addEventListener('change', (event) => {
    const pos = positionOf(event.target);
    if (!pos) return;
    if (event.target instanceof HTMLSelectElement) void send(pos, [[event.target.value]]);
    else if (event.target instanceof HTMLInputElement && event.target.type === 'checkbox') void send(pos, [[event.target.checked]]);
  });

  scroller.addEventListener('keydown', (event) => {
    const pos = positionOf(event.target);
    if (!pos || editing || event.defaultPrevented) return;
    const onControl = event.target instanceof HTMLSelectElement || event.target instanceof HTMLInputElement;
    if (onControl) {
      // Inside a dropdown the arrows choose a value; Escape goes back to moving between cells.
      if (event.key === 'Escape') {
        event.preventDefault();
        cellAt(pos)?.focus();
      }
      return;
    }
    const rule = validation(pos.row, pos.column);
    const moves: Record<string, Position> = {
      ArrowUp: { row: pos.row - 1, column: pos.column },
      ArrowDown: { row: pos.row + 1, column: pos.column },
      ArrowLeft: { row: pos.row, column: pos.column - 1 },
      ArrowRight: { row: pos.row, column: pos.column + 1 },
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move);
    } else if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      if (rule?.kind === 'list') cellAt(pos)?.querySelector('select')?.focus();
      else if (rule?.kind === 'checkbox') void send(pos, [[value(pos.row, pos.column) !== true]]);
      else startEditing(pos, null);
    } else if (event.key === ' ' && rule?.kind === 'checkbox') {
      event.preventDefault();
      void send(pos, [[value(pos.row, pos.column) !== true]]);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      void send(pos, [[rule?.kind === 'checkbox' ? false : '']]);
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && !rule) {
      event.preventDefault();
      startEditing(pos, event.key);
    }
  });

  scroller.addEventListener('paste', (event) => {
    const pos = positionOf(event.target);
    if (!pos || editing) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    const values = parseClipboardGrid(text);
    if (values.length === 0 || values[0]?.length === 0) return;
    event.preventDefault();
    void send(pos, values);
  });

  return { show, redraw };
}

// ---- Charts -------------------------------------------------------------------------------------

/**
 * The tab's charts, drawn from the sheet's own cells the way Sheets reads an embedded chart's
 * ranges: their columns side by side, the first row naming the series, the first column the labels.
 */
function renderCharts(sheet: SheetSnapshot): HTMLElement | null {
  if (sheet.charts.length === 0) return null;
  const figures = sheet.charts.map((chart) => {
    const title = typeof chart.options.title === 'string' ? chart.options.title : `${chart.type} chart`;
    const series = chartSeries(sheet, chart.ranges, chart.options.series);
    return el(
      'figure',
      { class: 'chart' },
      series ? chartSvg(series, title, chart.type) : el('p', {}, `Chart of ${chart.ranges.join(', ')}`),
      el('figcaption', {}, `${chart.type.toLowerCase()} chart of ${chart.ranges.join(', ')}`),
    );
  });
  return el('section', { class: 'charts', 'aria-label': 'Charts' }, ...figures);
}

interface Series {
  readonly name: string;
  readonly values: number[];
  /** Drawn against the right-hand axis as a line (Sheets' series option targetAxisIndex 1). */
  readonly right: boolean;
  /** Its cells read as percentages. */
  readonly percent: boolean;
}

interface ChartData {
  readonly labels: string[];
  readonly series: Series[];
}

const columnNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

function chartSeries(sheet: SheetSnapshot, ranges: readonly string[], options: unknown): ChartData | null {
  // Every range's columns, side by side, over the first range's rows.
  const columns: string[][] = [];
  for (const range of ranges) {
    const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!match) return null;
    const [r1, c1, r2, c2] = [Number(match[2]), columnNumber(match[1] as string), Number(match[4]), columnNumber(match[3] as string)];
    for (let c = c1; c <= c2; c++) columns.push(sheet.display.slice(r1 - 1, r2).map((row) => row[c - 1] ?? ''));
  }
  const [labels, ...data] = columns;
  if (labels === undefined || data.length === 0 || labels.length < 2) return null;
  const perSeries = typeof options === 'object' && options !== null ? (options as Record<string, { targetAxisIndex?: number } | undefined>) : {};
  return {
    // Oldest week first, as time reads left to right (History lists the newest first).
    labels: labels.slice(1).reverse(),
    series: data.map((column, i) => ({
      name: column[0] ?? '',
      values: column
        .slice(1)
        .reverse()
        .map((cell) => Number.parseFloat(cell.replace('%', '')) || 0),
      right: perSeries[String(i)]?.targetAxisIndex === 1,
      percent: column.slice(1).some((cell) => cell.endsWith('%')),
    })),
  };
}

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb'];

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A round top for an axis: 1, 2, 5 or 10 times a power of ten, at least the largest value. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

function chartSvg(data: ChartData, title: string, type: string): SVGElement {
  const width = 520;
  const height = 240;
  const pad = { left: 40, right: 44, top: 28, bottom: 52 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const left = data.series.filter((s) => !s.right);
  const right = data.series.filter((s) => s.right);
  const leftMax = niceMax(Math.max(0, ...left.flatMap((s) => s.values)));
  const rightMax = right.every((s) => s.percent) ? 100 : niceMax(Math.max(0, ...right.flatMap((s) => s.values)));
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title });
  root.append(svg('text', { x: pad.left, y: 16, class: 'chart-title' }, title));
  const y = (value: number, max: number) => pad.top + plotH - (value / max) * plotH;
  for (const tick of [0, 0.5, 1]) {
    const at = y(tick * leftMax, leftMax);
    root.append(svg('line', { x1: pad.left, y1: at, x2: pad.left + plotW, y2: at, stroke: tick === 0 ? '#999' : '#e3e3e3' }));
    root.append(svg('text', { x: pad.left - 4, y: at + 3, 'text-anchor': 'end', class: 'chart-axis' }, String(tick * leftMax)));
    if (right.length > 0) {
      const label = right.every((s) => s.percent) ? `${tick * rightMax}%` : String(tick * rightMax);
      root.append(svg('text', { x: pad.left + plotW + 4, y: at + 3, class: 'chart-axis' }, label));
    }
  }
  const step = plotW / Math.max(1, data.labels.length);
  const bars = type === 'COLUMN' ? left : [];
  const barW = (step * 0.7) / Math.max(1, bars.length);
  bars.forEach((series, s) => {
    const colour = COLOURS[data.series.indexOf(series) % COLOURS.length] as string;
    series.values.forEach((value, i) => {
      const top = y(value, leftMax);
      root.append(
        svg(
          'rect',
          { class: 'chart-bar', x: pad.left + step * i + step * 0.15 + barW * s, y: top, width: barW, height: pad.top + plotH - top, fill: colour },
          '',
        ),
      );
      root.lastElementChild?.append(svg('title', {}, `${data.labels[i]}: ${series.name} ${value}`));
    });
  });
  for (const series of data.series.filter((s) => !bars.includes(s))) {
    const colour = COLOURS[data.series.indexOf(series) % COLOURS.length] as string;
    const max = series.right ? rightMax : leftMax;
    const points = series.values.map((v, i) => `${pad.left + step * (i + 0.5)},${y(v, max)}`);
    root.append(svg('polyline', { class: 'chart-line', points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
    for (const point of points) {
      const [cx = '0', cy = '0'] = point.split(',');
      root.append(svg('circle', { cx, cy, r: 3, fill: colour }));
    }
  }
  data.labels.forEach((label, i) => {
    if (data.labels.length > 8 && i % Math.ceil(data.labels.length / 8) !== 0) return;
    root.append(svg('text', { x: pad.left + step * (i + 0.5), y: pad.top + plotH + 14, 'text-anchor': 'middle', class: 'chart-axis' }, label));
  });
  // The legend names each series once, with its colour and, for the right axis, where it reads.
  let x = pad.left;
  for (const series of data.series) {
    const colour = COLOURS[data.series.indexOf(series) % COLOURS.length] as string;
    root.append(svg('rect', { x, y: height - 14, width: 10, height: 10, fill: colour }));
    const name = series.right ? `${series.name} (right axis)` : series.name;
    root.append(svg('text', { x: x + 14, y: height - 5, class: 'chart-legend' }, name));
    x += 14 + name.length * 6 + 14;
  }
  return root;
}
