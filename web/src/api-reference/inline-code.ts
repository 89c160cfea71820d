import { element } from '../shared/dom.ts';

/**
 * A description as nodes, its CommonMark code spans (`like this`) as <code>: the only markup
 * the document's descriptions use.
 */
export function inlineCode(text: string): Node[] {
  return text
    .split(/(`[^`]+`)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('`') && part.endsWith('`')
        ? element('code', undefined, part.slice(1, -1))
        : document.createTextNode(part),
    );
}
