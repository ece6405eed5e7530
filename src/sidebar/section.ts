// A collapsible section: <h2><button aria-expanded aria-controls> over a panel whose first child
// is the section's status line. Several sections may be open at once.
import type { FieldError, Parsed } from '../shared/forms';
import { type Child, el } from './dom';
import { clearErrorOnEdit, clearErrors, isBusy, setStatus, showErrors, whileBusy } from './fields';

export interface Section {
  readonly root: HTMLElement;
  readonly status: HTMLElement;
  setExpanded(expanded: boolean): void;
}

export function createSection(key: string, title: string, ...content: readonly Child[]): Section {
  const panelId = `panel-${key}`;
  const toggle = el('button', { type: 'button', class: 'section-toggle', id: `toggle-${key}`, 'aria-expanded': 'false', 'aria-controls': panelId }, title);
  const status = el('p', { class: 'status', id: `status-${key}`, role: 'status', 'aria-live': 'polite', tabindex: -1, hidden: true });
  const panel = el('div', { class: 'panel', id: panelId, hidden: true }, status, ...content);
  const root = el(
    'section',
    { class: 'section', id: `section-${key}`, 'aria-labelledby': `toggle-${key}` },
    el('h2', { class: 'section-heading' }, toggle),
    panel,
  );
  const setExpanded = (expanded: boolean) => {
    toggle.setAttribute('aria-expanded', String(expanded));
    panel.hidden = !expanded;
  };
  toggle.addEventListener('click', () => setExpanded(toggle.getAttribute('aria-expanded') !== 'true'));
  return { root, status, setExpanded };
}

/**
 * Checks the form locally, sends it, and reports: field messages beside their fields, the rest in
 * the section's status. What the user typed stays in the form whatever happens.
 * Resolves to the success message, or null when nothing was saved.
 */
/** What a send resolves to: the success message, or the server's field problems. */
export type Outcome = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A server result as an Outcome: the message when saved, the field problems as they came. */
export function outcome<T extends { readonly ok: boolean }>(
  saved: T | { readonly ok: false; readonly errors: readonly FieldError[] },
  message: (saved: Extract<T, { ok: true }>) => string,
): Outcome {
  if ('errors' in saved && !saved.ok) return { ok: false, errors: saved.errors };
  return { ok: true, message: message(saved as Extract<T, { ok: true }>) };
}

export async function submitForm<V>(
  section: Section,
  form: HTMLFormElement,
  check: () => Parsed<V>,
  send: (value: V) => Promise<Outcome>,
): Promise<string | null> {
  if (isBusy(section.root)) return null;
  setStatus(section.status, null);
  const checked = check();
  if (!checked.ok) {
    reportProblems(section, form, checked.errors, 'Nothing was sent');
    return null;
  }
  clearErrors(form);
  try {
    const result = await whileBusy(section.root, () => send(checked.value));
    if (!result.ok) {
      reportProblems(section, form, result.errors, 'Not saved');
      return null;
    }
    setStatus(section.status, 'success', result.message);
    return result.message;
  } catch (error) {
    // The unexpected (busy, a missing tab, a failed service): nothing was saved, and it says why.
    reportProblems(section, form, [], 'Not saved', [error instanceof Error ? error.message : String(error)]);
    return null;
  }
}

/**
 * Wires a section's form: errors clear as the user edits, and submitting checks, sends and
 * reports through submitForm; `afterSuccess` runs only when the server accepted it.
 */
export function handleSubmit<V>(
  section: Section,
  form: HTMLFormElement,
  check: () => Parsed<V>,
  send: (value: V) => Promise<Outcome>,
  afterSuccess?: () => Promise<void> | void,
): void {
  clearErrorOnEdit(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitForm(section, form, check, send).then(async (message) => {
      if (message !== null) await afterSuccess?.();
    });
  });
}

function reportProblems(section: Section, form: HTMLFormElement, errors: readonly FieldError[], lead: string, other: readonly string[] = []): void {
  const unplaced = showErrors(form, errors);
  const lines = [...unplaced.map((e) => e.message), ...other];
  const placedCount = errors.length - unplaced.length;
  if (placedCount > 0) lines.unshift(`${lead}: fix ${placedCount === 1 ? 'the field' : `the ${placedCount} fields`} marked below.`);
  else if (lines.length > 0) lines[0] = `${lead}: ${lines[0]}`;
  setStatus(section.status, 'error', lines.join('\n'));
  if (placedCount === 0) section.status.focus();
}
