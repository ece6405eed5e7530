// Sheet structure and the objects around cells: getRange bounds, sorting, inserting and deleting
// rows and columns, protections, charts, selection, and the plain views of the workbook.
import { describe, expect, it } from 'vitest';
import { restoreWorkbook, selectRange, serializeWorkbook, snapshotWorkbook, userWrite } from '../../src/emulator/spreadsheet/index';
import { OWNER, setup, thrown } from './sheetWorld';

describe('getRange bounds', () => {
  it.each([
    [[0, 1], 'The starting row of the range is too small.'],
    [[1, 0], 'The starting column of the range is too small.'],
    [[1, 1, 0, 1], 'The number of rows in the range must be at least 1.'],
    [[1, 1, 1, 0], 'The number of columns in the range must be at least 1.'],
    [[1000, 1, 2, 1], 'The coordinates of the range are outside the dimensions of the sheet.'],
    [[1, 27], 'The coordinates of the range are outside the dimensions of the sheet.'],
  ] as const)('getRange(%j) throws %s', (args, message) => {
    const { sheet } = setup();
    const [row, column, numRows, numColumns] = args as unknown as [number, number, number?, number?];
    const error = thrown(() => (numRows === undefined ? sheet.getRange(row, column) : sheet.getRange(row, column, numRows, numColumns ?? 1)));
    expect(String(error)).toBe(`Exception: ${message}`);
  });

  it('reads A1 notation, with or without a sheet name', () => {
    const { app, sheet } = setup();
    app.getActiveSpreadsheet().insertSheet('Team log');
    expect(sheet.getRange('B2:C5').getA1Notation()).toBe('B2:C5');
    expect(sheet.getRange('A:B').getNumRows()).toBe(1000);
    const other = app.getActiveSpreadsheet().getRange("'Team log'!C3");
    expect([other.getSheet().getName(), other.getA1Notation()]).toEqual(['Team log', 'C3']);
    expect(thrown(() => sheet.getRange('nonsense!!')).message).toBe('Range not found');
  });

  it('reports a new sheet as 1000 x 26 with no content', () => {
    const { sheet } = setup();
    expect([sheet.getMaxRows(), sheet.getMaxColumns(), sheet.getLastRow(), sheet.getLastColumn()]).toEqual([1000, 26, 0, 0]);
    sheet.getRange('C4').setValue('x');
    sheet.getRange('B7').setFormula('=C4');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([7, 3]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:C7');
  });

  it('grows the sheet when appendRow runs past the last row', () => {
    const { sheet } = setup();
    sheet.getRange(1000, 1).setValue('last');
    sheet.appendRow(['beyond']);
    expect([sheet.getMaxRows(), sheet.getRange(1001, 1).getValue()]).toEqual([1001, 'beyond']);
  });
});

describe('methods the emulator lacks', () => {
  it('throw instead of reading as undefined', () => {
    const { app, sheet } = setup();
    const range = sheet.getRange('A1') as unknown as Record<string, unknown>;
    expect(thrown(() => range.mergeAcross).message).toBe('not implemented in emulator: Range.mergeAcross');
    expect(thrown(() => (sheet as unknown as Record<string, unknown>).getBandings).message).toBe('not implemented in emulator: Sheet.getBandings');
    expect(thrown(() => (app as unknown as Record<string, unknown>).BorderStyle).message).toBe('not implemented in emulator: SpreadsheetApp.BorderStyle');
  });
});

describe('sorting (rule 7)', () => {
  function ledger() {
    const ctx = setup();
    ctx.sheet.getRange('A1:C6').setValues([
      ['Task', 'Score', 'Owner'],
      ['a', 3, 'ann'],
      ['b', '', 'bob'],
      ['c', 7, 'cy'],
      ['d', 3, 'di'],
      ['e', 10, 'ed'],
    ]);
    ctx.sheet.getRange('A2').setBackground('#ff0000');
    return ctx;
  }

  it('sorts the range rows by an absolute column, stable, blanks last when descending', () => {
    const { sheet } = ledger();
    sheet.getRange('A2:C6').sort({ column: 2, ascending: false });
    expect(sheet.getRange('A1:C6').getValues()).toEqual([
      ['Task', 'Score', 'Owner'],
      ['e', 10, 'ed'],
      ['c', 7, 'cy'],
      ['a', 3, 'ann'],
      ['d', 3, 'di'],
      ['b', '', 'bob'],
    ]);
    expect(sheet.getRange('A4').getBackground()).toBe('#ff0000');
  });

  it('keeps blanks last when ascending too', () => {
    const { sheet } = ledger();
    sheet.getRange('A2:C6').sort(2);
    expect(sheet.getRange('B2:B6').getValues()).toEqual([[3], [3], [7], [10], ['']]);
    expect(sheet.getRange('A2:A3').getValues()).toEqual([['a'], ['d']]);
  });

  it('sorts only the columns of the range, by column numbers of the sheet', () => {
    const { sheet } = ledger();
    sheet.getRange('B2:C6').sort([{ column: 3, ascending: false }]);
    expect(sheet.getRange('A2:C3').getValues()).toEqual([
      ['a', 10, 'ed'],
      ['b', 3, 'di'],
    ]);
  });

  it('moves data validation with its row', () => {
    const { app, sheet } = ledger();
    sheet.getRange('C2').setDataValidation(app.newDataValidation().requireValueInList(['ann']).build());
    sheet.getRange('A2:C6').sort({ column: 1, ascending: false });
    expect(sheet.getRange('C6').getDataValidation()?.getCriteriaValues()).toEqual([['ann'], true]);
    expect(sheet.getRange('C2').getDataValidation()).toBeNull();
  });

  it('sorts the sheet below the frozen rows', () => {
    const { sheet } = ledger();
    sheet.setFrozenRows(1);
    sheet.sort(1, false);
    expect(sheet.getRange('A1:A6').getValues()).toEqual([['Task'], ['e'], ['d'], ['c'], ['b'], ['a']]);
  });
});

describe('inserting and deleting (rule 8)', () => {
  function register() {
    const ctx = setup();
    const { app, sheet } = ctx;
    sheet.getRange('A1:C3').setValues([
      ['Task', 'Due', 'Status'],
      ['t1', new Date('2026-01-02T15:00:00Z'), 'Open'],
      ['t2', new Date('2026-01-03T15:00:00Z'), 'Done'],
    ]);
    sheet.getRange('B2:B3').setNumberFormat('yyyy-mm-dd');
    sheet.getRange('C2:C100').setDataValidation(app.newDataValidation().requireValueInList(['Open', 'Done']).setAllowInvalid(false).build());
    sheet.getRange('C2:C100').protect().setDescription('status').setWarningOnly(true);
    sheet.hideColumns(3);
    return ctx;
  }

  it('insertColumnBefore shifts values, formats, validations, hidden columns and protected ranges', () => {
    const { app, sheet } = register();
    sheet.insertColumnBefore(2);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([['Task', '', 'Due', 'Status']]);
    expect(sheet.getRange('C2').getNumberFormat()).toBe('yyyy-mm-dd');
    expect(sheet.getRange('C2').getDisplayValue()).toBe('2026-01-02');
    expect(sheet.getRange('D2').getDataValidation()?.getCriteriaValues()).toEqual([['Open', 'Done'], true]);
    expect([sheet.isColumnHiddenByUser(3), sheet.isColumnHiddenByUser(4)]).toEqual([false, true]);
    expect(sheet.getProtections(app.ProtectionType.RANGE).map((p) => p.getRange().getA1Notation())).toEqual(['D2:D100']);
    expect(sheet.getMaxColumns()).toBe(27);
    // The inserted column takes the formats of the column it was inserted before.
    expect(sheet.getRange('B2').getNumberFormat()).toBe('yyyy-mm-dd');
  });

  it('insertRowsAfter grows a protected range it falls inside and copies the row above', () => {
    const { app, sheet } = register();
    sheet.insertRowsAfter(2, 2);
    expect(sheet.getRange('A1:A5').getValues()).toEqual([['Task'], ['t1'], [''], [''], ['t2']]);
    expect(sheet.getRange('C3').getDataValidation()).not.toBeNull();
    expect(sheet.getProtections(app.ProtectionType.RANGE)[0]?.getRange().getA1Notation()).toBe('C2:C102');
    expect(sheet.getMaxRows()).toBe(1002);
  });

  it('insertRowBefore above a range moves it down', () => {
    const { app, sheet } = register();
    sheet.insertRowBefore(1);
    expect(sheet.getRange('A2').getValue()).toBe('Task');
    expect(sheet.getProtections(app.ProtectionType.RANGE)[0]?.getRange().getA1Notation()).toBe('C3:C101');
  });

  it('deleteRows and deleteColumn shrink or drop what they remove', () => {
    const { app, sheet } = register();
    sheet.deleteRows(2, 1);
    expect(sheet.getRange('A1:C2').getValues()).toEqual([
      ['Task', 'Due', 'Status'],
      ['t2', new Date('2026-01-03T15:00:00Z'), 'Done'],
    ]);
    expect(sheet.getProtections(app.ProtectionType.RANGE)[0]?.getRange().getA1Notation()).toBe('C2:C99');
    sheet.deleteColumn(3);
    expect(sheet.getProtections(app.ProtectionType.RANGE)).toEqual([]);
    expect(sheet.getRange('C2').getDataValidation()).toBeNull();
    expect(sheet.getMaxColumns()).toBe(25);
  });

  it('refuses out-of-bounds and all-row deletes', () => {
    const { sheet } = setup();
    expect(thrown(() => sheet.deleteRows(999, 5)).message).toBe('Those rows are out of bounds.');
    expect(thrown(() => sheet.deleteRows(1, 1000)).message).toBe('Sorry, it is not possible to delete all non-frozen rows.');
  });
});

describe('protections', () => {
  it('stop another user running a script on a protected range, but not the owner', () => {
    const { world, sheet, app } = setup();
    sheet.getRange('A1:B2').protect().setDescription('locked');
    world.executions.push({ kind: 'menu', authMode: 'FULL', effectiveUser: 'helper@example.com', activeUser: 'helper@example.com', startedAt: 0 });
    expect(thrown(() => sheet.getRange('B2').setValue('x')).message).toBe(
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
    sheet.getRange('C3').setValue('fine');
    world.executions.pop();
    sheet.getRange('B2').setValue('owner');
    const [protection] = app.getActiveSpreadsheet().getProtections(app.ProtectionType.RANGE);
    expect([protection?.getDescription(), protection?.isWarningOnly(), protection?.canEdit()]).toEqual(['locked', false, true]);
  });

  it('let a user type into a warning-only range but not into a hard-protected one', () => {
    const { world, book, sheet } = setup();
    sheet.getRange('A1').protect().setWarningOnly(true);
    sheet.getRange('B1').protect();
    world.currentUser = 'editor@example.com';
    expect(userWrite(book, 'Sheet1', 'A1', [['ok']]).oldValues).toEqual([['']]);
    expect(thrown(() => userWrite(book, 'Sheet1', 'B1', [['no']])).message).toBe(
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
  });

  it('record editors, keep the owner, and can be removed', () => {
    const { app, sheet } = setup();
    const protection = sheet.protect();
    protection.addEditor('a@example.com').addEditors(['b@example.com']);
    protection.removeEditors(protection.getEditors());
    expect(protection.getEditors().map((u) => u.getEmail())).toEqual([OWNER]);
    expect(protection.getProtectionType()).toBe(app.ProtectionType.SHEET);
    protection.remove();
    expect(sheet.getProtections(app.ProtectionType.SHEET)).toEqual([]);
  });
});

describe('charts', () => {
  it('records what was built, inserted and updated', () => {
    const { book, sheet } = setup();
    const ChartType = { LINE: { toString: () => 'LINE' }, COLUMN: { toString: () => 'COLUMN' } };
    const chart = sheet
      .newChart()
      .setChartType(ChartType.LINE as unknown as GoogleAppsScript.Charts.ChartType)
      .addRange(sheet.getRange('A1:B10'))
      .setPosition(2, 5, 0, 0)
      .setOption('title', 'Handoffs per week')
      .build();
    sheet.insertChart(chart);
    const [inserted] = sheet.getCharts();
    expect(inserted?.getOptions().get('title')).toBe('Handoffs per week');
    expect(inserted?.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B10']);
    sheet.updateChart((inserted as GoogleAppsScript.Spreadsheet.EmbeddedChart).modify().setOption('title', 'Renamed').build());
    expect(snapshotWorkbook(book).sheets[0]?.charts).toEqual([
      { id: 1, type: 'LINE', ranges: ['A1:B10'], position: { row: 2, column: 5, offsetX: 0, offsetY: 0 }, options: { title: 'Renamed' } },
    ]);
  });
});

describe('spreadsheet', () => {
  it('names, ids, url, owner and toasts', () => {
    const { app, world } = setup();
    const ss = app.getActiveSpreadsheet();
    expect([ss.getId(), ss.getName(), ss.getUrl(), ss.getOwner()?.getEmail()]).toEqual([
      'sheet-123',
      'Handoff Register',
      'https://docs.google.com/spreadsheets/d/sheet-123/edit',
      OWNER,
    ]);
    ss.toast('Saved', 'Handoff');
    expect(world.ui.toasts).toEqual([{ message: 'Saved', title: 'Handoff', at: world.clock.now() }]);
  });

  it('refuses a duplicate sheet name', () => {
    const { app } = setup();
    const ss = app.getActiveSpreadsheet();
    const log = ss.insertSheet('Log');
    expect([log.getIndex(), ss.getActiveSheet().getName(), ss.getSheets().map((s) => s.getName())]).toEqual([2, 'Log', ['Sheet1', 'Log']]);
    expect(thrown(() => ss.insertSheet('Log')).message).toBe('A sheet with the name "Log" already exists. Please enter another name.');
    expect(ss.getSheetByName('Missing')).toBeNull();
  });

  it('reports the selection the user made', () => {
    const { app, book } = setup();
    app.getActiveSpreadsheet().insertSheet('Review');
    selectRange(book, 'Sheet1', 'B3:C4');
    expect([app.getActiveSheet().getName(), app.getActiveRange().getA1Notation(), app.getCurrentCell().getA1Notation()]).toEqual(['Sheet1', 'B3:C4', 'B3']);
  });

  it('getUi delegates to the supplied ui()', () => {
    const { app } = setup();
    expect(thrown(() => app.getUi()).message).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  });
});

describe('userWrite', () => {
  it('returns the old raw values and a range for the edit event, pasting a block from one cell', () => {
    const { book, sheet } = setup();
    sheet.getRange('A1').setValue(new Date('2026-01-02T15:00:00Z'));
    const { oldValues, range } = userWrite(book, 'Sheet1', 'A1', [['0012', 'x']]);
    expect(oldValues).toEqual([[new Date('2026-01-02T15:00:00Z'), '']]);
    expect(range.getA1Notation()).toBe('A1:B1');
    expect(range.getValues()).toEqual([[12, 'x']]);
  });
});

describe('snapshot and persistence', () => {
  function filled() {
    const ctx = setup();
    const { app, sheet } = ctx;
    sheet.getRange('A1:C2').setValues([
      ['Task', 'Due', 'Done'],
      ['t1', new Date('2026-01-02T15:30:00Z'), ''],
    ]);
    sheet.getRange('A1:C1').setFontWeight('bold').setBackground('#EEE');
    sheet.getRange('B2').setNumberFormat('yyyy-mm-dd hh:mm');
    sheet.getRange('C2').insertCheckboxes();
    sheet.getRange('A2').setDataValidation(app.newDataValidation().requireValueInList(['t1', 't2'], false).setAllowInvalid(false).build());
    sheet.setFrozenRows(1);
    sheet.getRange('A1:C1').protect().setDescription('header').setWarningOnly(true);
    return ctx;
  }

  it('shows the sheet as plain data', () => {
    const { book } = filled();
    const [sheet] = snapshotWorkbook(book).sheets;
    expect(sheet).toMatchObject({
      name: 'Sheet1',
      sheetId: 0,
      values: [
        ['Task', 'Due', 'Done'],
        ['t1', new Date('2026-01-02T15:30:00Z'), false],
      ],
      display: [
        ['Task', 'Due', 'Done'],
        ['t1', '2026-01-02 10:30', 'FALSE'],
      ],
      backgrounds: [
        ['#eeeeee', '#eeeeee', '#eeeeee'],
        ['#ffffff', '#ffffff', '#ffffff'],
      ],
      fontWeights: [
        ['bold', 'bold', 'bold'],
        ['normal', 'normal', 'normal'],
      ],
      validations: [
        [null, null, null],
        [{ kind: 'list', values: ['t1', 't2'], allowInvalid: false, showDropdown: false }, null, { kind: 'checkbox', allowInvalid: true }],
      ],
      frozenRows: 1,
      protections: [{ rangeA1: 'A1:C1', description: 'header', warningOnly: true, editors: [OWNER] }],
    });
  });

  it('round-trips through JSON', () => {
    const { book, world } = filled();
    const json = JSON.parse(JSON.stringify(serializeWorkbook(book)));
    const restored = restoreWorkbook(world, json);
    expect(snapshotWorkbook(restored)).toEqual(snapshotWorkbook(book));
  });

  it('names what is wrong in malformed data', () => {
    const { book, world } = filled();
    const json = JSON.parse(JSON.stringify(serializeWorkbook(book)));
    json.sheets[0].cells[0].row = 0;
    expect(thrown(() => restoreWorkbook(world, json)).message).toBe('restoreWorkbook: data.sheets[0].cells[0].row should be an integer >= 1');
    expect(thrown(() => restoreWorkbook(world, { format: 'other' })).message).toBe('restoreWorkbook: data.format should be "apps-script-emulator-workbook"');
  });
});

describe('Sheet.moveColumns', () => {
  it('moves whole columns with their cells, formats and protections, numbering the destination as before the move', () => {
    const { app } = setup();
    const sheet = app.getActiveSpreadsheet().getActiveSheet();
    sheet.getRange('A1:D2').setValues([
      ['a', 'b', 'c', 'd'],
      [1, 2, 3, 4],
    ]);
    sheet.getRange('B2').setBackground('#ff0000');
    sheet.getRange('B1:B1000').protect().setDescription('b').setWarningOnly(true);
    sheet.moveColumns(sheet.getRange('B1'), 4);
    expect(sheet.getRange('A1:D2').getValues()).toEqual([
      ['a', 'c', 'b', 'd'],
      [1, 3, 2, 4],
    ]);
    expect(sheet.getRange('C2').getBackground()).toBe('#ff0000');
    expect(sheet.getProtections(app.ProtectionType.RANGE).map((p) => p.getRange().getA1Notation())).toEqual(['C1:C1000']);
    sheet.moveColumns(sheet.getRange('D1'), 1);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([['d', 'a', 'c', 'b']]);
  });
});
