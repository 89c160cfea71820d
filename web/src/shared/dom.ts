/** The element with this id, of the expected class; a page missing it is a build mistake. */
export function requireElement<T extends HTMLElement | SVGElement>(
  id: string,
  kind: abstract new () => T,
): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) {
    throw new Error(`the page has no <${kind.name}> with id "${id}"; is the HTML out of date?`);
  }
  return element;
}

/** The first element under `root` matching `selector`, of the expected class. */
export function requireChild<T extends Element>(
  root: ParentNode,
  selector: string,
  kind: abstract new () => T,
): T {
  const element = root.querySelector(selector);
  if (!(element instanceof kind)) throw new Error(`no ${kind.name} matches "${selector}"`);
  return element;
}

/** A new element with a class and text, for building rows and controls without innerHTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className !== undefined) created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}
