// 1. Document a handoff: the essay's template, one field per line of it.
import { DEFAULT_APPROVAL_RULE, DEFAULT_REVIEW_CAP_MIN, DEFAULT_STALL_AFTER_H, HANDOFF_STATUSES, RISKS } from '../core/vocabulary';
import { handoffFormSchema, parseForm } from '../shared/forms';
import type { HandoffView, SidebarState } from '../shared/rpc';
import { el } from './dom';
import { type Choice, clearErrors, numberInput, readForm, select, setChoices, setValues, textArea, textInput } from './fields';
import { handoffFormFrom, type RawValue } from './forms';
import { call } from './rpc';
import { createSection, handleSubmit, outcome, type Section } from './section';

const FORM = 'handoff';

export interface HandoffSection {
  readonly section: Section;
  render(state: SidebarState): void;
}

export function handoffChoiceLabel(handoff: Pick<HandoffView, 'handoffId' | 'task'>): string {
  return `${handoff.handoffId} — ${handoff.task}`;
}

const BLANK: Readonly<Record<string, RawValue>> = {
  handoffId: '',
  task: '',
  toolStep: '',
  inputRequired: '',
  outputStandard: '',
  outputType: '',
  risk: 'Medium',
  inputOwner: '',
  reviewOwner: '',
  nextStepOwner: '',
  approvalRule: DEFAULT_APPROVAL_RULE,
  reviewCapMin: String(DEFAULT_REVIEW_CAP_MIN),
  nextStep: '',
  measurement: '',
  reviewChecklist: '',
  stallAfterH: String(DEFAULT_STALL_AFTER_H),
  status: 'Pilot',
  baselineMin: '',
  targetMin: '',
};

function valuesOf(handoff: HandoffView): Record<string, RawValue> {
  const { baselineMin, targetMin, pilotStarted: _pilot, ...rest } = handoff;
  return {
    ...rest,
    baselineMin: baselineMin === null ? '' : String(baselineMin),
    targetMin: targetMin === null ? '' : String(targetMin),
    risk: handoff.risk === '' ? 'Medium' : handoff.risk,
    status: handoff.status === '' ? 'Pilot' : handoff.status,
    reviewCapMin: String(handoff.reviewCapMin),
    stallAfterH: String(handoff.stallAfterH),
    reviewChecklist: handoff.reviewChecklist.join('\n'),
  };
}

/** The essay: pilot one handoff for a week before adding another. */
export function pilotWarningText(pilots: readonly string[]): string {
  return pilots.length > 1 ? `${pilots.length} handoffs are in Pilot (${pilots.join(', ')}): pilot one for a week, judge it on Friday, then add the next.` : '';
}

export function createHandoffSection(refresh: () => Promise<SidebarState | null>): HandoffSection {
  const picker = select(FORM, 'handoffId', [{ value: '', label: 'New handoff' }], {
    label: 'Handoff',
    help: 'Pick one to change it, or start a new one.',
  });
  const saveButton = el('button', { type: 'submit', class: 'primary' }, 'Save handoff');
  const pilotWarning = el('p', { class: 'warning', id: 'handoff-pilots', hidden: true });
  const form = el(
    'form',
    { id: 'handoff-form', novalidate: true, 'aria-label': 'Document a handoff' },
    pilotWarning,
    picker,
    el('p', { class: 'intro' }, 'Fill this in before you roll a prompt across the team. A one-page workflow beats a twenty-page playbook nobody opens.'),
    el('h3', {}, 'The task'),
    textInput(FORM, 'task', { required: true, help: 'Name the task.', placeholder: 'e.g. First-draft client emails', maxLength: 200 }),
    textArea(FORM, 'toolStep', { required: true, rows: 2, help: 'What AI does.' }),
    textArea(FORM, 'inputRequired', { required: true, rows: 2, help: 'What context goes in.' }),
    textArea(FORM, 'outputStandard', { required: true, rows: 2, help: 'What good looks like.' }),
    textInput(FORM, 'outputType', { optional: true, help: 'e.g. Email draft, social post, meeting summary.', maxLength: 200 }),
    select(
      FORM,
      'risk',
      RISKS.map((r) => ({ value: r, label: r })),
      { help: 'High when the output goes to a client, a prospect or the public.' },
    ),
    el('h3', {}, 'Who owns it'),
    el('p', { class: 'intro' }, 'One named owner for each part. One person may own all three in a small shop.'),
    textInput(FORM, 'inputOwner', { type: 'email', required: true, placeholder: 'name@example.com', help: 'Gives the tool accurate context.' }),
    textInput(FORM, 'reviewOwner', { type: 'email', required: true, placeholder: 'name@example.com', help: 'Judges the output against a known standard.' }),
    textInput(FORM, 'nextStepOwner', { type: 'email', required: true, placeholder: 'name@example.com', help: 'Moves approved work into the next system.' }),
    el('h3', {}, 'How it is judged'),
    textArea(FORM, 'reviewChecklist', {
      optional: true,
      rows: 4,
      help: 'One item per line; the reviewer ticks them.',
      placeholder: 'Tone fits the client\nOffer details are right',
    }),
    textArea(FORM, 'approvalRule', { rows: 3, help: 'Approve, edit, or reject.' }),
    numberInput(FORM, 'reviewCapMin', {
      min: 1,
      max: 480,
      help: 'Past this, the issue is bigger than editing: the prompt, input or context needs repair.',
    }),
    el('h3', {}, 'After approval'),
    textArea(FORM, 'nextStep', { required: true, rows: 2, help: 'Where approved work goes.' }),
    textArea(FORM, 'measurement', { required: true, rows: 2, help: 'How we know this worked.' }),
    numberInput(FORM, 'stallAfterH', { min: 1, max: 720, help: 'Owners get a reminder when an output waits longer than this.' }),
    numberInput(FORM, 'baselineMin', {
      min: 0,
      max: 2400,
      optional: true,
      help: 'How long one output took before the tool, in minutes: the Friday summary compares against it.',
    }),
    numberInput(FORM, 'targetMin', { min: 0, max: 2400, optional: true, help: 'What you aim for per output, in minutes.' }),
    select(
      FORM,
      'status',
      HANDOFF_STATUSES.map((s) => ({ value: s, label: s })),
      { help: 'Pilot: run it for one week before adding another tool.' },
    ),
    el('div', { class: 'actions' }, saveButton),
  );
  const section = createSection('handoff', 'Document a handoff', form);
  const pickerControl = picker.querySelector('select') as HTMLSelectElement;
  let handoffs: readonly HandoffView[] = [];

  const fill = (handoffId: string) => {
    const handoff = handoffs.find((h) => h.handoffId === handoffId);
    setValues(form, handoff === undefined ? BLANK : valuesOf(handoff));
    pickerControl.value = handoff === undefined ? '' : handoff.handoffId;
    clearErrors(form);
  };

  pickerControl.addEventListener('change', () => fill(pickerControl.value));
  let savedId = '';
  handleSubmit(
    section,
    form,
    () => parseForm(handoffFormSchema, handoffFormFrom(readForm(form))),
    async (handoff) => {
      return outcome(await call('saveHandoff', handoff), (saved) => {
        savedId = saved.handoffId;
        return `Saved ${saved.handoffId}.`;
      });
    },
    async () => {
      const state = await refresh();
      if (state !== null) fill(savedId);
    },
  );
  setValues(form, BLANK);

  return {
    section,
    render(state) {
      handoffs = state.handoffs;
      const pilots = handoffs.filter((h) => h.status === 'Pilot');
      pilotWarning.textContent = pilotWarningText(pilots.map((h) => h.handoffId));
      pilotWarning.hidden = pilotWarning.textContent === '';
      const choices: Choice[] = [{ value: '', label: 'New handoff' }, ...handoffs.map((h) => ({ value: h.handoffId, label: handoffChoiceLabel(h) }))];
      setChoices(pickerControl, choices);
    },
  };
}
