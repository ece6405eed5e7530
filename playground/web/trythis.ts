// The "Try this" strip: three first steps, each ticked off when the state shows it happened.
//   log:    an output logged this session (an Output ID the Register did not have when the page
//           first saw it, whether from the sidebar or pasted into the grid);
//   decide: a decision made this session (a Decision that differs from what the row had then);
//   friday: a Friday Summary tab.
// "This session" is this browser tab (sessionStorage, so a reload keeps the ticks). The strip
// goes once all three are done or it is dismissed, and stays gone (localStorage).

import { REGISTER_SHEET, SUMMARY_SHEET } from '../../src/core/vocabulary';
import type { PlaygroundState } from '../api';

export const STEPS = ['log', 'decide', 'friday'] as const;
type Step = (typeof STEPS)[number];

const PROGRESS_KEY = 'handoff-register.try-this.progress';
export const DISMISSED_KEY = 'handoff-register.try-this.dismissed';

interface Progress {
  /** The state file the baseline belongs to: another one (a restart with --state) starts again. */
  readonly stateFile: string;
  /** Each Output ID the Register had when this tab first saw it, with its Decision then. */
  readonly baseline: Readonly<Record<string, string>>;
  readonly done: readonly Step[];
}

function read<T>(storage: Storage, key: string): T | null {
  try {
    const text = storage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, typeof value === 'string' ? value : JSON.stringify(value));
  } catch {
    // Storage off (private mode, a full quota): the strip still works for this page.
  }
}

/** Output ID → Decision, read by header as the add-on does. */
function decisions(s: PlaygroundState): Record<string, string> {
  const register = s.sheets.find((sheet) => sheet.name === REGISTER_SHEET);
  const [header = [], ...rows] = register?.display ?? [];
  const id = header.indexOf('Output ID');
  const decision = header.indexOf('Decision');
  const out: Record<string, string> = {};
  if (id < 0) return out;
  for (const row of rows) {
    const outputId = row[id] ?? '';
    if (outputId !== '') out[outputId] = decision < 0 ? '' : (row[decision] ?? '');
  }
  return out;
}

/** What the state shows happened since the baseline. */
export function stepsDone(s: PlaygroundState, baseline: Readonly<Record<string, string>>): Step[] {
  const now = decisions(s);
  const ids = Object.keys(now);
  const done: Step[] = [];
  if (ids.some((id) => !(id in baseline))) done.push('log');
  if (ids.some((id) => now[id] !== '' && now[id] !== (baseline[id] ?? ''))) done.push('decide');
  if (s.sheets.some((sheet) => sheet.name === SUMMARY_SHEET)) done.push('friday');
  return done;
}

export function createTryThis(strip: HTMLElement, dismiss: HTMLButtonElement): (s: PlaygroundState) => void {
  let progress: Progress | null = read<Progress>(sessionStorage, PROGRESS_KEY);
  let gone = localStorage.getItem(DISMISSED_KEY) !== null;

  const hide = (why: 'dismissed' | 'done') => {
    gone = true;
    strip.hidden = true;
    write(localStorage, DISMISSED_KEY, why);
  };
  dismiss.addEventListener('click', () => hide('dismissed'));

  return (s) => {
    if (gone) {
      strip.hidden = true;
      return;
    }
    if (progress === null || progress.stateFile !== s.stateFile) progress = { stateFile: s.stateFile, baseline: decisions(s), done: [] };
    const done = new Set<Step>([...progress.done, ...stepsDone(s, progress.baseline)]);
    progress = { ...progress, done: STEPS.filter((step) => done.has(step)) };
    write(sessionStorage, PROGRESS_KEY, progress);
    for (const item of strip.querySelectorAll<HTMLLIElement>('li[data-step]')) {
      const isDone = done.has(item.dataset.step as Step);
      item.classList.toggle('done', isDone);
      const tick = item.querySelector('.tick');
      if (tick) tick.textContent = isDone ? '✓' : '';
      // Heard as done too, not only seen as a tick.
      const said = item.querySelector('.step-state');
      if (said) said.textContent = isDone ? ' (done)' : '';
    }
    if (done.size === STEPS.length) hide('done');
    else strip.hidden = false;
  };
}
