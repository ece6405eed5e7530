// The platform rules scripts rely on: value coercion, display, validation, counting.
// Every expectation is what Apps Script does (or, where marked in the source, what we assume it does).
import { describe, expect, it } from 'vitest';
import { userWrite } from '../../src/emulator/spreadsheet/index';
import { setup, thrown } from './sheetWorld';

describe('setValues dimensions (rule 1)', () => {
  it('rejects a grid with the wrong number of rows, checking rows before columns', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:B3');
    expect(thrown(() => range.setValues([[1], [2]])).message).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
  });

  it('rejects a row with the wrong number of columns', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:B3');
    expect(thrown(() => range.setValues([[1, 2], [3, 4], [5]])).message).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(range.getValues()).toEqual([
      ['', ''],
      ['', ''],
      ['', ''],
    ]);
  });

  it('prints as an Apps Script Exception', () => {
    const { sheet } = setup();
    expect(String(thrown(() => sheet.getRange('A1').setValues([[1, 2]])))).toBe(
      'Exception: The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 1.',
    );
  });

  it('rejects a one-dimensional array with the signature message', () => {
    const { sheet } = setup();
    expect(thrown(() => sheet.getRange('A1:B1').setValues([1, 2] as unknown as unknown[][])).message).toBe(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });
});

describe('string coercion on write (rule 2)', () => {
  const cases: [string, unknown, unknown, string][] = [
    // input, getValue, getFormula, getDisplayValue
    ['0012', 12, '', '12'],
    ['-5', -5, '', '-5'],
    ['1,000', 1000, '', '1,000'],
    ['1e3', 1000, '', '1000'],
    ['.5', 0.5, '', '0.5'],
    ['50%', 0.5, '', '50%'],
    ['12.5%', 0.125, '', '12.50%'],
    ['TRUE', true, '', 'TRUE'],
    ['false', false, '', 'FALSE'],
    ["'0012", '0012', '', '0012'],
    ["'=A1", '=A1', '', '=A1'],
    ['=SUM(A1:A2)', '#ERROR!', '=SUM(A1:A2)', '#ERROR!'],
    ['ticket-12', 'ticket-12', '', 'ticket-12'],
    ['1,0', '1,0', '', '1,0'],
    ['2026-01-02T10:30:00Z', '2026-01-02T10:30:00Z', '', '2026-01-02T10:30:00Z'],
  ];
  for (const [input, value, formula, display] of cases) {
    it(`stores ${JSON.stringify(input)} as ${JSON.stringify(value)}`, () => {
      const { sheet } = setup();
      const cell = sheet.getRange('B2');
      cell.setValue(input);
      expect(cell.getValue()).toEqual(value);
      expect(cell.getFormula()).toBe(formula);
      expect(cell.getDisplayValue()).toBe(display);
    });
  }

  it('parses dates in the spreadsheet time zone, not the host or script zone', () => {
    const { sheet, app } = setup();
    sheet.getRange('A1:A4').setValues([['2026-01-02'], ['2026-01-02 10:30'], ['3/4'], ['3/4/2026']]);
    const values = sheet
      .getRange('A1:A4')
      .getValues()
      .map((row) => row[0]);
    expect(values.map((v) => (v as Date).toISOString())).toEqual([
      '2026-01-02T05:00:00.000Z',
      '2026-01-02T15:30:00.000Z',
      '2026-03-04T05:00:00.000Z',
      '2026-03-04T05:00:00.000Z',
    ]);
    app.getActiveSpreadsheet().setSpreadsheetTimeZone('Asia/Tokyo');
    sheet.getRange('B1').setValue('2026-01-02');
    expect((sheet.getRange('B1').getValue() as Date).toISOString()).toBe('2026-01-01T15:00:00.000Z');
  });

  it('leaves impossible dates as text', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A2').setValues([['2026-02-30'], ['13/1/2026']]);
    expect(sheet.getRange('A1:A2').getValues()).toEqual([['2026-02-30'], ['13/1/2026']]);
  });

  it('keeps text as written in a plain-text (@) cell, = included (facts: medium)', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:A4');
    range.setNumberFormat('@');
    range.setValues([['0012'], ['TRUE'], ['2026-01-02'], ['=NOW()']]);
    expect(range.getValues()).toEqual([['0012'], ['TRUE'], ['2026-01-02'], ['=NOW()']]);
    expect(range.getFormulas()).toEqual([[''], [''], [''], ['']]);
    expect(range.getDisplayValues()).toEqual([['0012'], ['TRUE'], ['2026-01-02'], ['=NOW()']]);
  });

  it('keeps an apostrophe written to a plain-text cell as a visible character (the harsh reading of an open question, the default)', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:A2');
    range.setNumberFormat('@');
    range.setValues([["'0012"], ["'=1+1"]]);
    expect(range.getValues()).toEqual([["'0012"], ["'=1+1"]]);
    expect(range.getDisplayValues()).toEqual([["'0012"], ["'=1+1"]]);
    expect(range.getFormulas()).toEqual([[''], ['']]);
  });

  it('consumes that apostrophe under the other reading, and always in a General cell', () => {
    const { sheet } = setup({ readings: { plainTextApostrophe: 'consumed', timeTriggerSeesSpreadsheet: true, timeTriggerSeesDocument: true } });
    sheet.getRange('A1').setNumberFormat('@');
    sheet.getRange('A1:B1').setValues([["'0012", "'0012"]]);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['0012', '0012']]);
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['0012', '0012']]);
  });

  it("refuses a cell of more than 50,000 characters with Sheets' message, writing nothing of the range", () => {
    const { sheet } = setup();
    sheet.getRange('A1').setValue('kept');
    const error = thrown(() => sheet.getRange('A1:B1').setValues([['changed', 'x'.repeat(50_001)]]));
    expect(String(error)).toBe('Exception: Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['kept', '']]);
    sheet.getRange('B1').setValue('x'.repeat(50_000));
    expect((sheet.getRange('B1').getValue() as string).length).toBe(50_000);
  });

  it('stores numbers, booleans and Dates as such, null and undefined as empty, other objects as their string form', () => {
    const { sheet } = setup();
    const when = new Date('2026-01-02T15:30:00Z');
    sheet.getRange('A1:F1').setValues([[42, true, when, null, undefined, { toString: () => '007' }]]);
    sheet.getRange('A2:B2').setValues([[{ a: 1 }, [1, 2]]]);
    const [row1, row2] = sheet.getRange('A1:F2').getValues();
    expect(row1).toEqual([42, true, when, '', '', 7]);
    expect(row2).toEqual(['[object Object]', '1,2', '', '', '', '']);
  });

  it('coerces appendRow values the same way', () => {
    const { sheet } = setup();
    sheet.appendRow(['0012', '=A1', "'TRUE", 'yes']);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([[12, '#ERROR!', 'TRUE', 'yes']]);
    expect(sheet.getRange('A1:D1').getFormulas()).toEqual([['', '=A1', '', '']]);
  });
});

describe('getValues types (rule 3)', () => {
  it("returns '' for empty cells, numbers, booleans for checkboxes and a new Date each call", () => {
    const { sheet } = setup();
    sheet.getRange('A1:C1').setValues([[5, '', new Date('2026-01-02T15:30:00Z')]]);
    sheet.getRange('D1').insertCheckboxes();
    const first = sheet.getRange('A1:E1').getValues();
    expect(first).toEqual([[5, '', new Date('2026-01-02T15:30:00Z'), false, '']]);
    const date = first[0]?.[2] as Date;
    expect(date).toBeInstanceOf(Date);
    date.setFullYear(1999);
    const second = sheet.getRange('C1').getValue() as Date;
    expect(second).not.toBe(date);
    expect(second.toISOString()).toBe('2026-01-02T15:30:00.000Z');
  });

  it('does not let the script mutate a stored Date through the Date it wrote', () => {
    const { sheet } = setup();
    const when = new Date('2026-01-02T15:30:00Z');
    sheet.getRange('A1').setValue(when);
    when.setFullYear(1999);
    expect((sheet.getRange('A1').getValue() as Date).getUTCFullYear()).toBe(2026);
  });
});

describe('strict data validation (rule 4)', () => {
  function strictStatusColumn() {
    const ctx = setup();
    const rule = ctx.app.newDataValidation().requireValueInList(['Open', 'Done']).setAllowInvalid(false).build();
    ctx.sheet.getRange('L2:L10').setDataValidation(rule);
    return ctx;
  }

  it('rejects a value not in the list with the cell named, writing nothing', () => {
    const { sheet } = strictStatusColumn();
    const range = sheet.getRange('K4:L6');
    expect(
      thrown(() =>
        range.setValues([
          ['a', 'Open'],
          ['b', 'Maybe'],
          ['c', 'Done'],
        ]),
      ).message,
    ).toBe('The data you entered in cell L5 violates the data validation rules set on this cell.');
    expect(range.getValues()).toEqual([
      ['', ''],
      ['', ''],
      ['', ''],
    ]);
  });

  it('accepts list values and blanks', () => {
    const { sheet } = strictStatusColumn();
    sheet.getRange('L2:L4').setValues([['Open'], [''], ['Done']]);
    expect(sheet.getRange('L2:L4').getValues()).toEqual([['Open'], [''], ['Done']]);
  });

  it('matches the list exactly (case-sensitive)', () => {
    const { sheet } = strictStatusColumn();
    expect(thrown(() => sheet.getRange('L2').setValue('open')).message).toBe(
      'The data you entered in cell L2 violates the data validation rules set on this cell.',
    );
  });

  it('lets anything through when invalid input is allowed (the builder default)', () => {
    const { app, sheet } = setup();
    sheet.getRange('A1').setDataValidation(app.newDataValidation().requireValueInList(['Open']).build());
    sheet.getRange('A1').setValue('Other');
    expect(sheet.getRange('A1').getValue()).toBe('Other');
  });

  it('rejects a non-boolean in a strict checkbox cell', () => {
    const { app, sheet } = setup();
    sheet.getRange('C1:C2').setDataValidation(app.newDataValidation().requireCheckbox().setAllowInvalid(false).build());
    sheet.getRange('C1:C2').setValues([[true], ['FALSE']]);
    expect(sheet.getRange('C1:C2').getValues()).toEqual([[true], [false]]);
    expect(thrown(() => sheet.getRange('C2').setValue('yes')).message).toBe(
      'The data you entered in cell C2 violates the data validation rules set on this cell.',
    );
    expect(thrown(() => sheet.getRange('C2').setValue(1)).message).toBe('The data you entered in cell C2 violates the data validation rules set on this cell.');
  });

  it('rejects the same input typed by a user', () => {
    const { book } = strictStatusColumn();
    expect(thrown(() => userWrite(book, 'Sheet1', 'L3', [['Later']])).message).toBe(
      'The data you entered in cell L3 violates the data validation rules set on this cell.',
    );
  });

  it('reads the rule back', () => {
    const { app, sheet } = strictStatusColumn();
    const rule = sheet.getRange('L3').getDataValidation();
    expect(rule?.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(String(rule?.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(rule?.getCriteriaValues()).toEqual([['Open', 'Done'], true]);
    expect(rule?.getAllowInvalid()).toBe(false);
    expect(sheet.getRange('L1').getDataValidation()).toBeNull();
  });
});

describe('display values (rule 5)', () => {
  const winter = new Date('2026-01-02T15:30:05Z'); // 10:30:05 in New York (EST)
  const summer = new Date('2026-07-02T14:30:05Z'); // 10:30:05 in New York (EDT)

  it('shows a Date with no format as M/d/yyyy H:mm:ss in the spreadsheet zone, across daylight saving', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([[winter, summer]]);
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['1/2/2026 10:30:05', '7/2/2026 10:30:05']]);
    expect(sheet.getRange('A1').getNumberFormat()).toBe('M/d/yyyy H:mm:ss');
  });

  it('applies the patterns the add-on sets', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:H1');
    range.setValues([[winter, summer, winter, 'x', 12.4, 12.46, 0.5, 0.125]]);
    range.setNumberFormats([['yyyy-mm-dd hh:mm', 'yyyy-mm-dd hh:mm', 'yyyy-mm-dd', '@', '0', '0.0', '0%', '0.0%']]);
    expect(range.getDisplayValues()).toEqual([['2026-01-02 10:30', '2026-07-02 10:30', '2026-01-02', 'x', '12', '12.5', '50%', '12.5%']]);
  });

  it('converts at the exact daylight-saving switch', () => {
    const { sheet } = setup();
    const range = sheet.getRange('A1:B1');
    // 2026-03-08: clocks in New York jump from 02:00 EST to 03:00 EDT at 07:00 UTC.
    range.setValues([[new Date('2026-03-08T06:59:00Z'), new Date('2026-03-08T07:00:00Z')]]);
    range.setNumberFormat('yyyy-mm-dd hh:mm');
    expect(range.getDisplayValues()).toEqual([['2026-03-08 01:59', '2026-03-08 03:00']]);
    sheet.getRange('C1').setValue('2026-03-08 03:30');
    expect((sheet.getRange('C1').getValue() as Date).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('shows booleans as TRUE/FALSE and numbers in general format like Sheets', () => {
    const { sheet } = setup();
    sheet.getRange('A1:E1').setValues([[true, false, 12, 0.5, 1 / 3]]);
    expect(sheet.getRange('A1:E1').getDisplayValues()).toEqual([['TRUE', 'FALSE', '12', '0.5', '0.3333333333']]);
  });

  it('follows the spreadsheet time zone when it changes', () => {
    const { app, sheet } = setup();
    sheet.getRange('A1').setValue(winter).setNumberFormat('yyyy-mm-dd hh:mm');
    app.getActiveSpreadsheet().setSpreadsheetTimeZone('Europe/Berlin');
    expect(sheet.getRange('A1').getDisplayValue()).toBe('2026-01-02 16:30');
  });
});

describe('counting (rule 6)', () => {
  it('records each call with the cells it reads and writes', () => {
    const { world, sheet } = setup();
    const range = sheet.getRange('A1:C4');
    range.setValues([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
    range.getValues();
    expect(world.counters.log).toEqual([
      { service: 'SpreadsheetApp', method: 'Sheet.getRange', cellsRead: 0, cellsWritten: 0 },
      { service: 'SpreadsheetApp', method: 'Range.setValues', cellsRead: 0, cellsWritten: 12 },
      { service: 'SpreadsheetApp', method: 'Range.getValues', cellsRead: 12, cellsWritten: 0 },
    ]);
  });

  it('counts appendRow as one call and a failed call still as a call', () => {
    const { world, sheet } = setup();
    sheet.appendRow(['a', 'b', 'c']);
    thrown(() => sheet.getRange(0, 1));
    expect(world.counters.summary()).toEqual({
      calls: 2,
      cellsRead: 0,
      cellsWritten: 3,
      byMethod: { 'SpreadsheetApp.Sheet.appendRow': 1, 'SpreadsheetApp.Sheet.getRange': 1 },
    });
  });

  it('does not count what the user types', () => {
    const { world, book } = setup();
    userWrite(book, 'Sheet1', 'A1', [['typed']]);
    expect(world.counters.log).toEqual([]);
  });

  it('charges the simulated cost of each call to the clock', () => {
    const { world, sheet } = setup({ serviceCallCostMs: 25 });
    const before = world.clock.now();
    sheet.getRange('A1').getValue();
    expect(world.clock.now() - before).toBe(50);
  });
});
