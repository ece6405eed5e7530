// Embedded charts are recorded, not drawn: type, ranges, anchor and options, as built.
import { bill, ChartTypeEnum, expose, isInteger, signatureError } from './expose';
import { appsScriptError, type ChartModel, type EmuWorkbook, type SheetModel } from './model';
import { createRange, rangeTarget } from './range';

type ChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
type Chart = GoogleAppsScript.Spreadsheet.EmbeddedChart;

/** A chart draft; chartId is null until the chart is inserted into a sheet. */
type ChartDraft = Omit<ChartModel, 'chartId'> & { chartId: number | null };

function copyDraft(chart: ChartDraft): ChartDraft {
  return { ...chart, ranges: [...chart.ranges], position: { ...chart.position }, options: { ...chart.options } };
}

function chartTypeName(type: unknown): string {
  const name = String(type);
  if (!(name in ChartTypeEnum)) throw signatureError('EmbeddedChartBuilder.setChartType', [type]);
  return name;
}

class EmuChartBuilder
  implements
    Pick<
      ChartBuilder,
      'addRange' | 'removeRange' | 'clearRanges' | 'setChartType' | 'setPosition' | 'setOption' | 'setNumHeaders' | 'build' | 'getChartType' | 'getRanges'
    >
{
  constructor(
    readonly book: EmuWorkbook,
    readonly sheet: SheetModel,
    readonly draft: ChartDraft,
  ) {}

  private bill(method: string): void {
    bill(this.book.world, `EmbeddedChartBuilder.${method}`);
  }

  private self(): ChartBuilder {
    // `this` is the proxy the script holds.
    return this as unknown as ChartBuilder;
  }

  addRange(range: GoogleAppsScript.Spreadsheet.Range): ChartBuilder {
    this.bill('addRange');
    const target = rangeTarget(range);
    if (!target) throw signatureError('EmbeddedChartBuilder.addRange', [range]);
    this.draft.ranges.push(target);
    return this.self();
  }

  removeRange(range: GoogleAppsScript.Spreadsheet.Range): ChartBuilder {
    this.bill('removeRange');
    const target = rangeTarget(range);
    if (!target) throw signatureError('EmbeddedChartBuilder.removeRange', [range]);
    const { sheet, area } = target;
    this.draft.ranges = this.draft.ranges.filter(
      (r) =>
        !(
          r.sheet === sheet &&
          r.area.row === area.row &&
          r.area.column === area.column &&
          r.area.numRows === area.numRows &&
          r.area.numColumns === area.numColumns
        ),
    );
    return this.self();
  }

  clearRanges(): ChartBuilder {
    this.bill('clearRanges');
    this.draft.ranges = [];
    return this.self();
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): ChartBuilder {
    this.bill('setChartType');
    this.draft.type = chartTypeName(type);
    return this.self();
  }

  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): ChartBuilder {
    this.bill('setPosition');
    const args = [anchorRowPos, anchorColPos, offsetX, offsetY];
    if (!args.every(isInteger)) throw signatureError('EmbeddedChartBuilder.setPosition', args);
    this.draft.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this.self();
  }

  setOption(option: string, value: unknown): ChartBuilder {
    this.bill('setOption');
    if (typeof option !== 'string') throw signatureError('EmbeddedChartBuilder.setOption', [option, value]);
    this.draft.options[option] = value;
    return this.self();
  }

  // Recorded as the option it stands for, so tests and the playground read it with the others.
  setNumHeaders(headers: number): ChartBuilder {
    this.bill('setNumHeaders');
    if (!isInteger(headers) || headers < 0) throw signatureError('EmbeddedChartBuilder.setNumHeaders', [headers]);
    this.draft.options.numHeaders = headers;
    return this.self();
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    this.bill('getChartType');
    return ChartTypeEnum[this.draft.type as keyof typeof ChartTypeEnum] as unknown as GoogleAppsScript.Charts.ChartType;
  }

  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    this.bill('getRanges');
    return this.draft.ranges.map(({ sheet, area }) => createRange(this.book, sheet, area));
  }

  build(): Chart {
    this.bill('build');
    return createChart(this.book, this.sheet, copyDraft(this.draft));
  }

  toString(): string {
    return 'EmbeddedChartBuilder';
  }
}

export function createChartBuilder(book: EmuWorkbook, sheet: SheetModel, draft?: ChartDraft): ChartBuilder {
  // Assumed defaults of Sheet.newChart(): a column chart anchored at A1 with no ranges.
  const start: ChartDraft = draft ?? { chartId: null, type: 'COLUMN', ranges: [], position: { row: 1, column: 1, offsetX: 0, offsetY: 0 }, options: {} };
  return expose<ChartBuilder>(new EmuChartBuilder(book, sheet, start), 'EmbeddedChartBuilder');
}

// getId() exists in Apps Script but is missing from @types/google-apps-script.
type ChartWithId = Pick<Chart, 'getChartId' | 'getRanges' | 'getOptions' | 'modify' | 'getContainerInfo'> & { getId(): string | null };

class EmuChart implements ChartWithId {
  constructor(
    readonly book: EmuWorkbook,
    readonly sheet: SheetModel,
    readonly draft: ChartDraft,
  ) {}

  private bill(method: string): void {
    bill(this.book.world, `EmbeddedChart.${method}`);
  }

  // Assumed shape of the string id: "u" followed by the numeric chart id.
  getId(): string | null {
    this.bill('getId');
    return this.draft.chartId === null ? null : `u${this.draft.chartId}`;
  }

  getChartId(): number | null {
    this.bill('getChartId');
    return this.draft.chartId;
  }

  getRanges(): GoogleAppsScript.Spreadsheet.Range[] {
    this.bill('getRanges');
    return this.draft.ranges.map(({ sheet, area }) => createRange(this.book, sheet, area));
  }

  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    this.bill('getOptions');
    const options = { ...this.draft.options };
    const world = this.book.world;
    return expose<GoogleAppsScript.Charts.ChartOptions>(
      {
        get(option: string): unknown {
          bill(world, 'ChartOptions.get');
          return options[option] ?? null;
        },
        getOrDefault(option: string): unknown {
          bill(world, 'ChartOptions.getOrDefault');
          return options[option] ?? null;
        },
        toString: () => 'ChartOptions',
      },
      'ChartOptions',
    );
  }

  getContainerInfo(): GoogleAppsScript.Spreadsheet.ContainerInfo {
    this.bill('getContainerInfo');
    const { row, column, offsetX, offsetY } = this.draft.position;
    const world = this.book.world;
    const read = (method: string, value: number) => () => {
      bill(world, `ContainerInfo.${method}`);
      return value;
    };
    return expose<GoogleAppsScript.Spreadsheet.ContainerInfo>(
      {
        getAnchorRow: read('getAnchorRow', row),
        getAnchorColumn: read('getAnchorColumn', column),
        getOffsetX: read('getOffsetX', offsetX),
        getOffsetY: read('getOffsetY', offsetY),
        toString: () => 'ContainerInfo',
      },
      'ContainerInfo',
    );
  }

  modify(): ChartBuilder {
    this.bill('modify');
    return createChartBuilder(this.book, this.sheet, copyDraft(this.draft));
  }

  toString(): string {
    return 'EmbeddedChart';
  }
}

function createChart(book: EmuWorkbook, sheet: SheetModel, draft: ChartDraft): Chart {
  return expose<Chart>(new EmuChart(book, sheet, draft), 'EmbeddedChart');
}

export function chartsOf(book: EmuWorkbook, sheet: SheetModel): Chart[] {
  return sheet.charts.map((chart) => createChart(book, sheet, copyDraft(chart)));
}

function draftOf(method: string, chart: unknown): ChartDraft {
  if (!(chart instanceof EmuChart)) throw signatureError(`Sheet.${method}`, [chart]);
  return chart.draft;
}

export function insertChart(book: EmuWorkbook, sheet: SheetModel, chart: unknown): void {
  const draft = draftOf('insertChart', chart);
  // Inserting the same built chart twice makes two charts, each with its own id.
  sheet.charts.push({ ...copyDraft(draft), chartId: book.nextChartId++ });
}

// Assumed wording when the chart is not (or no longer) on this sheet.
const NO_SUCH_CHART = 'The chart could not be found on this sheet.';

export function updateChart(sheet: SheetModel, chart: unknown): void {
  const draft = draftOf('updateChart', chart);
  const index = sheet.charts.findIndex((c) => c.chartId === draft.chartId);
  if (index < 0 || draft.chartId === null) throw appsScriptError(NO_SUCH_CHART);
  sheet.charts[index] = { ...copyDraft(draft), chartId: draft.chartId };
}

export function removeChart(sheet: SheetModel, chart: unknown): void {
  const draft = draftOf('removeChart', chart);
  const index = sheet.charts.findIndex((c) => c.chartId === draft.chartId);
  if (index < 0) throw appsScriptError(NO_SUCH_CHART);
  sheet.charts.splice(index, 1);
}
