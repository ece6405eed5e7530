// 3. Review: judge one output against its handoff's standard, with the approval rule's three decisions.
import { DEFAULT_REVIEW_CAP_MIN, REWORK_CAUSES } from '../core/vocabulary';
import { type FieldError, type Parsed, parseForm, type Review, reviewFormSchema } from '../shared/forms';
import type { ReviewTarget, SidebarState } from '../shared/rpc';
import { el, replaceChildren, safeHref } from './dom';
import {
  choiceGroup,
  clearErrors,
  numberInput,
  readForm,
  select,
  setChoices,
  setGroupChoices,
  setRequired,
  setStatus,
  setValues,
  textArea,
  whileBusy,
} from './fields';
import { reviewTargetLabel } from './format';
import { reviewRuleErrors } from '../core/outputs';
import { reworkCauseRequired } from '../core/register';
import { numberOrOmitted, reviewFormFrom, text } from './forms';
import { call } from './rpc';
import { createSection, type Section, handleSubmit, outcome } from './section';

const FORM = 'review';

export interface ReviewSection {
  readonly section: Section;
  render(state: SidebarState): void;
}

export function decisionMeanings(reviewCapMin: number): Record<'Approve' | 'Edit' | 'Reject', string> {
  return {
    Approve: 'Meets the standard and moves forward.',
    Edit: `Light changes, under the review cap of ${reviewCapMin} min.`,
    Reject: 'Misses context, accuracy, tone or the core task.',
  };
}

/** The selected row first, then the rest awaiting review. */
export function reviewTargets(state: Pick<SidebarState, 'selection' | 'awaitingReview'>): ReviewTarget[] {
  const rest = state.awaitingReview.filter((t) => t.outputId !== state.selection?.outputId);
  return state.selection === null ? rest : [state.selection, ...rest];
}

/** Schema problems and the approval rule's cross-field ones together, one message per field. */
export function checkReview(form: ReturnType<typeof reviewFormFrom>, reviewCapMin: number): Parsed<Review> {
  const parsed = parseForm(reviewFormSchema, form);
  const rule = reviewRuleErrors(form, reviewCapMin);
  if (parsed.ok && rule.length === 0) return parsed;
  const errors: FieldError[] = parsed.ok ? [] : [...parsed.errors];
  for (const error of rule) if (!errors.some((e) => e.field === error.field)) errors.push(error);
  return { ok: false, errors };
}

const NO_TARGET = 'Select a row in the Register tab and press Use selected row, or choose an output above.';

export function createReviewSection(refresh: () => Promise<SidebarState | null>): ReviewSection {
  const meanings = decisionMeanings(DEFAULT_REVIEW_CAP_MIN);
  const targetField = select(FORM, 'outputId', [], { label: 'Output to review' });
  const useSelection = el('button', { type: 'button', class: 'secondary', id: 'review-use-selection' }, 'Use selected row');
  const card = el('div', { class: 'target', id: 'review-target', 'aria-live': 'polite' });
  const checklist = choiceGroup(FORM, 'checklistPassed', 'checkbox', [], { optional: true, help: 'Tick each item the output meets.' });
  const decision = choiceGroup(
    FORM,
    'decision',
    'radio',
    (['Approve', 'Edit', 'Reject'] as const).map((d) => ({ value: d, label: d, description: meanings[d] })),
    { required: true },
  );
  const causeField = select(FORM, 'reworkCause', [{ value: '', label: 'Choose a cause' }, ...REWORK_CAUSES.map((c) => ({ value: c, label: c }))], {
    help: 'Which part of the handoff broke. Rework means the handoff needs repair.',
  });
  const notesField = textArea(FORM, 'notes', { rows: 3, help: 'Optional.' });
  const reviewFields = el(
    'div',
    { id: 'review-fields', hidden: true },
    checklist,
    decision,
    numberInput(FORM, 'reviewMinutes', { min: 0, max: 1440, required: true, help: 'Time spent judging and repairing it.' }),
    causeField,
    notesField,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save review')),
  );
  const form = el(
    'form',
    { id: 'review-form', novalidate: true, 'aria-label': 'Review' },
    targetField,
    el('div', { class: 'actions start' }, useSelection),
    card,
    reviewFields,
  );
  const section = createSection('review', 'Review', form);
  const targetControl = targetField.querySelector('select') as HTMLSelectElement;
  const notesHelp = notesField.querySelector('.help') as HTMLElement;
  let targets: ReviewTarget[] = [];
  let shownOutputId = '';

  const current = () => targets.find((t) => t.outputId === targetControl.value);
  const capOf = () => current()?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;

  const showRequirements = () => {
    const raw = readForm(form);
    const chosen = text(raw, 'decision');
    const minutes = numberOrOmitted(text(raw, 'reviewMinutes'));
    causeField.hidden = chosen !== 'Edit' && chosen !== 'Reject';
    setRequired(form, 'reworkCause', reworkCauseRequired(chosen, minutes !== undefined && Number.isFinite(minutes) ? minutes : undefined, capOf()));
    setRequired(form, 'notes', chosen === 'Reject');
    notesHelp.textContent = chosen === 'Reject' ? 'Say what the output missed: context, accuracy, tone or the core task.' : 'Optional.';
  };

  const resetInputs = () => {
    setValues(form, { checklistPassed: [], decision: '', reviewMinutes: '', reworkCause: '', notes: '' });
    clearErrors(form);
  };

  const showTarget = () => {
    const target = current();
    const sameOutput = target !== undefined && target.outputId === shownOutputId;
    const ticked = sameOutput ? (readForm(form)['checklistPassed'] as readonly string[] | undefined) ?? [] : [];
    shownOutputId = target?.outputId ?? '';
    reviewFields.hidden = target === undefined;
    if (target === undefined) {
      replaceChildren(card, el('p', { class: 'empty' }, NO_TARGET));
      return;
    }
    renderCard(card, target);
    setGroupChoices(checklist, FORM, 'checklistPassed', 'checkbox', target.reviewChecklist.map((item) => ({ value: item, label: item })));
    checklist.hidden = target.reviewChecklist.length === 0;
    const editMeaning = document.getElementById(`${FORM}-decision-2-description`);
    if (editMeaning) editMeaning.textContent = decisionMeanings(target.reviewCapMin).Edit;
    if (sameOutput) setValues(form, { checklistPassed: ticked });
    else resetInputs();
    showRequirements();
  };

  const chooseTargets = (state: SidebarState, prefer: string) => {
    targets = reviewTargets(state);
    const choices = targets.map((t) => ({
      value: t.outputId,
      label: t.outputId === state.selection?.outputId ? `Selected row: ${reviewTargetLabel(t)}` : reviewTargetLabel(t),
    }));
    setChoices(targetControl, [{ value: '', label: targets.length === 0 ? 'Nothing awaits review' : 'Choose an output' }, ...choices], prefer);
    showTarget();
  };

  let lastState: SidebarState | null = null;
  targetControl.addEventListener('change', showTarget);
  decision.addEventListener('change', showRequirements);
  form.addEventListener('input', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'reviewMinutes') showRequirements();
  });
  useSelection.addEventListener('click', () => {
    void whileBusy(section.root, async () => {
      setStatus(section.status, null);
      const state = await refresh();
      if (state === null) return;
      chooseTargets(state, state.selection?.outputId ?? targetControl.value);
      if (state.selection === null) setStatus(section.status, 'info', 'The selected row holds no output. Select an output row in the Register tab first.');
    });
  });
  handleSubmit(
    section,
    form,
    () => checkReview(reviewFormFrom(readForm(form)), capOf()),
    async (review) => {
      return outcome(await call('reviewOutput', review), (saved) => `Reviewed ${saved.outputId}: ${saved.status}.`);
    },
    async () => {
      resetInputs();
      showRequirements();
      const state = await refresh();
      if (state !== null) chooseTargets(state, targetControl.value);
    },
  );
  replaceChildren(card, el('p', { class: 'empty' }, NO_TARGET));

  return {
    section,
    render(state) {
      // The selection replaces the choice only when the user moved to another row.
      const selectionMoved = state.selection?.outputId !== lastState?.selection?.outputId;
      lastState = state;
      chooseTargets(state, selectionMoved && state.selection !== null ? state.selection.outputId : targetControl.value);
    },
  };
}

function renderCard(card: HTMLElement, target: ReviewTarget): void {
  const href = safeHref(target.link);
  replaceChildren(
    card,
    el('p', { class: 'target-title', id: 'review-target-title' }, target.output),
    el('p', { class: 'meta' }, `${target.outputId} · v${target.version} · ${target.handoffId} ${target.task}`),
    href === undefined
      ? el('p', { class: 'meta' }, target.link === '' ? 'No link logged.' : `Link: ${target.link}`)
      : el('p', {}, el('a', { href, target: '_blank', rel: 'noopener noreferrer', id: 'review-target-link' }, 'Open the output', el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'))),
    target.decision === '' ? null : el('p', { class: 'notice' }, `Already reviewed: ${target.decision}${target.status === '' ? '' : ` (${target.status})`}.`),
    el('p', { class: 'standard-label' }, 'Output standard: what good looks like'),
    el('blockquote', { class: 'standard', id: 'review-target-standard' }, target.outputStandard === '' ? 'No output standard written yet.' : target.outputStandard),
    target.reviewOwner === '' ? null : el('p', { class: 'meta' }, `Review owner: ${target.reviewOwner}`),
  );
}
