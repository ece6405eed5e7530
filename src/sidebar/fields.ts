// Labelled form fields and the conventions the browser tests rely on:
//   control   id="<form>-<name>"  name="<name>"  aria-describedby="<form>-<name>-help <form>-<name>-error"
//   wrapper   <div class="field" data-field="<name>">
//   error     <p id="<form>-<name>-error" class="field-error"> holding the exact "Label: problem" text
//   groups    <fieldset id="<form>-<name>"> with a <legend>; options id="<form>-<name>-<n>"
import { FIELD_LABELS, type FieldError } from '../shared/forms';
import { append, type Child, el, replaceChildren } from './dom';
import type { RawValue, RawValues } from './forms';

export interface FieldOptions {
  readonly label?: string;
  readonly help?: string;
  /** Marks the field optional for sighted users; required fields carry aria-required instead. */
  readonly optional?: boolean;
  readonly required?: boolean;
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export const controlId = (form: string, name: string) => `${form}-${name}`;
export const errorId = (form: string, name: string) => `${form}-${name}-error`;
const helpId = (form: string, name: string) => `${form}-${name}-help`;

function labelOf(name: string, options: FieldOptions): string {
  return options.label ?? FIELD_LABELS[name] ?? name;
}

function describedBy(form: string, name: string, options: FieldOptions): string {
  return options.help === undefined ? errorId(form, name) : `${helpId(form, name)} ${errorId(form, name)}`;
}

function tag(text: string, className: string): HTMLSpanElement {
  return el('span', { class: `tag ${className}`, 'aria-hidden': 'true' }, text);
}

function below(form: string, name: string, options: FieldOptions): Child[] {
  return [
    options.help === undefined ? null : el('p', { class: 'help', id: helpId(form, name) }, options.help),
    el('p', { class: 'field-error', id: errorId(form, name), hidden: true }),
  ];
}

function shell(form: string, name: string, options: FieldOptions, control: HTMLElement): HTMLDivElement {
  const label = el('label', { for: controlId(form, name) }, labelOf(name, options));
  return el(
    'div',
    { class: 'field', 'data-field': name },
    el('div', { class: 'label-row' }, label, options.optional === true ? tag('optional', 'optional') : null, tag('required', 'required')),
    control,
    ...below(form, name, options),
  );
}

function commonAttributes(form: string, name: string, options: FieldOptions) {
  return {
    id: controlId(form, name),
    name,
    'aria-describedby': describedBy(form, name, options),
    required: options.required === true,
  };
}

export function textInput(
  form: string,
  name: string,
  options: FieldOptions & { readonly type?: 'text' | 'email' | 'url'; readonly placeholder?: string; readonly maxLength?: number } = {},
): HTMLDivElement {
  const input = el('input', {
    ...commonAttributes(form, name, options),
    type: options.type ?? 'text',
    placeholder: options.placeholder,
    maxlength: options.maxLength,
    autocomplete: 'off',
    spellcheck: options.type === 'email' || options.type === 'url' ? 'false' : undefined,
  });
  return shell(form, name, options, input);
}

export function textArea(form: string, name: string, options: FieldOptions & { readonly rows?: number; readonly placeholder?: string } = {}): HTMLDivElement {
  const area = el('textarea', { ...commonAttributes(form, name, options), rows: options.rows ?? 3, placeholder: options.placeholder });
  return shell(form, name, options, area);
}

export function numberInput(
  form: string,
  name: string,
  options: FieldOptions & { readonly min: number; readonly max: number; readonly step?: number },
): HTMLDivElement {
  const input = el('input', {
    ...commonAttributes(form, name, options),
    type: 'number',
    inputmode: 'numeric',
    min: options.min,
    max: options.max,
    step: options.step ?? 1,
  });
  return shell(form, name, options, input);
}

export function select(form: string, name: string, choices: readonly Choice[], options: FieldOptions = {}): HTMLDivElement {
  const control = el('select', commonAttributes(form, name, options));
  setChoices(control, choices);
  return shell(form, name, options, control);
}

/** Replaces a select's options, keeping the chosen value when it is still offered. */
export function setChoices(control: HTMLSelectElement, choices: readonly Choice[], chosen: string = control.value): void {
  replaceChildren(control, ...choices.map((choice) => el('option', { value: choice.value }, choice.label)));
  control.value = choices.some((c) => c.value === chosen) ? chosen : (choices[0]?.value ?? '');
}

export function checkbox(form: string, name: string, text: string, options: FieldOptions = {}): HTMLDivElement {
  const input = el('input', { ...commonAttributes(form, name, options), type: 'checkbox' });
  return el(
    'div',
    { class: 'field', 'data-field': name },
    el('div', { class: 'check' }, input, el('label', { for: controlId(form, name) }, text)),
    ...below(form, name, options),
  );
}

export interface GroupOption extends Choice {
  /** A line shown beside the option, outside its label so the option's name stays exact. */
  readonly description?: string;
}

/** A fieldset of checkboxes or radios sharing one name; errors and help describe the fieldset. */
export function choiceGroup(
  form: string,
  name: string,
  type: 'checkbox' | 'radio',
  choices: readonly GroupOption[],
  options: FieldOptions & { readonly layout?: 'stack' | 'row' } = {},
): HTMLFieldSetElement {
  const fieldset = el('fieldset', {
    id: controlId(form, name),
    class: `field group ${options.layout === 'row' ? 'row' : 'stack'}`,
    'data-field': name,
    role: type === 'radio' ? 'radiogroup' : undefined,
    'aria-describedby': describedBy(form, name, options),
    'aria-required': options.required === true ? 'true' : undefined,
  });
  // The tags are aria-hidden, so the group's accessible name stays the label alone.
  fieldset.append(
    el('legend', { class: 'label-row' }, labelOf(name, options), options.optional === true ? tag('optional', 'optional') : null, tag('required', 'required')),
  );
  setGroupChoices(fieldset, form, name, type, choices);
  append(fieldset, below(form, name, options));
  return fieldset;
}

export function setGroupChoices(fieldset: HTMLFieldSetElement, form: string, name: string, type: 'checkbox' | 'radio', choices: readonly GroupOption[]): void {
  let list = fieldset.querySelector<HTMLDivElement>(':scope > .choices');
  if (list === null) {
    list = el('div', { class: 'choices' });
    const firstBelow = fieldset.querySelector(':scope > .help, :scope > .field-error');
    fieldset.insertBefore(list, firstBelow);
  }
  replaceChildren(
    list,
    ...choices.map((choice, index) => {
      const id = `${controlId(form, name)}-${index + 1}`;
      const descriptionId = `${id}-description`;
      const input = el('input', {
        type,
        id,
        name,
        value: choice.value,
        'data-group': 'true',
        'aria-describedby': choice.description === undefined ? undefined : descriptionId,
      });
      return el(
        'div',
        { class: 'check' },
        input,
        el(
          'span',
          { class: 'check-text' },
          el('label', { for: id }, choice.label),
          choice.description === undefined ? null : el('span', { class: 'description', id: descriptionId }, choice.description),
        ),
      );
    }),
  );
}

/** Shows or hides the "required" tag and sets the control's required state. */
export function setRequired(form: HTMLFormElement, name: string, required: boolean): void {
  const wrapper = fieldWrapper(form, name);
  if (wrapper === null) return;
  wrapper.classList.toggle('is-required', required);
  if (wrapper instanceof HTMLFieldSetElement) {
    if (required) wrapper.setAttribute('aria-required', 'true');
    else wrapper.removeAttribute('aria-required');
    return;
  }
  const control = wrapper.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea');
  if (control) control.required = required;
}

export function fieldWrapper(form: HTMLFormElement, name: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
}

/** The values a form holds, by name. A number box holding non-numeric text reads as "NaN" so the schema reports it. */
export function readForm(form: HTMLFormElement): RawValues {
  const raw: Record<string, RawValue> = {};
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    const name = element.name;
    if (name === '') continue;
    if (element instanceof HTMLInputElement && element.type === 'checkbox' && element.dataset.group === 'true') {
      const list = (raw[name] as string[] | undefined) ?? [];
      if (element.checked) list.push(element.value);
      raw[name] = list;
    } else if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      raw[name] = element.checked;
    } else if (element instanceof HTMLInputElement && element.type === 'radio') {
      if (element.checked) raw[name] = element.value;
      else if (!(name in raw)) raw[name] = '';
    } else if (element instanceof HTMLInputElement && element.type === 'number') {
      raw[name] = element.validity.badInput ? 'NaN' : element.value;
    } else {
      raw[name] = element.value;
    }
  }
  return raw;
}

export function clearErrors(form: HTMLFormElement): void {
  for (const wrapper of Array.from(form.querySelectorAll<HTMLElement>('[data-field]'))) clearFieldError(wrapper);
}

function clearFieldError(wrapper: HTMLElement): void {
  const error = wrapper.querySelector<HTMLElement>(':scope > .field-error');
  if (error) {
    error.textContent = '';
    error.hidden = true;
  }
  wrapper.classList.remove('has-error');
  for (const node of invalidTargets(wrapper)) node.removeAttribute('aria-invalid');
}

function invalidTargets(wrapper: HTMLElement): HTMLElement[] {
  if (wrapper instanceof HTMLFieldSetElement) return [wrapper];
  return Array.from(wrapper.querySelectorAll<HTMLElement>('input, select, textarea'));
}

/**
 * Puts each message beside its field, marks the field invalid and focuses the first one in page
 * order. Returns the messages that name no field of this form.
 */
export function showErrors(form: HTMLFormElement, errors: readonly FieldError[]): FieldError[] {
  clearErrors(form);
  const unplaced: FieldError[] = [];
  const placed: HTMLElement[] = [];
  for (const error of errors) {
    const wrapper = fieldWrapper(form, error.field);
    const slot = wrapper?.querySelector<HTMLElement>(':scope > .field-error');
    if (!wrapper || !slot || wrapper.closest('[hidden]')) {
      unplaced.push(error);
      continue;
    }
    slot.textContent = slot.textContent === '' ? error.message : `${slot.textContent}\n${error.message}`;
    slot.hidden = false;
    wrapper.classList.add('has-error');
    for (const node of invalidTargets(wrapper)) node.setAttribute('aria-invalid', 'true');
    placed.push(wrapper);
  }
  placed.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const first = placed[0]?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
  first?.focus();
  return unplaced;
}

/** Editing a field clears its message: the user is acting on it. */
export function clearErrorOnEdit(form: HTMLFormElement): void {
  const handler = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    const wrapper = target.closest<HTMLElement>('[data-field]');
    if (wrapper?.classList.contains('has-error')) clearFieldError(wrapper);
  };
  form.addEventListener('input', handler);
  form.addEventListener('change', handler);
}

export type StatusKind = 'info' | 'success' | 'error';

/** The status line at the top of a section (role=status, aria-live=polite). */
export function setStatus(region: HTMLElement, kind: StatusKind | null, message = ''): void {
  region.textContent = message;
  region.hidden = message === '';
  if (kind === null) delete region.dataset.kind;
  else region.dataset.kind = kind;
}

const busyScopes = new WeakSet<HTMLElement>();

export function isBusy(scope: HTMLElement): boolean {
  return busyScopes.has(scope);
}

/** Disables the scope's buttons while a server call runs, so a second click cannot send twice. */
export async function whileBusy<T>(scope: HTMLElement, work: () => Promise<T>): Promise<T> {
  busyScopes.add(scope);
  scope.setAttribute('aria-busy', 'true');
  const buttons = Array.from(scope.querySelectorAll<HTMLButtonElement>('button')).filter((b) => !b.disabled);
  for (const button of buttons) button.disabled = true;
  try {
    return await work();
  } finally {
    for (const button of buttons) button.disabled = false;
    scope.removeAttribute('aria-busy');
    busyScopes.delete(scope);
  }
}

/** Fills controls by name; a group takes the list of values to tick. */
export function setValues(form: HTMLFormElement, values: Readonly<Record<string, RawValue>>): void {
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!(element.name in values)) continue;
    const value = values[element.name];
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      element.checked =
        typeof value === 'boolean' ? value : Array.isArray(value) ? (value as readonly string[]).includes(element.value) : value === element.value;
    } else {
      element.value = typeof value === 'string' ? value : Array.isArray(value) ? value.join('\n') : '';
    }
  }
}

/** The names of the fields this form shows, for placing the server's messages. */
export function fieldNames(form: HTMLFormElement): string[] {
  return Array.from(form.querySelectorAll<HTMLElement>('[data-field]')).map((w) => w.dataset.field ?? '');
}
