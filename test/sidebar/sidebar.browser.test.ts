// The built sidebar in headless Chromium at the sidebar's 300 px, against a fake google.script.run.
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { launchChromium, setUpOnce } from '../helpers/chromium';
import { type FakeServerOptions, openSidebar, sampleState, serverCalls, writeSidebarFile } from './page';

const SCREENSHOTS = 'test-results/sidebar';
let browser: Browser;
let file: string;

async function open(options: Partial<FakeServerOptions> = {}): Promise<Page> {
  const page = await openSidebar(browser, file, { state: sampleState(), ...options });
  page.on('dialog', (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  return page;
}

async function expand(page: Page, heading: string): Promise<void> {
  const toggle = page.getByRole('heading', { name: heading, exact: true }).getByRole('button');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

const form = (page: Page, name: string) => page.getByRole('form', { name });

async function fillHandoff(page: Page): Promise<void> {
  const f = form(page, 'Document a handoff');
  await f.getByLabel('Task', { exact: true }).fill('Client status updates');
  await f.getByLabel('Tool step').fill('Drafts the weekly update from the project board');
  await f.getByLabel('Input required').fill('Board export, last week’s update');
  await f.getByLabel('Output standard').fill('Accurate dates; no internal jargon');
  await f.getByLabel('Input owner').fill('ana@example.com');
  await f.getByLabel('Review owner').fill('ben@example.com');
  await f.getByLabel('Next-step owner').fill('cleo@example.com');
  await f.getByLabel('Review checklist').fill('Dates match the board\n\nNo jargon\n');
  await f.getByLabel('Next step').fill('Sent from the shared inbox');
  await f.getByLabel('Measurement').fill('Replies within a day');
}

describe('sidebar in Chromium', () => {
  setUpOnce(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    file = await writeSidebarFile();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('five sections, the selected row open for review, nothing wider than 300 px', async () => {
    const page = await open();
    for (const heading of ['Document a handoff', 'Log an AI output', 'Review', 'Waiting now', 'Settings']) {
      await expect(page.getByRole('heading', { name: heading, exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.locator('#toggle-review').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(page.locator('#review-target-title').textContent()).resolves.toBe('Acme spring offer: three posts');
    await expect(page.getByRole('group', { name: 'Checklist' }).getByRole('checkbox').count()).resolves.toBe(4);
    const link = page.locator('#review-target-link');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toContain('noopener');
    for (const heading of ['Document a handoff', 'Log an AI output', 'Waiting now', 'Settings']) await expand(page, heading);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(300);
    await page.screenshot({ path: `${SCREENSHOTS}/all-sections.png`, fullPage: true });
  });

  test('a handoff with problems is not sent: messages beside the fields, first one focused', async () => {
    const page = await open();
    await expand(page, 'Document a handoff');
    await fillHandoff(page);
    const f = form(page, 'Document a handoff');
    await f.getByLabel('Review owner').fill('bob@');
    await f.getByLabel('Task', { exact: true }).fill('');
    await f.getByRole('button', { name: 'Save handoff' }).click();
    const owner = page.locator('[name="reviewOwner"]').first();
    await expect(owner.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#handoff-reviewOwner-error').textContent()).resolves.toBe(
      'Review owner: must be an email address like name@example.com (got "bob@")',
    );
    await expect(owner.getAttribute('aria-describedby')).resolves.toContain('handoff-reviewOwner-error');
    await expect(page.locator('#handoff-task-error').textContent()).resolves.toBe('Task: is required');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('handoff-task');
    await expect(serverCalls(page, 'saveHandoff')).resolves.toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/handoff-errors.png`, fullPage: true });
  });

  test('saving a new handoff sends numbers, defaults and checklist items once, then shows its ID', async () => {
    const page = await open({ delayMs: 200 });
    await expand(page, 'Document a handoff');
    await fillHandoff(page);
    const f = form(page, 'Document a handoff');
    await f.getByLabel('Stall after (h)').fill('');
    const save = f.getByRole('button', { name: 'Save handoff' });
    await save.click();
    await expect(save.isDisabled()).resolves.toBe(true);
    await save.click({ force: true });
    await page.locator('#status-handoff', { hasText: 'Saved H-003.' }).waitFor();
    const calls = await serverCalls(page, 'saveHandoff');
    expect(calls).toHaveLength(1);
    // What the schema parsed is sent: an emptied number box arrives as its default.
    expect(calls[0]?.arg).toMatchObject({
      reviewCapMin: 15,
      stallAfterH: 24,
      reviewChecklist: ['Dates match the board', 'No jargon'],
      risk: 'Medium',
      status: 'Pilot',
    });
    expect(calls[0]?.arg).not.toHaveProperty('handoffId');
    await expect(page.locator('#status-handoff').getAttribute('role')).resolves.toBe('status');
  });

  test('picking a handoff fills it in and saving sends its ID', async () => {
    const page = await open();
    await expand(page, 'Document a handoff');
    const f = form(page, 'Document a handoff');
    await f.getByLabel('Handoff', { exact: true }).selectOption('H-002');
    await expect(f.getByLabel('Task', { exact: true }).inputValue()).resolves.toBe('Meeting summaries');
    await expect(f.getByLabel('Review cap (min)').inputValue()).resolves.toBe('10');
    await f.getByRole('button', { name: 'Save handoff' }).click();
    await page.locator('#status-handoff', { hasText: 'Saved H-002.' }).waitFor();
    expect((await serverCalls(page, 'saveHandoff'))[0]?.arg).toMatchObject({ handoffId: 'H-002', reviewChecklist: ['Every decision has an owner'] });
  });

  test("the server's field problems go under their fields, an unexpected failure to the status; what was typed stays", async () => {
    const page = await open({
      rejections: {
        saveHandoff: [
          { field: 'task', message: 'Task: is already used by H-001' },
          { field: 'form', message: 'The Handoffs tab is protected' },
        ],
      },
    });
    await expand(page, 'Document a handoff');
    await fillHandoff(page);
    await form(page, 'Document a handoff').getByRole('button', { name: 'Save handoff' }).click();
    await page.locator('#handoff-task-error', { hasText: 'Task: is already used by H-001' }).waitFor();
    await expect(page.locator('#status-handoff').textContent()).resolves.toContain('The Handoffs tab is protected');
    await expect(page.locator('#handoff-task').inputValue()).resolves.toBe('Client status updates');
    const busy = await open({
      failures: { saveHandoff: 'The register is busy: someone else (or the hourly check) is saving right now. Nothing was saved; try again in a moment.' },
    });
    await expand(busy, 'Document a handoff');
    await fillHandoff(busy);
    await form(busy, 'Document a handoff').getByRole('button', { name: 'Save handoff' }).click();
    await busy.locator('#status-handoff', { hasText: 'Not saved: The register is busy' }).waitFor();
    await expect(busy.locator('#handoff-task').inputValue()).resolves.toBe('Client status updates');
    await expect(form(page, 'Document a handoff').getByRole('button', { name: 'Save handoff' }).isEnabled()).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/server-error.png`, fullPage: true });
  });

  test('logging an output: owners from the handoff, revisions of its rejected outputs', async () => {
    const page = await open();
    await expand(page, 'Log an AI output');
    const f = form(page, 'Log an AI output');
    const handoffs = await f.getByLabel('Handoff').locator('option').allTextContents();
    expect(handoffs).toEqual(['Choose a handoff', 'H-001 — Social posts for clients', 'H-002 — Meeting summaries']);
    await f.getByLabel('Handoff').selectOption('H-001');
    await expect(f.getByLabel('Review owner').inputValue()).resolves.toBe('ben@example.com');
    await f.getByLabel('Revision of').selectOption('O-000004');
    await expect(f.getByLabel('Output', { exact: true }).inputValue()).resolves.toBe('Acme winter posts');
    await f.getByLabel('Link').fill('javascript:alert(1)');
    await f.getByRole('button', { name: 'Log output' }).click();
    await expect(page.locator('#output-link-error').textContent()).resolves.toBe('Link: must start with http:// or https://');
    await f.getByLabel('Link').fill('https://docs.google.com/document/d/x');
    await f.getByLabel('Next-step owner').fill('dan@example.com');
    await f.getByRole('button', { name: 'Log output' }).click();
    await page.locator('#status-output', { hasText: 'Logged O-000012.' }).waitFor();
    expect((await serverCalls(page, 'logOutput'))[0]?.arg).toEqual({
      handoffId: 'H-001',
      output: 'Acme winter posts',
      link: 'https://docs.google.com/document/d/x',
      revisionOf: 'O-000004',
      inputOwner: 'ana@example.com',
      reviewOwner: 'ben@example.com',
      nextStepOwner: 'dan@example.com',
      notes: '',
      // Prep minutes left empty is not sent; the prompt version is text, sent as typed.
      promptVersion: '',
    });
    await page.screenshot({ path: `${SCREENSHOTS}/logged.png`, fullPage: true });
  });

  test('review: the approval rule asks what a Reject missed and its cause before anything is sent', async () => {
    const page = await open();
    const f = form(page, 'Review');
    await expect(page.locator('#review-target-risk').textContent()).resolves.toBe('Medium risk · Social post · review cap 15 min');
    await f.getByRole('radio', { name: 'Reject', exact: true }).check();
    await f.getByLabel('Review minutes').fill('5');
    await f.getByRole('button', { name: 'Save review' }).click();
    await expect(page.locator('#review-missed-error').textContent()).resolves.toBe(
      'Missed: say what it missed: Context, Accuracy, Tone or Core task (required for a Reject)',
    );
    await expect(page.locator('#review-reworkCause-error').textContent()).resolves.toBe('Rework cause: is required for a Reject');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('review-missed');
    await page.screenshot({ path: `${SCREENSHOTS}/review-errors.png`, fullPage: true });

    await f.getByRole('radio', { name: 'Edit', exact: true }).check();
    await f.getByLabel('Review minutes').fill('20');
    await f.getByRole('button', { name: 'Save review' }).click();
    await expect(page.locator('#review-reworkCause-error').textContent()).resolves.toBe(
      'Rework cause: is required when an Edit takes longer than the 15-minute review cap',
    );
    await expect(serverCalls(page, 'reviewOutput')).resolves.toEqual([]);

    await f.getByLabel('Rework cause').selectOption('Input');
    await f.getByRole('checkbox', { name: 'Tone fits the client' }).check();
    await f.getByRole('checkbox', { name: 'No banned words' }).check();
    await f.getByRole('button', { name: 'Save review' }).click();
    await page.locator('#status-review', { hasText: 'Reviewed O-000011: Awaiting next step.' }).waitFor();
    expect((await serverCalls(page, 'reviewOutput'))[0]?.arg).toEqual({
      outputId: 'O-000011',
      decision: 'Edit',
      reviewMinutes: 20,
      checklistPassed: ['Tone fits the client', 'No banned words'],
      reworkCause: 'Input',
      missed: '',
      notes: '',
    });
  });

  test('review: another output awaiting review can be picked, with its own cap', async () => {
    const page = await open();
    const f = form(page, 'Review');
    await f.getByLabel('Output to review').selectOption('O-000010');
    await expect(page.locator('#review-target-title').textContent()).resolves.toBe('Board call 18 Nov');
    await expect(page.locator('#review-decision-2-description').textContent()).resolves.toBe('Light changes, under the review cap of 10 min.');
  });

  test('sheet text is shown as text, never as markup', async () => {
    const state = sampleState();
    const evil = '<img src=x onerror=alert(1)>';
    const page = await open({
      state: {
        ...state,
        handoffs: state.handoffs.map((h) => ({ ...h, task: evil })),
        selection: state.selection && { ...state.selection, output: evil, link: 'javascript:alert(1)', reviewChecklist: [evil] },
        waiting: { ...state.waiting, handoffs: state.waiting.handoffs.map((w) => ({ ...w, task: evil })) },
      },
    });
    await expect(page.locator('#review-target-title').textContent()).resolves.toBe(evil);
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('a[href^="javascript"]').count()).resolves.toBe(0);
  });

  test('settings: numbers, quiet days and recipients; the job status line', async () => {
    const page = await open();
    await expand(page, 'Settings');
    await expect(page.locator('#settings-job').textContent()).resolves.toBe('On, run by owner@example.com, last run 2026-11-20 15:00 — 3 reminders sent');
    const f = form(page, 'Settings');
    await f.getByLabel('Reminder interval (h)').fill('12');
    await f.getByRole('checkbox', { name: 'Mon', exact: true }).check();
    await f.getByLabel('Summary recipients').fill('owner@example.com\n\nnope');
    await f.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('#settings-summaryRecipients-error').textContent()).resolves.toBe(
      'Summary recipients (item 2): must be an email address like name@example.com (got "nope")',
    );
    await f.getByLabel('Summary recipients').fill('owner@example.com\nsam@example.com');
    await f.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#status-settings', { hasText: 'Settings saved.' }).waitFor();
    expect((await serverCalls(page, 'saveSettings'))[0]?.arg).toEqual({
      remindersOn: true,
      reminderIntervalH: 12,
      quietDays: ['Mon', 'Sat', 'Sun'],
      escalationEmail: '',
      summaryHour: 16,
      summaryRecipients: ['owner@example.com', 'sam@example.com'],
      archiveAfterWeeks: 8,
      whoMayDecide: 'Review owner, others marked',
      tellOwners: 'In the next digest',
      sendFrom: 8,
      sendUntil: 18,
    });
  });

  test('a first open shows the set-up notice; a failed load offers to try again', async () => {
    const page = await open({ state: { ...sampleState(), setUp: false, handoffs: [], selection: null, awaitingReview: [] } });
    await expect(page.locator('#setup-notice').isVisible()).resolves.toBe(true);
    await expect(page.locator('#toggle-handoff').getAttribute('aria-expanded')).resolves.toBe('true');
    const failing = await openSidebarExpectingFailure();
    await expect(failing.locator('#app-status').textContent()).resolves.toContain('Could not load the sidebar: Authorisation is required');
    await expect(failing.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);
  });

  test('keyboard alone: Tab reaches a section heading and Enter opens it', async () => {
    const page = await open();
    await page.locator('#toggle-handoff').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#toggle-handoff').getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('handoff-handoffId');
  });
});

async function openSidebarExpectingFailure(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 300, height: 600 } });
  await page.addInitScript(() => {
    const runner: Record<string, unknown> = {};
    let failure: (e: Error) => void = () => {};
    runner.withSuccessHandler = () => runner;
    runner.withFailureHandler = (fn: (e: Error) => void) => {
      failure = fn;
      return runner;
    };
    runner.getSidebarState = () => setTimeout(() => failure(new Error('Exception: Authorisation is required to perform that action.')), 10);
    (window as unknown as { google: unknown }).google = { script: { run: runner } };
  });
  await page.goto(`file://${file}`);
  await page.getByRole('button', { name: 'Try again' }).waitFor();
  return page;
}
