// 2. Log an AI output: one Register row, owned by the handoff's three owners unless changed here.
import { outputFormSchema, parseForm } from '../shared/forms';
import type { HandoffView, RejectedOutput, SidebarState } from '../shared/rpc';
import { el } from './dom';
import { type Choice, numberInput, readForm, select, setChoices, setValues, textArea, textInput } from './fields';
import { rejectedLabel } from './format';
import { outputFormFrom } from './forms';
import { handoffChoiceLabel } from './handoffSection';
import { call } from './rpc';
import { createSection, handleSubmit, outcome, type Section } from './section';

const FORM = 'output';

export interface OutputSection {
  readonly section: Section;
  render(state: SidebarState): void;
  /** Opens the form as the revision of a rejected output (from My queue). */
  revise(item: { readonly outputId: string; readonly handoffId: string; readonly output: string }): void;
}

/** Outputs are logged only against handoffs being run: Pilot or Active, not Paused. */
export function loggableHandoffs(handoffs: readonly HandoffView[]): HandoffView[] {
  return handoffs.filter((h) => h.status === 'Pilot' || h.status === 'Active');
}

export function createOutputSection(refresh: () => Promise<SidebarState | null>): OutputSection {
  const handoffField = select(FORM, 'handoffId', [], { label: 'Handoff', required: true, help: 'Only handoffs in Pilot or Active.' });
  const revisionField = select(FORM, 'revisionOf', [], { optional: true, help: 'Pick the rejected output this one replaces.' });
  const noHandoffs = el('p', { class: 'notice', hidden: true }, 'No handoff is in Pilot or Active yet. Document one first, then log its outputs here.');
  const form = el(
    'form',
    { id: 'output-form', novalidate: true, 'aria-label': 'Log an AI output' },
    noHandoffs,
    handoffField,
    textInput(FORM, 'output', { required: true, maxLength: 500, help: 'A short title people will recognise in the Register.' }),
    textInput(FORM, 'link', { type: 'url', optional: true, placeholder: 'https://', help: 'Where the output lives: a Doc, a draft, a post.' }),
    revisionField,
    el('h3', {}, 'Owners for this output'),
    el('p', { class: 'intro' }, 'Filled in from the handoff. Change them here for this output only.'),
    textInput(FORM, 'inputOwner', { type: 'email', optional: true, placeholder: 'name@example.com' }),
    textInput(FORM, 'reviewOwner', { type: 'email', optional: true, placeholder: 'name@example.com' }),
    textInput(FORM, 'nextStepOwner', { type: 'email', optional: true, placeholder: 'name@example.com' }),
    numberInput(FORM, 'prepMinutes', {
      min: 0,
      max: 2400,
      optional: true,
      help: 'Minutes you spent preparing the input: the Friday summary adds them to the review time per output.',
    }),
    textInput(FORM, 'promptVersion', {
      optional: true,
      maxLength: 200,
      help: 'Which prompt or tool setup made it, e.g. "v3, brand guide attached": the summary compares rework by version.',
    }),
    textArea(FORM, 'notes', { optional: true, rows: 2 }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Log output')),
  );
  const section = createSection('output', 'Log an AI output', form);
  const handoffControl = handoffField.querySelector('select') as HTMLSelectElement;
  const revisionControl = revisionField.querySelector('select') as HTMLSelectElement;
  let handoffs: readonly HandoffView[] = [];
  let rejected: readonly RejectedOutput[] = [];

  const showRevisions = () => {
    const ofHandoff = rejected.filter((r) => r.handoffId === handoffControl.value);
    const choices: Choice[] = [
      { value: '', label: ofHandoff.length === 0 ? 'None: no rejected output to revise' : 'None: a first version' },
      ...ofHandoff.map((r) => ({ value: r.outputId, label: rejectedLabel(r) })),
    ];
    setChoices(revisionControl, choices);
    revisionControl.disabled = ofHandoff.length === 0;
  };

  const fillOwners = () => {
    const handoff = handoffs.find((h) => h.handoffId === handoffControl.value);
    setValues(form, {
      inputOwner: handoff?.inputOwner ?? '',
      reviewOwner: handoff?.reviewOwner ?? '',
      nextStepOwner: handoff?.nextStepOwner ?? '',
    });
  };

  handoffControl.addEventListener('change', () => {
    fillOwners();
    showRevisions();
  });
  revisionControl.addEventListener('change', () => {
    const title = form.elements.namedItem('output') as HTMLInputElement;
    const revised = rejected.find((r) => r.outputId === revisionControl.value);
    if (revised && title.value.trim() === '') title.value = revised.output;
  });
  handleSubmit(
    section,
    form,
    () => parseForm(outputFormSchema, outputFormFrom(readForm(form))),
    async (output) => {
      return outcome(await call('logOutput', output), (logged) => `Logged ${logged.outputId}.`);
    },
    async () => {
      // Keep the handoff and owners: the next output is usually for the same handoff.
      setValues(form, { output: '', link: '', revisionOf: '', notes: '', prepMinutes: '' });
      await refresh();
    },
  );

  return {
    section,
    revise(item) {
      setValues(form, { handoffId: item.handoffId });
      fillOwners();
      showRevisions();
      setValues(form, { revisionOf: item.outputId, output: item.output });
      section.setExpanded(true);
      section.root.scrollIntoView?.({ block: 'start' });
    },
    render(state) {
      const previous = handoffControl.value;
      handoffs = state.handoffs;
      rejected = state.rejected;
      const loggable = loggableHandoffs(handoffs);
      setChoices(handoffControl, [{ value: '', label: 'Choose a handoff' }, ...loggable.map((h) => ({ value: h.handoffId, label: handoffChoiceLabel(h) }))]);
      noHandoffs.hidden = loggable.length > 0;
      if (handoffControl.value !== previous) fillOwners();
      showRevisions();
    },
  };
}
