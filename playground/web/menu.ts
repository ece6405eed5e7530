// Extensions ▸ Handoff Register: the add-on menu exactly as the bundle's onOpen built it, as a
// menu button (Enter, Space or Down opens it; arrows move; Escape closes and returns focus).

import { el, replaceChildren } from '../../src/sidebar/dom';
import type { PlaygroundState } from '../api';

export function createAddonMenu(button: HTMLButtonElement, list: HTMLElement, choose: (functionName: string) => void): (menu: PlaygroundState['menu']) => void {
  let drawn = '';
  const items = () => Array.from(list.querySelectorAll<HTMLButtonElement>('[role="menuitem"]'));

  const open = (focusLast = false) => {
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const all = items();
    (focusLast ? all[all.length - 1] : all[0])?.focus();
  };
  const close = (returnFocus: boolean) => {
    list.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (returnFocus) button.focus();
  };

  button.addEventListener('click', () => (list.hidden ? open() : close(false)));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowUp');
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step !== 0) {
      event.preventDefault();
      all[(index + step + all.length) % all.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? all[0] : all[all.length - 1])?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      close(event.key === 'Escape');
    }
  });
  list.addEventListener('click', (event) => {
    const item = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('[data-function]') : null;
    if (!item) return;
    close(true);
    choose(item.dataset.function as string);
  });
  document.addEventListener('pointerdown', (event) => {
    if (!list.hidden && event.target instanceof Node && !list.contains(event.target) && !button.contains(event.target)) close(false);
  });

  return (menu) => {
    const key = JSON.stringify(menu);
    if (key === drawn) return;
    drawn = key;
    button.disabled = menu === null;
    button.title = menu === null ? 'The add-on has not built its menu yet (onOpen has not run).' : '';
    replaceChildren(
      list,
      ...(menu?.items ?? []).map((item) =>
        item.functionName === undefined
          ? el('div', { role: 'separator', class: 'menu-separator' })
          : el('button', { type: 'button', role: 'menuitem', tabindex: -1, 'data-function': item.functionName }, item.caption),
      ),
    );
  };
}
