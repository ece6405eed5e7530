// Elements are built with createElement and text nodes only: sheet values are user text and
// must never reach innerHTML.

type AttributeValue = string | number | boolean | undefined;
export type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, AttributeValue>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(parent: Node & ParentNode, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

export function replaceChildren(parent: Node & ParentNode, ...children: readonly Child[]): void {
  while (parent.firstChild) parent.firstChild.remove();
  append(parent, children);
}

/** Only web addresses become links: a "javascript:" value typed into the sheet stays text. */
export function safeHref(link: string): string | undefined {
  return /^https?:\/\//i.test(link.trim()) ? link.trim() : undefined;
}

export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`#${id} is missing from the sidebar`);
  return node;
}
