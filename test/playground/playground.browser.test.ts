// The whole playground in headless Chromium: the server in-process on a fresh state file, the page
// it serves (its own bundle) and the built add-on (dist/) behind it. The steps build on each
// other like a user's session: a handoff, outputs, decisions, a Friday, reminders, a restart.
// Then the demo a newcomer opens: its first screen (which is the README's screenshot), edits that
// show at once, the clock's progress, tabs that open at their start.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page, Route } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import type { PlaygroundState } from '../../playground/api';
import { startPlayground } from '../../playground/server';
import { launchChromium, setUpOnce } from '../helpers/chromium';

const ARTIFACTS = 'test-results/playground';
/** The README's picture of the first screen, rewritten by every run at the same viewport. */
const README_SCREENSHOT = join(import.meta.dirname, '../../docs/playground.png');
/** The README's picture of the demo's Friday review with its History chart. */
const README_CHART = join(import.meta.dirname, '../../docs/friday-summary.png');
const VIEWPORT = { width: 1280, height: 800 };
const HANDOFF = {
  Task: 'Social posts',
  'Tool step': 'Draft a post from the brief',
  'Input required': 'Client brand guide and the offer',
  'Output standard': 'On brand, offer details right, one call to action',
  'Input owner': 'ines@example.com',
  'Review owner': 'rae@example.com',
  'Next-step owner': 'nick@example.com',
  'Next step': 'Schedule in the content calendar',
  Measurement: 'Posts shipped per week',
  'Review checklist': 'Tone\nOffer details\nCall to action',
};

/** A Monday morning in London, so the week, the weekend's quiet days and Friday are the same on every machine. */
const START = new Date('2026-11-16T09:00:00Z');

let browser: Browser;
let stateFile: string;
let server: { url: string; close(): Promise<void> };
let page: Page;

/** A page in a browser context of its own (its own sessionStorage and localStorage). */
async function openPage(url = server.url): Promise<Page> {
  const opened = await browser.newPage({ viewport: VIEWPORT });
  opened.on('pageerror', (error) => {
    throw error;
  });
  await opened.goto(url);
  await opened.locator('table.grid td[data-a1="A1"]').waitFor();
  return opened;
}

/**
 * Holds the page's next request to `path` until released, so a test sees the page while the
 * server has not answered yet (the server itself answers at once).
 */
async function hold(on: Page, path: string): Promise<{ arrived: Promise<void>; release: () => void }> {
  let arrive = () => {};
  let release = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  await on.route(
    (url) => url.pathname === path,
    async (route: Route) => {
      arrive();
      await released;
      await route.continue();
    },
    { times: 1 },
  );
  return { arrived, release };
}

/** The Try this strip's steps that are ticked off, or null while the strip is not shown. */
async function stepsDone(on: Page = page): Promise<string[] | null> {
  if (!(await on.locator('#try-this').isVisible())) return null;
  return on.locator('#try-this li.done').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.step ?? ''));
}

async function serverState(): Promise<PlaygroundState> {
  const response = await fetch(`${server.url}/api/state`);
  return (await response.json()) as PlaygroundState;
}

async function menu(caption: string): Promise<void> {
  await page.getByRole('button', { name: 'Extensions ▸ Handoff Register' }).click();
  await page.getByRole('menuitem', { name: caption, exact: true }).click();
}

async function answerAlert(expected: string): Promise<void> {
  const dialog = page.getByRole('dialog');
  await expect.poll(() => dialog.locator('#alert-prompt').textContent()).toBe(expected);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

const sidebar = (): FrameLocator => page.frameLocator('iframe[title="Handoff Register sidebar"]');

async function expand(section: string): Promise<void> {
  const toggle = sidebar().locator(`#toggle-${section}`);
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

async function showTab(name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect.poll(() => page.getByRole('grid').getAttribute('aria-label')).toBe(`${name} tab`);
}

const cell = (a1: string): Locator => page.locator(`table.grid td[data-a1="${a1}"]`);

/** The column letter under a header of the tab on screen (columns are found by header, as the add-on does). */
async function column(header: string): Promise<string> {
  const a1 = await page
    .locator('table.grid tr[aria-rowindex="1"] td')
    .filter({ hasText: new RegExp(`^${header.replace(/[()]/g, '\\$&')}$`) })
    .first()
    .getAttribute('data-a1');
  if (a1 === null) throw new Error(`no ${header} column`);
  return a1.replace(/\d+$/, '');
}

/** The row of the tab on screen whose first cell holds this text, waiting for the poll to bring it. */
async function rowWith(text: string): Promise<number> {
  const found = page.locator('table.grid td[data-column="1"]').filter({ hasText: new RegExp(`^${text}$`) });
  await found.first().waitFor({ timeout: 10_000 });
  return Number(await found.first().getAttribute('data-row'));
}

async function text(header: string, row: number): Promise<string> {
  const target = cell(`${await column(header)}${row}`);
  const select = target.locator('select');
  return (await select.count()) > 0 ? select.inputValue() : ((await target.textContent()) ?? '');
}

/** yyyy-mm-dd hh:mm in the spreadsheet's zone: how Decided at and Logged at read. */
function sheetTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function logOutput(output: string, link: string): Promise<void> {
  await expand('output');
  const form = sidebar().locator('#output-form');
  await form.getByLabel('Handoff', { exact: true }).selectOption('H-001');
  await form.getByLabel('Output', { exact: true }).fill(output);
  await form.getByLabel('Link').fill(link);
  await form.getByRole('button', { name: 'Log output' }).click();
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

describe('playground in Chromium', () => {
  setUpOnce(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    stateFile = join(await mkdtemp(join(tmpdir(), 'playground-')), 'state.json');
    browser = await launchChromium();
    server = await startPlayground({ port: 0, stateFile, reset: true, now: START, timeZone: 'Europe/London', user: 'owner@example.com' });
    page = await openPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('document a handoff and log an output in the sidebar', async () => {
    // The page opened the sidebar by itself (the menu's Open sidebar, which also set the register up).
    await sidebar().locator('#toggle-handoff').waitFor();
    await expect.poll(() => page.getByRole('tab').allTextContents()).toEqual(expect.arrayContaining(['Handoffs', 'Register', 'Audit log']));
    await expect(page.getByRole('complementary', { name: 'Handoff Register' }).isVisible()).resolves.toBe(true);
    // Try this: three steps, none done yet.
    await expect(page.getByRole('region', { name: 'Try this' }).locator('li').allTextContents()).resolves.toEqual([
      'Log an output in the sidebar (Log an AI output)',
      "Decide it in the Register's Decision column",
      'Advance to Friday with Next Friday 16:00',
    ]);
    await expect(stepsDone()).resolves.toEqual([]);
    await expand('handoff');
    const form = sidebar().locator('#handoff-form');
    for (const [label, value] of Object.entries(HANDOFF)) await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save handoff' }).click();
    await expect.poll(() => sidebar().locator('#status-handoff').textContent()).toBe('Saved H-001.');

    await showTab('Handoffs');
    const handoffRow = await rowWith('H-001');
    await expect.poll(() => text('Task', handoffRow)).toBe('Social posts');
    await expect.poll(() => text('Review owner', handoffRow)).toBe('rae@example.com');

    await logOutput('Acme spring posts', 'https://docs.example.com/d/1');
    await expect.poll(() => sidebar().locator('#status-output').textContent()).toBe('Logged O-000001.');
    await expect.poll(() => stepsDone()).toEqual(['log']);
    await expect(page.locator('#try-this li[data-step="log"]').textContent()).resolves.toBe('✓Log an output in the sidebar (Log an AI output) (done)');
    await showTab('Register');
    const row = await rowWith('O-000001');
    await expect.poll(() => text('Output', row)).toBe('Acme spring posts');
    await expect.poll(() => text('Status', row)).toBe('Awaiting review');
    // The header row is the sheet's frozen, bold header.
    await expect(cell('A1').getAttribute('class')).resolves.toContain('bold');
    await expect(page.locator('table.grid tr[aria-rowindex="1"]').getAttribute('class')).resolves.toBe('frozen');
  });

  test('a bad email is a field-level error in the sidebar and nothing is saved', async () => {
    await expand('handoff');
    const form = sidebar().locator('#handoff-form');
    await form.getByLabel('Task', { exact: true }).fill('Meeting summaries');
    await form.getByLabel('Review owner', { exact: true }).fill('rae@');
    await form.getByRole('button', { name: 'Save handoff' }).click();
    await expect
      .poll(() => sidebar().locator('#handoff-reviewOwner-error').textContent())
      .toBe('Review owner: must be an email address like name@example.com (got "rae@")');
    await expect(form.locator('[name="reviewOwner"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await showTab('Handoffs');
    await expect.poll(async () => (await serverState()).sheets.find((s) => s.name === 'Handoffs')?.display.length).toBe(2);
    await form.getByLabel('Review owner', { exact: true }).fill('rae@example.com');
  });

  test('a decision chosen in the grid stamps Decided at and writes the Audit log; pasted rows and refused values', async () => {
    await showTab('Register');
    const row = await rowWith('O-000001');
    // The review minutes first: on a Medium-risk handoff the approval rule asks for them.
    const minutes = cell(`${await column('Review minutes')}${row}`);
    await minutes.click();
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('Review minutes', row)).toBe('4');
    const decision = cell(`${await column('Decision')}${row}`).locator('select');
    await expect(decision.locator('option').allTextContents()).resolves.toEqual(['', 'Approve', 'Edit', 'Reject']);
    await decision.selectOption('Approve');
    const { now, timeZone } = await serverState();
    await expect.poll(() => text('Decided at', row)).toBe(sheetTime(now, timeZone));
    await expect.poll(() => text('Status', row)).toBe('Awaiting next step');
    await expect.poll(() => stepsDone()).toEqual(['log', 'decide']);

    await showTab('Audit log');
    const audit = await serverState().then((s) => s.sheets.find((x) => x.name === 'Audit log')?.display ?? []);
    const index = audit.findIndex((r) => r.includes('O-000001') && r.includes('Decision') && r.includes('Approve'));
    expect(index).toBeGreaterThan(0);
    const auditRow = index + 1;
    await expect.poll(() => text('Field', auditRow)).toBe('Decision');
    await expect(text('New value', auditRow)).resolves.toBe('Approve');
    await expect(text('Source', auditRow)).resolves.toBe('sheet edit');
    await expect(text('Output ID', auditRow)).resolves.toBe('O-000001');

    // Typing into a cell: Escape keeps what was there, Enter sends it and moves down.
    await showTab('Register');
    const notes = cell(`${await column('Notes')}${row}`);
    await notes.click();
    await page.keyboard.type('Draft');
    await page.keyboard.press('Escape');
    await expect(notes.textContent()).resolves.toBe('');
    await page.keyboard.type('Checked the offer with Ines');
    await page.keyboard.press('Enter');
    await expect.poll(() => text('Notes', row)).toBe('Checked the offer with Ines');
    await expect(page.locator('#name-box').textContent()).resolves.toBe(`${await column('Notes')}${row + 1}`);

    // Two rows copied from another spreadsheet, pasted from the Output column of the first blank row.
    await showTab('Register');
    const blank = row + 1;
    const target = cell(`${await column('Output')}${blank}`);
    await target.click();
    await target.evaluate((td, clip) => {
      const data = new DataTransfer();
      data.setData('text/plain', clip);
      td.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 'Acme summer posts\thttps://docs.example.com/d/2\tH-001\t\n"Acme autumn posts, ""v1"""\thttps://docs.example.com/d/3\tH-001\t\n');
    const second = await rowWith('O-000002');
    expect(second).toBe(blank);
    await expect.poll(() => text('Output', blank)).toBe('Acme summer posts');
    await expect.poll(() => text('Task', blank)).toBe('Social posts');
    await expect.poll(() => text('Output ID', blank + 1)).toBe('O-000003');
    await expect.poll(() => text('Output', blank + 1)).toBe('Acme autumn posts, "v1"');
    await expect.poll(() => text('Status', blank + 1)).toBe('Awaiting review');

    // A value its dropdown does not list is refused by the sheet, and the page says so.
    const decisionCell = cell(`${await column('Decision')}${blank}`);
    await decisionCell.click();
    await decisionCell.evaluate((td) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Maybe');
      td.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const banner = page.getByRole('alert');
    await expect
      .poll(() => banner.textContent())
      .toContain(`The data you entered in cell ${await column('Decision')}${blank} violates the data validation rules set on this cell.`);
    await expect(text('Decision', blank)).resolves.toBe('');
    await page.getByRole('button', { name: 'Dismiss error' }).click();
  });

  test('review through the sidebar: the selected row, its checklist and a decision', async () => {
    await showTab('Register');
    const row = await rowWith('O-000002');
    await cell(`${await column('Output')}${row}`).click();
    await expect.poll(async () => (await serverState()).activeRange).toBe(`${await column('Output')}${row}`);
    await expand('review');
    const form = sidebar().locator('#review-form');
    await form.getByRole('button', { name: 'Use selected row' }).click();
    await expect.poll(() => sidebar().locator('#review-target-title').textContent()).toBe('Acme summer posts');
    await form.getByRole('checkbox', { name: 'Tone' }).check();
    await form.getByRole('checkbox', { name: 'Call to action' }).check();
    await form.getByRole('radio', { name: 'Approve', exact: true }).check();
    await form.getByLabel('Review minutes').fill('6');
    await form.getByRole('button', { name: 'Save review' }).click();
    await expect.poll(() => sidebar().locator('#status-review').textContent()).toBe('Reviewed O-000002: Awaiting next step.');
    await expect.poll(() => text('Decision', row)).toBe('Approve');
    await expect.poll(() => text('Checklist', row)).toBe('2/3 passed; failed: Offer details');
    await expect.poll(() => text('Review minutes', row)).toBe('6');
    await expect.poll(() => text('Status', row)).toBe('Awaiting next step');
  });

  test('reminders on from the menu, then Next Friday 16:00 writes the Friday Summary tab', async () => {
    await menu('Turn on reminders & Friday summary');
    await answerAlert(
      'Turned on. Every hour the add-on repairs missed edits and tells owners what waits on them (one digest each, in sending hours); on Fridays it writes the summary. Emails go out from your account.',
    );
    await expect.poll(() => page.locator('#triggers').textContent()).toBe('Triggers: runHourlyJob every 1 h (owner@example.com)');
    await expect(stepsDone()).resolves.toEqual(['log', 'decide']);
    await page.getByRole('button', { name: 'Next Friday 16:00' }).click();
    await expect.poll(() => page.locator('#clock-now').textContent()).toMatch(/^Fri, \d{1,2} [A-Z][a-z]{2} \d{4}, 16:00$/);
    // All three done: the strip is gone, and stays gone.
    await expect.poll(() => stepsDone()).toBeNull();
    await expect(page.evaluate(() => localStorage.getItem('handoff-register.try-this.dismissed'))).resolves.toBe('done');
    const { now, timeZone } = await serverState();
    await expect(page.locator('#clock-now').textContent()).resolves.toBe(
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(now)),
    );
    await expect(page.locator('#clock-zone').textContent()).resolves.toBe('(Europe/London)');
    await expect.poll(() => page.getByRole('tab').allTextContents()).toContain('Friday Summary');
    await expect(page.locator('#runs-list li').first().locator('code').textContent()).resolves.toBe('runHourlyJob');
    await showTab('Friday Summary');
    const summary = (await serverState()).sheets.find((s) => s.name === 'Friday Summary');
    expect(summary?.display[0]?.[0]).toMatch(/\S/);
    await expect(cell('A1').textContent()).resolves.toBe(summary?.display[0]?.[0]);
    await expect(cell('A1').getAttribute('class')).resolves.toContain('bold');
    const weekRow = (summary?.display.findIndex((r) => r[0] === 'Week') ?? -1) + 1;
    await expect(cell(`A${weekRow}`).textContent()).resolves.toBe('Week');
    const loggedRow = (summary?.display.findIndex((r) => r[0] === 'Outputs logged') ?? -1) + 1;
    await expect(cell(`B${loggedRow}`).textContent()).resolves.toBe('3');
    await screenshot('friday-summary');
  });

  test('an output left waiting past its 24 hours reaches the outbox as a reminder', async () => {
    await logOutput('Acme winter posts', 'https://docs.example.com/d/4');
    await expect.poll(() => sidebar().locator('#status-output').textContent()).toBe('Logged O-000004.');
    const before = (await serverState()).outbox.length;
    // Friday 16:00 + 3 days: past the weekend's quiet days, more than 24 h after it was logged.
    for (let day = 0; day < 3; day++) await page.getByRole('button', { name: '+1 day' }).click();
    await expect.poll(async () => (await serverState()).outbox.length).toBeGreaterThan(before);
    const reminder = page.locator('#outbox-list button').filter({ hasText: 'To rae@example.com' }).first();
    await expect(reminder.locator('.subject').textContent()).resolves.toMatch(/^\[Handoff Register\] \d items? waiting for you in /);
    await reminder.click();
    const html = page.frameLocator('iframe.message-html');
    await expect.poll(() => html.locator('li').filter({ hasText: 'O-000004' }).first().textContent()).toContain('Acme winter posts');
    await expect(page.locator('iframe.message-html').getAttribute('sandbox')).resolves.toBe('');
    await page.getByRole('button', { name: 'Plain text' }).click();
    await expect(page.getByLabel('Email text').textContent()).resolves.toContain('O-000004 "Acme winter posts" (H-001 Social posts): waiting');
    await expect(page.locator('.headers dd').first().textContent()).resolves.toBe('owner@example.com');
    await page.getByRole('button', { name: 'Plain text' }).click();

    // A picture of the playground at work: the Register, the sidebar reviewing the selected row, the email.
    await showTab('Register');
    const row = await rowWith('O-000004');
    await cell(`${await column('Output')}${row}`).click();
    await page.getByRole('grid').evaluate((grid) => grid.parentElement?.scrollTo(0, 0));
    await sidebar().locator('#toggle-output').click();
    await expand('review');
    await sidebar().getByRole('button', { name: 'Use selected row' }).click();
    await expect.poll(() => sidebar().locator('#review-target-title').textContent()).toBe('Acme winter posts');
    await sidebar()
      .locator('#section-review')
      .evaluate((section) => section.scrollIntoView());
    await screenshot('reminder');
  });

  test('a restart on the same state file finds everything still there', async () => {
    const before = await serverState();
    await page.close();
    await server.close();
    server = await startPlayground({ port: 0, stateFile });
    page = await openPage();
    const after = await serverState();
    expect(after.now).toBe(before.now);
    expect(after.outbox).toEqual(before.outbox);
    expect(after.sheets.map((s) => s.name)).toEqual(before.sheets.map((s) => s.name));
    expect(after.sheets.find((s) => s.name === 'Register')?.display).toEqual(before.sheets.find((s) => s.name === 'Register')?.display);
    await showTab('Register');
    for (const id of ['O-000001', 'O-000002', 'O-000003', 'O-000004']) await rowWith(id);
    await expect(text('Checklist', await rowWith('O-000002'))).resolves.toBe('2/3 passed; failed: Offer details');
    await expect.poll(() => page.locator('#outbox-list button').count()).toBe(before.outbox.length);
    await expect(page.locator('#triggers').textContent()).resolves.toBe('Triggers: runHourlyJob every 1 h (owner@example.com)');
  });
});

describe('the demo a newcomer opens', () => {
  setUpOnce(async () => {
    browser = await launchChromium();
    stateFile = join(await mkdtemp(join(tmpdir(), 'playground-demo-')), 'state.json');
    server = await startPlayground({ port: 0, stateFile, demo: true });
    page = await openPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Whether the element is wholly inside the grid's visible area (left to right). */
  async function inView(target: Locator): Promise<boolean> {
    const box = await target.boundingBox();
    const area = await page.locator('#grid-scroller').evaluate((scroller) => {
      const rect = scroller.getBoundingClientRect();
      return { left: rect.left, right: rect.left + scroller.clientWidth };
    });
    return box !== null && box.x >= area.left && box.x + box.width <= area.right;
  }

  const scrolled = () => page.locator('#grid-scroller').evaluate((scroller) => [scroller.scrollLeft, scroller.scrollTop]);

  test('the first screen: the sidebar open, Try this, the Register with Output and Decision in view; it is the README screenshot', async () => {
    await expect(page.getByRole('grid').getAttribute('aria-label')).resolves.toBe('Register tab');
    await expect(scrolled()).resolves.toEqual([0, 0]);
    const header = (name: string) => page.locator('table.grid tr[aria-rowindex="1"] td').filter({ hasText: new RegExp(`^${name}$`) });
    await expect(inView(header('Output'))).resolves.toBe(true);
    await expect(inView(header('Decision'))).resolves.toBe(true);
    // The Link column is narrow; what its ellipsis hides is the cell's title.
    const link = cell(`${await column('Link')}2`);
    await expect(link.getAttribute('title')).resolves.toBe((await serverState()).sheets.find((s) => s.name === 'Register')?.display[1]?.[2]);
    await expect(link.evaluate((td) => td.getBoundingClientRect().width)).resolves.toBe(140);

    // The sidebar opened by itself, as Open sidebar opens it, and has loaded.
    await expect.poll(() => page.getByRole('complementary', { name: 'Handoff Register' }).isVisible()).toBe(true);
    await sidebar().locator('#app').waitFor();
    await sidebar().locator('.section-toggle[aria-expanded="true"]').first().waitFor();
    await expect(serverState().then((s) => s.sidebarOpen)).resolves.toBe(true);

    await expect(stepsDone()).resolves.toEqual([]);
    await expect(page.getByLabel('Acting as').inputValue()).resolves.toBe('maya@example.com');
    await expect(page.locator('#user-hint').textContent()).resolves.toBe(
      "Your edits in the grid and the sidebar's calls run as this person: switch to play a reviewer or an owner.",
    );
    // The people worth playing are offered: the handoffs' owners.
    await expect(page.locator('#user-choices option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).resolves.toEqual([
      'leo@example.com',
      'maya@example.com',
      'priya@example.com',
      'sam@example.com',
    ]);
    await expect(page.locator('.outbox .panel-hint').textContent()).resolves.toBe('Every email the add-on would have sent, as its recipient would read it.');
    await expect(page.locator('.runs .panel-hint').textContent()).resolves.toBe('What each hourly run did as the clock moved on.');

    await page.screenshot({ path: README_SCREENSHOT });
  });

  test('Try this, dismissed, stays dismissed; a sidebar closed stays closed on a reload', async () => {
    const other = await openPage();
    try {
      await expect.poll(() => stepsDone(other)).toEqual([]);
      await other.getByRole('button', { name: 'Dismiss Try this' }).click();
      await expect(stepsDone(other)).resolves.toBeNull();
      await other.getByRole('button', { name: 'Close sidebar' }).click();
      await expect.poll(() => other.locator('#sidebar-panel').isVisible()).toBe(false);
      await other.reload();
      await other.locator('table.grid td[data-a1="A1"]').waitFor();
      // Two polls later nothing has come back.
      await other.waitForTimeout(3500);
      await expect(stepsDone(other)).resolves.toBeNull();
      await expect(other.locator('#sidebar-panel').isVisible()).resolves.toBe(false);
      await expect(other.evaluate(() => localStorage.getItem('handoff-register.try-this.dismissed'))).resolves.toBe('dismissed');
    } finally {
      await other.close();
    }
    // The sidebar is one for the spreadsheet, as in Sheets: open it again for the page under test.
    await menu('Open sidebar');
    await expect.poll(() => page.locator('#sidebar-panel').isVisible()).toBe(true);
  });

  test('each tab opens scrolled to its start', async () => {
    const scroller = page.locator('#grid-scroller');
    await scroller.evaluate((el) => el.scrollTo(600, 300));
    await expect.poll(scrolled).not.toEqual([0, 0]);
    await showTab('Handoffs');
    await expect(scrolled()).resolves.toEqual([0, 0]);
    await scroller.evaluate((el) => el.scrollTo(400, 0));
    await showTab('Register');
    await expect(scrolled()).resolves.toEqual([0, 0]);
    // A redraw of the same tab (a poll bringing someone else's edit) keeps where the user scrolled to.
    await scroller.evaluate((el) => el.scrollTo(300, 200));
    const before = await scrolled();
    const notes = `${await column('Notes')}3`;
    const edited = await fetch(`${server.url}/api/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sheet: 'Register', a1: notes, values: [['Checked by phone']] }),
    });
    expect(edited.status).toBe(200);
    await expect.poll(() => cell(notes).textContent()).toBe('Checked by phone');
    await expect(page.getByRole('grid').getAttribute('aria-label')).resolves.toBe('Register tab');
    await expect(scrolled()).resolves.toEqual(before);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
  });

  test('a typed value stays in its cell while the server answers, then the add-on stamps the row', async () => {
    await showTab('Register');
    const before = await serverState();
    const register = before.sheets.find((s) => s.name === 'Register')?.display ?? [];
    const row = register.length + 1;
    const output = cell(`${await column('Output')}${row}`);
    const outputId = cell(`A${row}`);
    const held = await hold(page, '/api/edit');
    await output.click();
    await page.keyboard.type('Kestrel Software: spring offer');
    await page.keyboard.press('Enter');
    await held.arrived;
    // Not answered yet: the cell shows what was typed, marked busy; no stamps.
    await expect(output.textContent()).resolves.toBe('Kestrel Software: spring offer');
    await expect(output.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(outputId.textContent()).resolves.toBe('');
    // A poll in the meantime does not take it away.
    await page.waitForTimeout(1700);
    await expect(output.textContent()).resolves.toBe('Kestrel Software: spring offer');
    held.release();
    await expect.poll(() => outputId.textContent()).toBe(`O-${String(register.length).padStart(6, '0')}`);
    await expect.poll(() => output.getAttribute('aria-busy')).toBeNull();
    await expect(output.textContent()).resolves.toBe('Kestrel Software: spring offer');
    await expect(text('Logged at', row)).resolves.toBe(sheetTime(before.now, before.timeZone));
    await expect(text('Status', row)).resolves.toBe('Awaiting review');
    await expect.poll(() => stepsDone()).toEqual(['log']);

    // A value Sheets refuses shows while it is sent, then the old value is back and the banner says why.
    const decision = cell(`${await column('Decision')}2`);
    const old = await text('Decision', 2);
    expect(old).not.toBe('');
    const refused = await hold(page, '/api/edit');
    await decision.click();
    await decision.evaluate((td) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'Maybe');
      td.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await refused.arrived;
    await expect(text('Decision', 2)).resolves.toBe('Maybe');
    refused.release();
    const banner = page.getByRole('alert');
    await expect
      .poll(() => banner.textContent())
      .toContain(`The data you entered in cell ${await column('Decision')}2 violates the data validation rules set on this cell.`);
    await expect.poll(() => text('Decision', 2)).toBe(old);
    await expect(decision.getAttribute('aria-busy')).resolves.toBeNull();
    await page.getByRole('button', { name: 'Dismiss error' }).click();

    // Deciding the new output ticks the second step.
    await cell(`${await column('Decision')}${row}`)
      .locator('select')
      .selectOption('Reject');
    await expect.poll(() => text('Decision', row)).toBe('Reject');
    await expect.poll(() => stepsDone()).toEqual(['log', 'decide']);
  });

  test('the clock buttons show progress while a long advance runs, and come back when it is done', async () => {
    const buttons = page.getByRole('group', { name: 'Move the clock forward' });
    const friday = page.getByRole('button', { name: 'Next Friday 16:00' });
    const held = await hold(page, '/api/clock');
    await friday.click();
    await held.arrived;
    await expect(buttons.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(friday.getAttribute('aria-busy')).resolves.toBe('true');
    await expect(buttons.getByRole('button').evaluateAll((all) => all.map((b) => (b as HTMLButtonElement).disabled))).resolves.toEqual([true, true, true]);
    await expect(page.locator('#clock-status').textContent()).resolves.toBe('Advancing…');
    await expect(friday.evaluate((b) => getComputedStyle(b, '::before').animationName)).resolves.toBe('spin');
    held.release();
    await expect.poll(() => buttons.getAttribute('aria-busy')).toBe('false');
    await expect(friday.getAttribute('aria-busy')).resolves.toBeNull();
    await expect(buttons.getByRole('button').evaluateAll((all) => all.map((b) => (b as HTMLButtonElement).disabled))).resolves.toEqual([false, false, false]);
    await expect(page.locator('#clock-status').textContent()).resolves.toBe('');
    await expect.poll(() => page.locator('#clock-now').textContent()).toBe('Fri, 20 Nov 2026, 16:00');
    // The Friday summary was the last step: the strip is done and gone.
    await expect.poll(() => page.getByRole('tab').allTextContents()).toContain('Friday Summary');
    await expect.poll(() => stepsDone()).toBeNull();
  });

  test("the Friday Summary draws its History chart from the tab's own cells", async () => {
    await showTab('Friday Summary');
    const summary = (await serverState()).sheets.find((s) => s.name === 'Friday Summary');
    const display = summary?.display ?? [];
    const header = display.findIndex((r) => r[0] === 'Week start');
    const weeks = display.slice(header + 1).filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r[0] ?? ''));
    expect(weeks.map((r) => r[0])).toEqual(['2026-11-16', '2026-11-09']);
    const chart = page.getByRole('img', { name: 'Moved through, needed rework and rework rate, per week' });
    await expect(chart.isVisible()).resolves.toBe(true);
    // Oldest week first; a bar each for Moved through and Needed rework, the rate a line on the right axis.
    const bars = [...weeks].reverse().flatMap((r) => [`${r[0]}: Moved through ${r[2]}`, `${r[0]}: Needed rework ${r[3]}`]);
    const drawn = await chart.locator('rect.chart-bar title').allTextContents();
    expect([...drawn].sort()).toEqual([...bars].sort());
    await expect(chart.locator('polyline.chart-line').count()).resolves.toBe(1);
    await expect(chart.locator('text').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Rework rate (right axis)', '100%', '2026-11-09', '2026-11-16']),
    );
    const rates = [...weeks].reverse().map((r) => Number.parseFloat(r[4] ?? ''));
    const points = (await chart.locator('polyline.chart-line').getAttribute('points'))?.split(' ').map((p) => Number(p.split(',')[1])) ?? [];
    // A higher rate sits higher on the plot (a smaller y).
    expect(Math.sign((points[0] ?? 0) - (points[1] ?? 0))).toBe(Math.sign((rates[1] ?? 0) - (rates[0] ?? 0)));
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: README_CHART });
  });
});
