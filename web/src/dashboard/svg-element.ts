const svgNs = 'http://www.w3.org/2000/svg';

/** A new SVG element with attributes and optional text, for drawing plots without innerHTML. */
export function svgElement(
  tag: string,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElement {
  const created = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
  if (text !== undefined) created.textContent = text;
  return created;
}

/** Shortens a label to `max` characters with an ellipsis, so narrow plots keep their layout. */
export function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, Math.max(1, max - 1))}…`;
}
