import { expect, test } from 'vitest';
import { formatAge, formatDateTime, jobStatusText, rejectedLabel } from '../../src/sidebar/format';

test('times show in the spreadsheet time zone', () => {
  expect(formatDateTime('2026-11-20T15:00:00.000Z', 'Europe/London')).toBe('2026-11-20 15:00');
  expect(formatDateTime('2026-07-20T15:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-20 17:00');
  expect(formatDateTime('2026-11-20T00:30:00.000Z', 'America/New_York')).toBe('2026-11-19 19:30');
  expect(formatDateTime('2026-11-20T15:00:00.000Z', 'Not/AZone')).toBe('2026-11-20 15:00');
});

test('the hourly job, on and off', () => {
  const on = { on: true, runBy: 'x@y.com', lastRunAt: '2026-11-20T15:00:00.000Z', lastResult: '3 reminders sent' };
  expect(jobStatusText(on, 'Etc/UTC')).toBe('On, run by x@y.com, last run 2026-11-20 15:00 — 3 reminders sent');
  expect(jobStatusText({ ...on, lastRunAt: '', lastResult: '' }, 'Etc/UTC')).toBe('On, run by x@y.com, not run yet');
  expect(jobStatusText({ on: false, runBy: '', lastRunAt: '', lastResult: '' }, 'Etc/UTC')).toBe(
    'Off: use Extensions ▸ Handoff Register ▸ Turn on reminders & Friday summary',
  );
});

test('rejected outputs as the Revision of choices name them', () => {
  expect(rejectedLabel({ outputId: 'O-000004', handoffId: 'H-001', output: 'Acme winter posts', version: 1 })).toBe('O-000004 v1 — Acme winter posts');
});

test.each([
  [null, '—'],
  [0.4, '0 h'],
  [30.5, '30 h'],
  [47.9, '47 h'],
  [48, '2 d'],
  [75, '3 d 3 h'],
])('age %s', (hours, text) => expect(formatAge(hours)).toBe(text));
