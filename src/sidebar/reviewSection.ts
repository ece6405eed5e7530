// 3. Review: judge one output against its handoff's standard, with the approval rule's three decisions.

import { type ReviewRuleContext, reviewRuleErrors } from '../core/outputs';
import { reworkCauseRequired, riskOf } from '../core/rules';
import { DEFAULT_REVIEW_CAP_MIN, type DecidePolicy, MISSED, REWORK_CAUSES } from '../core/vocabulary';
import { type FieldError, type Parsed, parseForm, type Review, reviewFormSchema, shipFormSchema } from '../shared/forms';
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
  textInput,
  whileBusy,
} from './fields';
import { reviewTargetLabel } from './format';
import { numberOrOmitted, reviewFormFrom, text } from './forms';
import { call } from './rpc';
import { createSection, handleSubmit, outcome, type Section } from './section';

const FORM = 'review';
const SHIP = 'ship';

export interface ReviewSection {
  readonly section: Section;
  render(state: SidebarState): void;
  /** Opens the panel on this output (from My queue). */
  pick(outputId: string): void;
}

export function decisionMeanings(reviewCapMin: number): Record<'Approve' | 'Edit' | 'Reject', string> {
  return {
    Approve: 'Meets the standard and moves forward.',
    Edit: `Light changes, under the review cap of ${reviewCapMin} min.`,
    Reject: 'Misses context, accuracy, tone or the core task.',
  };
}

/** The selected row first, then the person's own queue (to review, to finish, to ship), then the rest awaiting review. */
export function reviewTargets(state: Pick<SidebarState, 'selection' | 'awaitingReview' | 'queue'>): ReviewTarget[] {
  const seen = new Set<string>();
  const all = [
    ...(state.selection === null ? [] : [state.selection]),
    ...state.queue.toReview,
    ...state.queue.toFinish,
    ...state.queue.toShip,
    ...state.awaitingReview,
  ];
  return all.filter((t) => !seen.has(t.outputId) && seen.add(t.outputId) !== undefined);
}

/** The rule context of a target, as the server will judge it. */
export function ruleContextOf(target: ReviewTarget | undefined, policy: DecidePolicy, reviewer: string): ReviewRuleContext {
  return {
    handoff: target === undefined ? undefined : { risk: target.risk, reviewCapMin: target.reviewCapMin, reviewChecklist: target.reviewChecklist },
    policy,
    reviewer,
    inputOwner: target?.inputOwner ?? '',
    reviewOwner: target?.reviewOwner ?? '',
  };
}

/** Schema problems and the approval rule's cross-field ones together, one message per field. */
export function checkReview(form: ReturnType<typeof reviewFormFrom>, context: ReviewRuleContext): Parsed<Review> {
  const parsed = parseForm(reviewFormSchema, form);
  const rule = reviewRuleErrors(form, context);
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
  const missedField = select(FORM, 'missed', [{ value: '', label: 'Choose what it missed' }, ...MISSED.map((m) => ({ value: m, label: m }))], {
    help: "What the output missed: the essay's four reasons to reject.",
  });
  const notesField = textArea(FORM, 'notes', { rows: 3, help: 'Optional.' });
  const reviewFields = el(
    'div',
    { id: 'review-fields', hidden: true },
    checklist,
    decision,
    numberInput(FORM, 'reviewMinutes', { min: 0, max: 1440, required: true, help: 'Time spent judging and repairing it.' }),
    missedField,
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
  // The next step, done: only an approved output ships from here (the grid flags any other tick).
  const shipForm = el(
    'form',
    { id: 'ship-form', novalidate: true, 'aria-label': 'Mark shipped', hidden: true },
    textInput(SHIP, 'destination', { placeholder: 'A link or a place', help: 'Where the approved output went.' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Mark shipped')),
  );
  const section = createSection('review', 'Review', form, shipForm);
  const targetControl = targetField.querySelector('select') as HTMLSelectElement;
  const notesHelp = notesField.querySelector('.help') as HTMLElement;
  let targets: ReviewTarget[] = [];
  let shownOutputId = '';

  const current = () => targets.find((t) => t.outputId === targetControl.value);
  const capOf = () => current()?.reviewCapMin ?? DEFAULT_REVIEW_CAP_MIN;
  let policy: DecidePolicy = 'Review owner, others marked';
  let reviewer = '';
  const ruleContext = () => ruleContextOf(current(), policy, reviewer);

  const showRequirements = () => {
    const raw = readForm(form);
    const chosen = text(raw, 'decision');
    const minutes = numberOrOmitted(text(raw, 'reviewMinutes'));
    causeField.hidden = chosen !== 'Edit' && chosen !== 'Reject';
    missedField.hidden = chosen !== 'Reject';
    setRequired(form, 'reworkCause', reworkCauseRequired(chosen, minutes !== undefined && Number.isFinite(minutes) ? minutes : undefined, capOf()));
    setRequired(form, 'missed', chosen === 'Reject');
    setRequired(form, 'reviewMinutes', riskOf(ruleContext().handoff) !== 'Low');
    notesHelp.textContent = chosen === 'Reject' ? 'Optional: anything the input owner should know for the next version.' : 'Optional.';
  };

  const resetInputs = () => {
    setValues(form, { checklistPassed: [], decision: '', reviewMinutes: '', reworkCause: '', missed: '', notes: '' });
    clearErrors(form);
  };

  const showTarget = () => {
    const target = current();
    const sameOutput = target !== undefined && target.outputId === shownOutputId;
    const ticked = sameOutput ? ((readForm(form).checklistPassed as readonly string[] | undefined) ?? []) : [];
    shownOutputId = target?.outputId ?? '';
    reviewFields.hidden = target === undefined;
    shipForm.hidden = target?.status !== 'Awaiting next step';
    if (target === undefined) {
      replaceChildren(card, el('p', { class: 'empty' }, NO_TARGET));
      return;
    }
    renderCard(card, target);
    setGroupChoices(
      checklist,
      FORM,
      'checklistPassed',
      'checkbox',
      target.reviewChecklist.map((item) => ({ value: item, label: item })),
    );
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
    () => checkReview(reviewFormFrom(readForm(form)), ruleContext()),
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
  handleSubmit(
    section,
    shipForm,
    () => parseForm(shipFormSchema, { outputId: targetControl.value, destination: text(readForm(shipForm), 'destination') }),
    async (ship) => outcome(await call('markShipped', ship), (saved) => `Marked ${saved.outputId} shipped.`),
    async () => {
      setValues(shipForm, { destination: '' });
      const state = await refresh();
      if (state !== null) chooseTargets(state, targetControl.value);
    },
  );
  replaceChildren(card, el('p', { class: 'empty' }, NO_TARGET));

  return {
    section,
    pick(outputId) {
      if (lastState !== null) chooseTargets(lastState, outputId);
      section.setExpanded(true);
      section.root.scrollIntoView?.({ block: 'start' });
    },
    render(state) {
      // The selection replaces the choice only when the user moved to another row.
      const selectionMoved = state.selection?.outputId !== lastState?.selection?.outputId;
      lastState = state;
      policy = state.settings.whoMayDecide;
      reviewer = state.user;
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
      : el(
          'p',
          {},
          el(
            'a',
            { href, target: '_blank', rel: 'noopener noreferrer', id: 'review-target-link' },
            'Open the output',
            el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
          ),
        ),
    target.decision === '' ? null : el('p', { class: 'notice' }, `Already reviewed: ${target.decision}${target.status === '' ? '' : ` (${target.status})`}.`),
    el(
      'p',
      { class: 'meta', id: 'review-target-risk' },
      `${target.risk || 'Medium'} risk${target.outputType ? ` · ${target.outputType}` : ''} · review cap ${target.reviewCapMin} min`,
    ),
    target.approvalRule === '' ? null : el('p', { class: 'meta', id: 'review-target-rule' }, `Approval rule: ${target.approvalRule}`),
    el('p', { class: 'standard-label' }, 'Output standard: what good looks like'),
    el(
      'blockquote',
      { class: 'standard', id: 'review-target-standard' },
      target.outputStandard === '' ? 'No output standard written yet.' : target.outputStandard,
    ),
    target.reviewOwner === '' ? null : el('p', { class: 'meta' }, `Review owner: ${target.reviewOwner}`),
  );
}
