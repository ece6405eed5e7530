// The outbox: every email the add-on sent, readable as its recipient would see it. The HTML body
// goes into a sandboxed iframe with no permissions at all, so nothing in a message (a script, a
// form, a link target) can run or reach the playground.

import { el, replaceChildren } from '../../src/sidebar/dom';
import type { PlaygroundState } from '../api';

type Message = PlaygroundState['outbox'][number];

export function createOutbox(
  list: HTMLElement,
  view: HTMLElement,
  count: HTMLElement,
  formatTime: (iso: string) => string,
): (outbox: PlaygroundState['outbox']) => void {
  let messages: readonly Message[] = [];
  let drawn = '';
  let open: number | null = null;
  let plain = false;

  const drawList = () => {
    count.textContent = `(${messages.length})`;
    if (messages.length === 0) {
      replaceChildren(list, el('li', { class: 'empty' }, 'No email sent yet.'));
      return;
    }
    // Newest first: the one just sent is the one you want to read.
    const rows = messages
      .map((message, index) => ({ message, index }))
      .reverse()
      .map(({ message, index }) =>
        el(
          'li',
          {},
          el(
            'button',
            { type: 'button', class: 'message-item', 'data-index': index, 'aria-pressed': open === index ? 'true' : 'false' },
            el('span', { class: 'subject' }, message.subject || '(no subject)'),
            el('span', { class: 'meta' }, `To ${message.to} · ${formatTime(message.at)}`),
          ),
        ),
      );
    replaceChildren(list, ...rows);
  };

  const drawMessage = () => {
    const message = open === null ? undefined : messages[open];
    if (!message) {
      replaceChildren(view, el('p', { class: 'empty' }, messages.length === 0 ? '' : 'Choose an email to read it.'));
      return;
    }
    const hasHtml = message.htmlBody !== '';
    const headers = el('dl', { class: 'headers' });
    for (const [label, value] of [
      ['From', message.from],
      ['To', message.to],
      ['Cc', message.cc],
      ['Date', formatTime(message.at)],
      ['Subject', message.subject],
    ] as const) {
      if (value !== '') headers.append(el('dt', {}, label), el('dd', {}, value));
    }
    const toggle = hasHtml ? el('button', { type: 'button', id: 'message-format', 'aria-pressed': plain ? 'true' : 'false' }, 'Plain text') : null;
    toggle?.addEventListener('click', () => {
      plain = !plain;
      drawMessage();
    });
    const body =
      hasHtml && !plain
        ? el('iframe', { class: 'message-html', sandbox: '', title: `Email: ${message.subject}`, srcdoc: message.htmlBody, referrerpolicy: 'no-referrer' })
        : el('pre', { class: 'message-text', tabindex: 0, 'aria-label': 'Email text' }, message.body);
    replaceChildren(view, el('div', { class: 'message-head' }, headers, toggle), body);
  };

  list.addEventListener('click', (event) => {
    const item = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('[data-index]') : null;
    if (!item) return;
    open = Number(item.dataset.index);
    drawList();
    drawMessage();
    list.querySelector<HTMLButtonElement>(`[data-index="${open}"]`)?.focus();
  });

  return (outbox) => {
    const key = JSON.stringify(outbox);
    if (key === drawn) return;
    drawn = key;
    messages = outbox;
    if (open !== null && open >= messages.length) open = null;
    drawList();
    drawMessage();
  };
}
