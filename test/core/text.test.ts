import { describe, expect, it } from 'vitest';
import { asCellText, escapeHtml, MAX_CELL_CHARS, textForCell, wouldBeReinterpreted } from '../../src/core/text';

describe('asCellText', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-started with a dash', "'-started with a dash"],
    ['@mention', "'@mention"],
    ['0012', "'0012"],
    ['3/4', "'3/4"],
    ['50%', "'50%"],
    ['TRUE', "'TRUE"],
    ['false', "'false"],
    ['2026-01-02', "'2026-01-02"],
    ['1,000', "'1,000"],
    ['$40', "'$40"],
    ['10:30', "'10:30"],
    ["'quoted", "''quoted"],
    ['Spring offer post', 'Spring offer post'],
    ['Q3 update', 'Q3 update'],
    ['', ''],
  ])('%j is written as %j', (typed, written) => {
    expect(asCellText(typed)).toBe(written);
  });

  it('leaves prose that merely contains digits alone', () => {
    expect(wouldBeReinterpreted('Post for client 12')).toBe(false);
  });
});

describe('escapeHtml', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });
});

describe('text in a cell of each format (one mechanism)', () => {
  it.each(['=1+1', '+SUM(1,2)', '@mention', '0012', '3/4', 'TRUE', ' =1+1', '\t=1+1', '\u00a0=1+1', "'quoted", ''])(
    'goes into a plain-text cell as itself: %j',
    (typed) => {
      expect(textForCell(typed, '@')).toBe(typed);
    },
  );

  it.each([
    ['=1+1', "'=1+1"],
    [' =1+1', "' =1+1"],
    ['\t=1+1', "'\t=1+1"],
    ['\u00a0=1+1', "'\u00a0=1+1"],
    ['  +SUM(1,2)', "'  +SUM(1,2)"],
    ['0012', "'0012"],
    ['Spring offer post', 'Spring offer post'],
  ])('gets the quote prefix in any other cell where it needs one: %j as %j', (typed, written) => {
    expect(textForCell(typed, 'General')).toBe(written);
    expect(textForCell(typed, null)).toBe(written);
    expect(textForCell(typed, 'yyyy-mm-dd hh:mm')).toBe(written);
  });

  it('names the cell limit Sheets enforces', () => {
    expect(MAX_CELL_CHARS).toBe(50_000);
  });
});
