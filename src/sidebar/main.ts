// The sidebar: five sections over one SidebarState, fetched on load and after every save.
import type { SidebarState } from '../shared/rpc';
import { byId, el, replaceChildren } from './dom';
import { setStatus } from './fields';
import { createHandoffSection } from './handoffSection';
import { createOutputSection } from './outputSection';
import { createQueueSection } from './queueSection';
import { createReviewSection } from './reviewSection';
import { call } from './rpc';
import { createSettingsSection } from './settingsSection';
import { createWaitingSection } from './waitingSection';

const app = byId('app', HTMLElement);
const appStatus = byId('app-status', HTMLElement);
const setupNotice = byId('setup-notice', HTMLElement);
const user = byId('user', HTMLElement);

let loaded = false;
let setUpChecks = 0;

async function refresh(): Promise<SidebarState | null> {
  try {
    const state = await call('getSidebarState');
    render(state);
    return state;
  } catch (error) {
    showLoadFailure(error instanceof Error ? error.message : String(error));
    return null;
  }
}

const handoff = createHandoffSection(refresh);
const output = createOutputSection(refresh);
const review = createReviewSection(refresh);
const waiting = createWaitingSection(refresh);
const settings = createSettingsSection();
const queue = createQueueSection({ review: (id) => review.pick(id), revise: (item) => output.revise(item) });
const sections = [queue, handoff, output, review, waiting, settings];
for (const { section } of sections) app.append(section.root);

function render(state: SidebarState): void {
  setStatus(appStatus, null);
  setupNotice.hidden = state.setUp;
  // The server creates the tabs on first open; look again shortly rather than asking for a reload.
  if (!state.setUp && setUpChecks < 6) {
    setUpChecks += 1;
    setTimeout(() => void refresh(), 5000);
  }
  user.textContent = state.user === '' ? '' : `Signed in as ${state.user}`;
  for (const section of sections) section.render(state);
  if (!loaded) {
    loaded = true;
    app.hidden = false;
    firstSection(state).setExpanded(true);
  }
}

/** Open where the user most likely is: reviewing a selected row, starting out, or their own queue. */
function firstSection(state: SidebarState) {
  if (state.selection !== null) return review.section;
  if (state.handoffs.length === 0) return handoff.section;
  return queue.section;
}

function showLoadFailure(message: string): void {
  const retry = el('button', { type: 'button', class: 'secondary' }, 'Try again');
  retry.addEventListener('click', () => {
    retry.disabled = true;
    setStatus(appStatus, 'info', 'Loading…');
    void refresh();
  });
  setStatus(appStatus, 'error');
  replaceChildren(appStatus, el('span', {}, `Could not load the sidebar: ${message}`), retry);
  appStatus.hidden = false;
}

setStatus(appStatus, 'info', 'Loading…');
void refresh();
