// 5. Settings: reminders, quiet days and the Friday summary, plus the hourly job that sends them.
import { TELL_MODES } from '../core/stall';
import { DECIDE_POLICIES } from '../core/vocabulary';
import { parseForm, type Settings, settingsFormSchema, WEEKDAYS } from '../shared/forms';
import type { JobStatus, SidebarState } from '../shared/rpc';
import { el } from './dom';
import { checkbox, choiceGroup, clearErrors, numberInput, readForm, select, setValues, textArea, textInput } from './fields';
import { formatDateTime, jobStatusText, outsideDomainWarning } from './format';
import { settingsFormFrom } from './forms';
import { call } from './rpc';
import { createSection, handleSubmit, outcome, type Section } from './section';

const FORM = 'settings';

export interface SettingsSection {
  readonly section: Section;
  render(state: SidebarState): void;
}

function valuesOf(settings: Settings) {
  return {
    remindersOn: settings.remindersOn,
    reminderIntervalH: String(settings.reminderIntervalH),
    quietDays: settings.quietDays,
    escalationEmail: settings.escalationEmail,
    summaryHour: String(settings.summaryHour),
    summaryRecipients: settings.summaryRecipients.join('\n'),
    archiveAfterWeeks: String(settings.archiveAfterWeeks),
    whoMayDecide: settings.whoMayDecide,
    tellOwners: settings.tellOwners,
    sendFrom: String(settings.sendFrom),
    sendUntil: String(settings.sendUntil),
  };
}

const MENU = 'Extensions ▸ Handoff Register';

/**
 * The heartbeat: add-on triggers send nobody a failure email, so when reminders are on and the
 * hourly job has stopped (no run finished for over two hours, or its run could not open this
 * spreadsheet), Settings says so and what to do. '' when all is well.
 */
export function heartbeatWarning(job: JobStatus, timeZone: string): string {
  const attention = job.attention;
  if (!job.on || attention === undefined) return '';
  const who = job.runBy === '' ? 'whoever turned them on' : job.runBy;
  if (attention.couldNotOpenAt !== '') {
    return `The hourly job could not open this spreadsheet (its last try: ${formatDateTime(attention.couldNotOpenAt, timeZone)}), so no reminders, repairs or Friday summary are going out. What to do: turn reminders off and on again from ${MENU}, or ask ${who} to open the spreadsheet; until it runs again, use Send reminders now and Generate Friday summary now from the same menu.`;
  }
  const since = attention.hoursSinceLastRun === null ? '' : ` for ${attention.hoursSinceLastRun} hours (last run ${formatDateTime(job.lastRunAt, timeZone)})`;
  return `The hourly job has not finished a run${since}: reminders and the Friday summary may not be going out. What to do: turn it off and on again from ${MENU}, or ask ${who} to open the spreadsheet.`;
}

export function createSettingsSection(): SettingsSection {
  const job = el('p', { class: 'job', id: 'settings-job' });
  const heartbeat = el('p', { class: 'warning', id: 'settings-heartbeat', role: 'alert', hidden: true });
  const form = el(
    'form',
    { id: 'settings-form', novalidate: true, 'aria-label': 'Settings' },
    checkbox(FORM, 'remindersOn', 'Reminders', { help: 'Email an owner when an output waits on them longer than its handoff allows.' }),
    numberInput(FORM, 'reminderIntervalH', { min: 1, max: 168, help: 'Hours between two reminders about the same output.' }),
    choiceGroup(
      FORM,
      'quietDays',
      'checkbox',
      WEEKDAYS.map((d) => ({ value: d, label: d })),
      { layout: 'row', help: 'Days left out: no digests or notices on these days.' },
    ),
    textInput(FORM, 'escalationEmail', { type: 'email', optional: true, placeholder: 'name@example.com', help: 'Copied on reminders about stalled outputs.' }),
    select(
      FORM,
      'tellOwners',
      TELL_MODES.map((m) => ({ value: m, label: m })),
      {
        help: 'When work lands on someone (an output to review, an approval to ship, a Reject to revise): in the next hourly digest, at once from the sidebar, or only once it stalls.',
      },
    ),
    numberInput(FORM, 'sendFrom', { min: 0, max: 23, help: 'Digests go out from this hour…' }),
    numberInput(FORM, 'sendUntil', { min: 1, max: 24, help: "…until this hour, on the days not left out above, in the spreadsheet's time zone." }),
    numberInput(FORM, 'summaryHour', { min: 0, max: 23, help: 'Hour of the day (0–23) the Friday summary goes out.' }),
    textArea(FORM, 'summaryRecipients', {
      optional: true,
      rows: 3,
      placeholder: 'name@example.com',
      help: 'One email per line. The Friday summary shows where rework happened this week.',
    }),
    select(
      FORM,
      'whoMayDecide',
      DECIDE_POLICIES.map((p) => ({ value: p, label: p })),
      {
        help: "Review owner only: others' decisions wait for the review owner. Otherwise anyone may decide, marked as on behalf of the review owner.",
      },
    ),
    numberInput(FORM, 'archiveAfterWeeks', { min: 1, max: 520, help: 'Shipped and revised outputs older than this move to the Archive tab once a day.' }),
    el('p', { class: 'warning', id: 'settings-outside', hidden: true }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary' }, 'Save settings')),
  );
  const outside = form.querySelector<HTMLElement>('#settings-outside') as HTMLElement;
  let sender = '';
  const warnOutside = () => {
    const raw = readForm(form);
    const text = outsideDomainWarning([String(raw.escalationEmail ?? ''), ...String(raw.summaryRecipients ?? '').split('\n')], sender);
    outside.textContent = text;
    outside.hidden = text === '';
  };
  form.addEventListener('input', warnOutside);
  const section = createSection(
    'settings',
    'Settings',
    el('div', { class: 'job-box' }, el('p', { class: 'standard-label' }, 'Hourly job'), job, heartbeat),
    form,
  );
  const summaryHelp = form.querySelector<HTMLElement>(`#${FORM}-summaryHour-help`);
  let filled = false;

  handleSubmit(
    section,
    form,
    () => parseForm(settingsFormSchema, settingsFormFrom(readForm(form))),
    async (settings) => {
      return outcome(await call('saveSettings', settings), (saved) => {
        setValues(form, valuesOf(saved.settings));
        return 'Settings saved.';
      });
    },
  );

  return {
    section,
    render(state) {
      sender = state.job.runBy || state.user;
      job.textContent = jobStatusText(state.job, state.timeZone);
      job.dataset.on = String(state.job.on);
      heartbeat.textContent = heartbeatWarning(state.job, state.timeZone);
      heartbeat.hidden = heartbeat.textContent === '';
      if (summaryHelp) summaryHelp.textContent = `Hour of the day (0–23, ${state.timeZone}) the Friday summary goes out.`;
      // Filled once: a refresh must not undo what the user is typing.
      if (!filled) {
        setValues(form, valuesOf(state.settings));
        clearErrors(form);
        filled = true;
      }
      warnOutside();
    },
  };
}
