// The emulator's one public entry: a fresh, self-contained Apps Script world around one
// spreadsheet. Nothing is shared between two emulators.
import { createPlatform, type PlatformOptions } from './services/platform';
import {
  ChartTypeEnum,
  createSpreadsheetApp,
  createWorkbook,
  type EmuWorkbook,
  restoreWorkbook,
  selectRange,
  snapshotWorkbook,
  userWrite,
} from './spreadsheet/index';

export interface EmulatorOptions extends PlatformOptions {
  /** A workbook saved by serializeWorkbook, to start from instead of a blank one (persist.ts restores the rest). */
  readonly workbook?: unknown;
}

export function createEmulator(options: EmulatorOptions) {
  let workbook: EmuWorkbook | undefined;
  const platform = createPlatform(options, (world, ui) => {
    const book =
      options.workbook === undefined
        ? createWorkbook(world, { id: options.spreadsheetId ?? 'spreadsheet-1', name: options.name ?? 'Handoff Register' })
        : restoreWorkbook(world, options.workbook);
    workbook = book;
    const app = createSpreadsheetApp(world, book, ui);
    return {
      app,
      charts: { ChartType: ChartTypeEnum },
      userWrite: (sheetName, a1, values) => userWrite(book, sheetName, a1, values),
      select: (sheetName, a1) => selectRange(book, sheetName, a1),
      activeSpreadsheet: () => (app as unknown as { getActiveSpreadsheet(): unknown }).getActiveSpreadsheet(),
      snapshot: () => snapshotWorkbook(book),
    };
  });
  if (workbook === undefined) throw new Error('the spreadsheet was not connected');
  return { ...platform, workbook, options };
}

export type Emulator = ReturnType<typeof createEmulator>;
