// A row that still needs a rework cause is tinted until it gets one. Only our own tint is ever
// removed, so colours people gave their rows survive.
export const NEEDS_CAUSE_COLOR = '#fce8b2';
const PLAIN = '#ffffff';

export function applyHighlights(sheet: GoogleAppsScript.Spreadsheet.Sheet, width: number, highlight: ReadonlyMap<number, boolean>): void {
  const rows = [...highlight.keys()].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const r of rows) {
    const last = runs[runs.length - 1];
    if (last && last[1] === r - 1) last[1] = r;
    else runs.push([r, r]);
  }
  for (const [start, end] of runs) {
    const range = sheet.getRange(start, 1, end - start + 1, width);
    const before = range.getBackgrounds();
    let changed = false;
    const after = before.map((colors, i) => {
      const on = highlight.get(start + i) === true;
      return colors.map((color) => {
        const next = on ? NEEDS_CAUSE_COLOR : color.toLowerCase() === NEEDS_CAUSE_COLOR ? PLAIN : color;
        if (next !== color) changed = true;
        return next;
      });
    });
    if (changed) range.setBackgrounds(after);
  }
}
