// 4. Waiting now: where work sits between the AI output and the human decision.
import { FIELD_LABELS } from '../shared/forms';
import type { HandoffView, SidebarState, WaitingHandoff } from '../shared/rpc';
import { el, replaceChildren } from './dom';
import { setStatus, whileBusy } from './fields';
import { formatAge, waitingTotal } from './format';
import { createSection, type Section } from './section';

export interface WaitingSection {
  readonly section: Section;
  render(state: SidebarState): void;
}

/** Stalled when the oldest waiting output is older than the handoff's stall time. */
export function isStalled(waiting: WaitingHandoff, handoff: Pick<HandoffView, 'stallAfterH'> | undefined): boolean {
  return handoff !== undefined && waiting.oldestHours !== null && waiting.oldestHours > handoff.stallAfterH;
}

export function createWaitingSection(refresh: () => Promise<SidebarState | null>): WaitingSection {
  const body = el('div', { id: 'waiting-body' });
  const refreshButton = el('button', { type: 'button', class: 'secondary', id: 'waiting-refresh' }, 'Refresh');
  const section = createSection('waiting', 'Waiting now', body, el('div', { class: 'actions start' }, refreshButton));
  refreshButton.addEventListener('click', () => {
    void whileBusy(section.root, async () => {
      setStatus(section.status, null);
      if ((await refresh()) !== null) setStatus(section.status, 'info', 'Up to date.');
    });
  });

  return {
    section,
    render(state) {
      const { waiting } = state;
      const busy = waiting.handoffs.filter((h) => waitingTotal(h) > 0);
      replaceChildren(
        body,
        busy.length === 0
          ? el('p', { class: 'empty' }, 'Nothing is waiting: every logged output has moved on.')
          : el(
              'ul',
              { class: 'waiting-list', 'aria-label': 'Waiting by handoff' },
              ...busy.map((w) => {
                const stalled = isStalled(
                  w,
                  state.handoffs.find((h) => h.handoffId === w.handoffId),
                );
                return el(
                  'li',
                  { class: stalled ? 'waiting-item stalled' : 'waiting-item', 'data-handoff-id': w.handoffId },
                  el('p', { class: 'waiting-name' }, `${w.handoffId} — ${w.task}`),
                  el(
                    'dl',
                    { class: 'counts' },
                    count('Review', w.awaitingReview),
                    count('Details', w.needsDetails),
                    count('Next step', w.awaitingNextStep),
                    count('Revision', w.awaitingRevision),
                    count('Oldest', formatAge(w.oldestHours)),
                  ),
                  stalled ? el('p', { class: 'stall-note' }, 'Stalled: past its stall time.') : null,
                );
              }),
            ),
        waiting.needsDetails.length === 0
          ? null
          : group(
              `Needs details (${waiting.needsDetailsTotal})`,
              waiting.needsDetails.map((n) => `${n.outputId} ${n.output} (${n.decision}): ${n.reason}`),
              'waiting-needs-details',
            ),
        waiting.unapproved.length === 0
          ? null
          : group(
              'Shipped without approval',
              waiting.unapproved.map((n) => `${n.outputId} ${n.output}: ${n.reason}`),
              'waiting-unapproved',
            ),
        waiting.changedAfterShipping.length === 0
          ? null
          : group(
              'Changed after shipping',
              waiting.changedAfterShipping.map((n) => `${n.outputId} ${n.output}: ${n.reason}`),
              'waiting-changed-after-shipping',
            ),
        waiting.ownerProblems.length === 0
          ? null
          : group(
              'Owners the reminders cannot reach',
              waiting.ownerProblems.map((p) => `${p.outputId} ${FIELD_LABELS[p.field] ?? p.field} "${p.value}": ${p.problem}`),
              'waiting-owner-problems',
            ),
        waiting.heldBack.length === 0 ? null : group('Reminders held back until the next run (mail quota)', waiting.heldBack, 'waiting-held-back'),
      );
    },
  };
}

function count(label: string, value: number | string): HTMLDivElement {
  return el('div', { class: 'count' }, el('dt', {}, label), el('dd', {}, String(value)));
}

function group(title: string, lines: readonly string[], id: string): HTMLElement {
  return el('div', { class: 'waiting-group', id }, el('h3', {}, title), el('ul', {}, ...lines.map((line) => el('li', {}, line))));
}
