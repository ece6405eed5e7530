// 0. My queue: what waits on the signed-in person, oldest first, with the action each needs.
// It opens first: a person should not hunt through the Register for their own work.
import type { QueueItem, SidebarState } from '../shared/rpc';
import { el, replaceChildren } from './dom';
import { formatAge } from './format';
import { createSection, type Section } from './section';

export interface QueueActions {
  /** Open the review panel on this output (to review, to finish, to ship). */
  review(outputId: string): void;
  /** Open Log an AI output, pre-filled as a revision of this output. */
  revise(item: QueueItem): void;
}

export interface QueueSection {
  readonly section: Section;
  render(state: SidebarState): void;
}

type ListKey = 'toReview' | 'toFinish' | 'toShip' | 'toRevise' | 'sentBack';

const LISTS: readonly { key: ListKey; title: string; empty: string; action?: string }[] = [
  { key: 'toReview', title: 'To review', empty: 'Nothing waits for your review.', action: 'Review' },
  { key: 'toFinish', title: 'To finish', empty: 'No decision of yours lacks details.', action: 'Finish' },
  { key: 'toShip', title: 'To ship', empty: 'Nothing approved waits on you to ship it.', action: 'Mark shipped' },
  { key: 'toRevise', title: 'To revise', empty: 'None of your outputs was sent back.', action: 'Log revision' },
  { key: 'sentBack', title: 'You sent back', empty: 'Nothing you rejected is waiting for its revision.' },
];

export function createQueueSection(actions: QueueActions): QueueSection {
  const counts = el('p', { class: 'queue-counts', id: 'queue-counts' });
  const body = el('div', { id: 'queue-body' });
  const section = createSection('queue', 'My queue', counts, body);
  return {
    section,
    render(state) {
      const { queue } = state;
      const total = queue.totals.toReview + queue.totals.toFinish + queue.totals.toShip + queue.totals.toRevise;
      counts.textContent =
        state.user === ''
          ? 'Google did not say who you are, so nothing can be shown as yours.'
          : total === 0
            ? 'Nothing waits on you. Log an AI output, or look at Waiting now for the team.'
            : `${queue.totals.toReview} to review · ${queue.totals.toFinish} to finish · ${queue.totals.toShip} to ship · ${queue.totals.toRevise} to revise`;
      replaceChildren(
        body,
        ...LISTS.filter((list) => list.key !== 'sentBack' || queue.totals.sentBack > 0).map((list) => {
          const items = queue[list.key];
          const more = queue.totals[list.key] - items.length;
          return el(
            'div',
            { class: 'queue-list', id: `queue-${list.key}` },
            el('h3', {}, `${list.title} (${queue.totals[list.key]})`),
            items.length === 0
              ? el('p', { class: 'empty' }, list.empty)
              : el(
                  'ul',
                  {},
                  ...items.map((item) => {
                    const button =
                      list.action === undefined ? null : el('button', { type: 'button', class: 'secondary', 'data-output-id': item.outputId }, list.action);
                    button?.addEventListener('click', () => (list.key === 'toRevise' ? actions.revise(item) : actions.review(item.outputId)));
                    return el(
                      'li',
                      { class: 'queue-item' },
                      el('p', { class: 'queue-title' }, `${item.outputId} ${item.output}`),
                      el('p', { class: 'meta' }, `${item.handoffId} ${item.task} · waiting ${formatAge(item.waitingHours)}`),
                      item.detail === '' ? null : el('p', { class: 'queue-detail' }, item.detail),
                      button,
                    );
                  }),
                ),
            more > 0 ? el('p', { class: 'meta' }, `and ${more} more, oldest first above`) : null,
          );
        }),
      );
    },
  };
}
