// Column widths, in pixels, for the grid on the page and the .xlsx export alike, so a download
// looks like the playground: wide enough for most of what a column holds, never so wide that one
// long value pushes the rest off screen. Pure, so both the page and the Node server import it.

const CHARACTER_PX = 7;
const PADDING_PX = 18;
const MIN_PX = 72;
const MAX_PX = 260;
/** Rows looked at: enough to be representative, few enough to stay instant on a year's register. */
const SAMPLE_ROWS = 200;

/**
 * Columns kept narrower than their content: a link is read by opening it, not in the cell (the
 * cell shows its start with an ellipsis, the full text is the cell's title).
 */
const NARROW_PX: Readonly<Record<string, number>> = { Link: 140 };
/** A dropdown needs room for its arrow next to its longest choice. */
const DROPDOWN_MIN_PX = 104;

export type ColumnControl = 'list' | 'checkbox' | null;

/**
 * The width of one column from its cells' displayed text (the header first when the sheet has
 * one), the header's name and the kind of control its cells have.
 */
export function columnWidthPx(texts: readonly string[], header: string, control: ColumnControl): number {
  let longest = 0;
  for (const text of texts.slice(0, SAMPLE_ROWS)) longest = Math.max(longest, text.length);
  const fit = Math.min(MAX_PX, Math.max(MIN_PX, longest * CHARACTER_PX + PADDING_PX));
  const narrow = NARROW_PX[header];
  const width = narrow === undefined ? fit : Math.min(fit, narrow);
  return control === 'list' ? Math.max(width, DROPDOWN_MIN_PX) : width;
}

/** Whether text of this length is cut off (ellipsis) in a column this wide. */
export function isCut(text: string, widthPx: number): boolean {
  return text.length * CHARACTER_PX + PADDING_PX > widthPx;
}

type Rule = { readonly kind: string } | null;

/** Every column's width for a sheet's displayed grid (row 1 is the header when `hasHeader`). */
export function sheetColumnWidthsPx(
  display: readonly (readonly string[])[],
  validations: readonly (readonly Rule[])[],
  columns: number,
  hasHeader: boolean,
): number[] {
  const rows = display.slice(0, SAMPLE_ROWS);
  return Array.from({ length: columns }, (_, i) => {
    const texts = rows.map((row) => row[i] ?? '');
    const rule = validations.slice(0, SAMPLE_ROWS).find((row) => row[i] != null)?.[i] ?? null;
    const control: ColumnControl = rule?.kind === 'list' ? 'list' : rule?.kind === 'checkbox' ? 'checkbox' : null;
    return columnWidthPx(texts, hasHeader ? (texts[0] ?? '') : '', control);
  });
}
