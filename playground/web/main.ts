// The playground page: the spreadsheet, the add-on's menu and sidebar, a clock and an outbox,
// all drawn from GET /api/state. The page keeps no state of its own beyond what is on screen
// (selected cell, open email, values typed and not yet answered, the Try this strip's ticks):
// every change goes to the server, whose answer is redrawn.

import { HANDOFFS_SHEET } from '../../src/core/vocabulary';
import { byId, el, replaceChildren } from '../../src/sidebar/dom';
import type { ApiRequests, PlaygroundState } from '../api';
import { ApiError, type Fresh, fetchState, post } from './client';
import { type CellInput, createGrid } from './grid';
import { createAddonMenu } from './menu';
import { createOutbox } from './outbox';
import { createTryThis } from './trythis';

/** Often enough that the grid catches up with what the sidebar did; polling stops while the tab is hidden. */
const POLL_MS = 1500;
const TOAST_MS = 6000;
/** Set once this browser tab has opened the sidebar by itself, so a reload after closing it keeps it closed. */
const SIDEBAR_OPENED_KEY = 'handoff-register.sidebar-opened';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

let state: PlaygroundState | null = null;
let lastText = '';
let currentSheet = '';
let serverActiveSheet = '';
let toastsSeen: number | null = null;

const errorBanner = byId('error-banner', HTMLDivElement);
const errorText = byId('error-text', HTMLParagraphElement);

function showError(message: string): void {
  errorText.textContent = message;
  errorBanner.hidden = false;
}

function clearError(): void {
  errorBanner.hidden = true;
  errorText.textContent = '';
}

byId('error-dismiss', HTMLButtonElement).addEventListener('click', clearError);

const timeFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

/** Times are shown in the spreadsheet's time zone, like everything the add-on writes. */
function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat(state?.timeZone ?? 'UTC').format(date);
}

async function send<P extends keyof ApiRequests>(path: P, body: ApiRequests[P]): Promise<boolean> {
  try {
    const fresh = await post(path, body);
    // A new selection is not a new attempt: the last refusal stays on screen until the next change.
    if (path !== '/api/select') clearError();
    if (fresh) apply(fresh);
    return true;
  } catch (error) {
    showError(error instanceof ApiError ? error.message : String(error));
    return false;
  }
}

const grid = createGrid(byId('grid-scroller', HTMLDivElement), byId('name-box', HTMLSpanElement), byId('cell-content', HTMLSpanElement), {
  select: (sheet, a1) => void send('/api/select', { sheet, a1 }),
  edit: (sheet, a1, values: CellInput[][]) => send('/api/edit', { sheet, a1, values }),
});

const drawMenu = createAddonMenu(
  byId('addon-menu-button', HTMLButtonElement),
  byId('addon-menu', HTMLDivElement),
  (functionName) => void send('/api/menu', { functionName }),
);
const drawOutbox = createOutbox(byId('outbox-list', HTMLUListElement), byId('message-view', HTMLDivElement), byId('outbox-count', HTMLSpanElement), formatTime);

const drawTryThis = createTryThis(byId('try-this', HTMLElement), byId('try-this-dismiss', HTMLButtonElement));

// A long advance (a week of hourly runs) takes a while: the buttons say so until it is done.
const clockGroup = byId('clock-buttons', HTMLDivElement);
const clockStatus = byId('clock-status', HTMLSpanElement);
const clockButtons = Array.from(clockGroup.querySelectorAll<HTMLButtonElement>('[data-clock]'));
for (const button of clockButtons) {
  button.addEventListener('click', () => void advance(button));
}

async function advance(button: HTMLButtonElement): Promise<void> {
  const hadFocus = document.activeElement === button;
  for (const b of clockButtons) b.disabled = true;
  button.classList.add('busy');
  button.setAttribute('aria-busy', 'true');
  clockGroup.setAttribute('aria-busy', 'true');
  clockStatus.textContent = 'Advancing…';
  try {
    await send('/api/clock', { action: button.dataset.clock as ApiRequests['/api/clock']['action'] });
  } finally {
    for (const b of clockButtons) b.disabled = false;
    button.classList.remove('busy');
    button.removeAttribute('aria-busy');
    clockGroup.setAttribute('aria-busy', 'false');
    clockStatus.textContent = '';
    if (hadFocus) button.focus();
  }
}

byId('user-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  const email = byId('user-email', HTMLInputElement).value.trim();
  if (email !== '') void send('/api/user', { email });
});

byId('sidebar-close', HTMLButtonElement).addEventListener('click', () => void send('/api/sidebar/close', {}));

const alertDialog = byId('alert-dialog', HTMLDialogElement);
// OK and Escape both answer the alert, as closing one in Sheets does.
alertDialog.addEventListener('close', () => void send('/api/alerts/clear', {}));

const tabs = byId('sheet-tabs', HTMLDivElement);
tabs.addEventListener('click', (event) => {
  const tab = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('[data-sheet]') : null;
  if (tab) chooseSheet(tab.dataset.sheet as string);
});
tabs.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
  const all = Array.from(tabs.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const index = all.findIndex((t) => t.dataset.sheet === currentSheet);
  const next = all[(index + (event.key === 'ArrowRight' ? 1 : -1) + all.length) % all.length];
  if (next) {
    chooseSheet(next.dataset.sheet as string);
    tabs.querySelector<HTMLButtonElement>(`[data-sheet="${CSS.escape(currentSheet)}"]`)?.focus();
  }
});

function chooseSheet(name: string): void {
  if (name === currentSheet) return;
  currentSheet = name;
  if (state) draw(state);
}

function apply(fresh: Fresh): void {
  if (fresh.text === lastText) return;
  lastText = fresh.text;
  state = fresh.state;
  draw(fresh.state);
  openSidebarOnce(fresh.state);
}

let sidebarChecked = false;

/**
 * The first screen has the sidebar open, as if Open sidebar had been chosen from the menu (it is
 * the menu item, run by the bundle). Once per browser tab: closed, it stays closed on a reload.
 */
function openSidebarOnce(s: PlaygroundState): void {
  if (sidebarChecked) return;
  sidebarChecked = true;
  try {
    if (sessionStorage.getItem(SIDEBAR_OPENED_KEY) !== null) return;
    sessionStorage.setItem(SIDEBAR_OPENED_KEY, '1');
  } catch {
    // No storage: open it on every load.
  }
  if (!s.sidebarOpen && s.menu?.items.some((item) => item.functionName === 'openSidebar')) void send('/api/menu', { functionName: 'openSidebar' });
}

function draw(s: PlaygroundState): void {
  byId('doc-name', HTMLSpanElement).textContent = s.spreadsheetName;
  // Follow the add-on when it activates another tab; otherwise stay where the user is looking.
  if (s.activeSheet !== serverActiveSheet) {
    serverActiveSheet = s.activeSheet;
    currentSheet = s.activeSheet;
  }
  if (!s.sheets.some((sheet) => sheet.name === currentSheet)) currentSheet = s.sheets[0]?.name ?? '';
  drawTabs(s);
  const sheet = s.sheets.find((x) => x.name === currentSheet);
  if (sheet) grid.show(sheet);
  drawMenu(s.menu);
  drawClock(s);
  drawUser(s);
  drawSidebar(s.sidebarOpen);
  drawAlert(s);
  drawToasts(s);
  drawOutbox(s.outbox);
  drawRuns(s);
  drawTryThis(s);
}

function drawTabs(s: PlaygroundState): void {
  const hadFocus = tabs.contains(document.activeElement);
  replaceChildren(
    tabs,
    ...s.sheets.map((sheet) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'sheet-tab',
          'data-sheet': sheet.name,
          'aria-selected': sheet.name === currentSheet ? 'true' : 'false',
          tabindex: sheet.name === currentSheet ? 0 : -1,
        },
        sheet.name,
      ),
    ),
  );
  if (hadFocus) tabs.querySelector<HTMLButtonElement>('[aria-selected="true"]')?.focus();
}

function drawClock(s: PlaygroundState): void {
  const now = byId('clock-now', HTMLTimeElement);
  now.dateTime = s.now;
  now.textContent = formatTime(s.now);
  byId('clock-zone', HTMLSpanElement).textContent = `(${s.timeZone})`;
}

function drawUser(s: PlaygroundState): void {
  const input = byId('user-email', HTMLInputElement);
  if (document.activeElement !== input) input.value = s.user;
  // The people worth playing: the handoffs' owners, who the trigger runs as, who got email.
  const owners = s.sheets.find((sheet) => sheet.name === HANDOFFS_SHEET)?.display.flat() ?? [];
  const known = new Set(
    [s.user, ...s.triggers.map((t) => t.owner), ...s.outbox.flatMap((m) => m.to.split(',')), ...owners].map((e) => e.trim()).filter((e) => EMAIL.test(e)),
  );
  replaceChildren(byId('user-choices', HTMLDataListElement), ...[...known].sort().map((email) => el('option', { value: email })));
}

function drawSidebar(open: boolean): void {
  const panel = byId('sidebar-panel', HTMLElement);
  const slot = byId('sidebar-frame-slot', HTMLDivElement);
  panel.hidden = !open;
  // The iframe is made once per opening: redrawing it would reload the sidebar and lose what was typed.
  if (open && !slot.querySelector('iframe')) slot.append(el('iframe', { src: '/sidebar', title: 'Handoff Register sidebar', class: 'sidebar-frame' }));
  if (!open) replaceChildren(slot);
}

function drawAlert(s: PlaygroundState): void {
  const newest = s.alerts.reduce<PlaygroundState['alerts'][number] | undefined>((best, a) => (best === undefined || a.at >= best.at ? a : best), undefined);
  if (newest === undefined) {
    if (alertDialog.open) alertDialog.close();
    return;
  }
  byId('alert-title', HTMLHeadingElement).textContent = newest.title || s.spreadsheetName;
  byId('alert-prompt', HTMLParagraphElement).textContent = newest.prompt;
  if (!alertDialog.open) {
    alertDialog.showModal();
    byId('alert-ok', HTMLButtonElement).focus();
  }
}

function drawToasts(s: PlaygroundState): void {
  // Toasts from before the page loaded are old news; the server's list only grows until a reset.
  if (toastsSeen === null || s.toasts.length < toastsSeen) toastsSeen = s.toasts.length;
  const region = byId('toasts', HTMLDivElement);
  for (const toast of s.toasts.slice(toastsSeen)) {
    const close = el('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notice' }, '×');
    const node = el(
      'div',
      { class: 'toast' },
      toast.title ? el('strong', {}, toast.title) : null,
      el('span', { class: 'toast-message' }, toast.message),
      close,
    );
    close.addEventListener('click', () => node.remove());
    region.append(node);
    setTimeout(() => node.remove(), TOAST_MS);
  }
  toastsSeen = s.toasts.length;
}

function drawRuns(s: PlaygroundState): void {
  const triggers = byId('triggers', HTMLParagraphElement);
  triggers.textContent =
    s.triggers.length === 0
      ? 'No triggers installed.'
      : `Triggers: ${s.triggers.map((t) => `${t.handler}${t.everyHours === null ? '' : ` every ${t.everyHours} h`} (${t.owner})`).join('; ')}`;
  const list = byId('runs-list', HTMLOListElement);
  if (s.runs.length === 0) {
    replaceChildren(list, el('li', { class: 'empty' }, 'No time-driven runs yet: move the clock forward.'));
    return;
  }
  replaceChildren(
    list,
    ...s.runs
      .slice(0, 100)
      .map((run) =>
        el(
          'li',
          { class: run.error === null ? 'run' : 'run failed' },
          el('time', { dateTime: run.at }, formatTime(run.at)),
          el('code', {}, run.functionName),
          el('span', { class: 'result' }, run.error === null ? run.result : `Error: ${run.error}`),
        ),
      ),
  );
}

async function refresh(): Promise<void> {
  try {
    const fresh = await fetchState();
    if (fresh) apply(fresh);
  } catch (error) {
    showError(error instanceof ApiError ? error.message : String(error));
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;
function poll(): void {
  clearTimeout(timer);
  if (document.visibilityState !== 'visible') return;
  timer = setTimeout(() => void refresh().finally(poll), POLL_MS);
}
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh().finally(poll);
  else clearTimeout(timer);
});

// The sidebar's bridge tells the page when a server call finished, so the grid shows what the
// sidebar just wrote at once instead of at the next poll.
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as { source?: unknown; kind?: unknown } | null;
  if (event.origin !== window.location.origin || data === null || typeof data !== 'object') return;
  if (data.source === 'handoff-register-sidebar' && (data.kind === 'ran' || data.kind === 'closed')) void refresh();
});

void refresh().finally(poll);
