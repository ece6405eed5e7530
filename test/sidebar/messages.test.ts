import { expect, test } from 'vitest';
import { placeServerMessage } from '../../src/sidebar/messages';

const handoffFields = ['handoffId', 'task', 'reviewOwner', 'reviewCapMin', 'reviewChecklist', 'notes'];

test('lines that start with a field label of the form go beside that field', () => {
  expect(placeServerMessage('Review owner: must be an email address\nTask: is required', handoffFields)).toEqual({
    fieldErrors: [
      { field: 'reviewOwner', message: 'Review owner: must be an email address' },
      { field: 'task', message: 'Task: is required' },
    ],
    other: [],
  });
});

test('labels with brackets and item numbers are recognised', () => {
  expect(placeServerMessage('Review cap (min): must be at most 480\nReview checklist (item 2): is required', handoffFields).fieldErrors.map((e) => e.field)).toEqual([
    'reviewCapMin',
    'reviewChecklist',
  ]);
});

test('the longest matching label wins ("Review owner" is not "Review")', () => {
  expect(placeServerMessage('Review owner: nope', ['reviewOwner', 'review']).fieldErrors[0]?.field).toBe('reviewOwner');
});

test('two lines about one field stay together', () => {
  expect(placeServerMessage('Task: a\nTask: b', handoffFields).fieldErrors).toEqual([{ field: 'task', message: 'Task: a\nTask: b' }]);
});

test('lines about no field of this form, and plain failures, go to the status', () => {
  expect(placeServerMessage('Rework cause: is required for a Reject\n\nThe Register tab is missing its "Status" column', handoffFields)).toEqual({
    fieldErrors: [],
    other: ['Rework cause: is required for a Reject', 'The Register tab is missing its "Status" column'],
  });
});
