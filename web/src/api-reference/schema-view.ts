import { element } from '../shared/dom.ts';
import { inlineCode } from './inline-code.ts';

/** A JSON Schema (2020-12) as the OpenAPI document holds it. */
export type JsonSchema = Record<string, unknown>;

const componentPrefix = '#/components/schemas/';

/** The anchor of a named schema on the page. */
export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const schemaList = (value: unknown): JsonSchema[] =>
  Array.isArray(value) ? value.filter(isSchema) : [];

/**
 * A schema for a reader: a one-line label (`array of CampaignView`, `"A" | "B" | "tie"`,
 * `number or null`) and, for objects and unions, the fields or alternatives beneath it. Named
 * schemas are links to their own entry, so a large answer reads one level at a time.
 */
export function schemaView(schema: JsonSchema): HTMLElement {
  const root = element('div', 'schema');
  root.append(schemaLabel(schema));
  const detail = schemaDetail(schema);
  if (detail !== null) root.append(detail);
  return root;
}

function schemaLabel(schema: JsonSchema): HTMLElement {
  const label = element('span', 'schema-type');
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.startsWith(componentPrefix) ? ref.slice(componentPrefix.length) : ref;
    const link = element('a', undefined, name);
    link.href = `#${schemaAnchor(name)}`;
    label.append(link);
    return label;
  }
  const alternatives = schemaList(schema['anyOf'] ?? schema['oneOf']);
  if (alternatives.length > 0) {
    const nonNull = alternatives.filter((a) => a['type'] !== 'null');
    if (nonNull.length === 1 && alternatives.length === 2) {
      label.append(schemaLabel(nonNull[0]!), ' or null');
    } else {
      label.append('one of the alternatives below');
    }
    return withConstraints(label, schema);
  }
  if (Array.isArray(schema['enum'])) {
    label.textContent = schema['enum'].map((v) => JSON.stringify(v)).join(' | ');
    return withConstraints(label, schema);
  }
  if ('const' in schema) {
    label.textContent = JSON.stringify(schema['const']);
    return label;
  }
  const types = [schema['type']].flat().filter((t): t is string => typeof t === 'string');
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null');
  if (type === 'array') {
    const tuple = schemaList(schema['prefixItems']);
    if (tuple.length > 0) {
      label.append('[');
      tuple.forEach((item, i) => label.append(...(i > 0 ? [', '] : []), schemaLabel(item)));
      label.append(']');
    } else {
      const items = isSchema(schema['items']) ? schema['items'] : {};
      label.append('array of ', schemaLabel(items));
    }
  } else if (type === 'object' && !isSchema(schema['properties'])) {
    const values = schema['additionalProperties'];
    label.append('map of string to ', schemaLabel(isSchema(values) ? values : {}));
  } else {
    label.textContent = type ?? 'any JSON value';
  }
  if (nullable) label.append(' or null');
  return withConstraints(label, schema);
}

/** Bounds, patterns and defaults, in the words a reader would use. */
function withConstraints(label: HTMLElement, schema: JsonSchema): HTMLElement {
  const notes: string[] = [];
  const add = (key: string, words: string): void => {
    const value = schema[key];
    if (value !== undefined) notes.push(`${words} ${JSON.stringify(value)}`);
  };
  add('minimum', '≥');
  add('maximum', '≤');
  add('minLength', 'length ≥');
  add('maxLength', 'length ≤');
  add('minItems', 'items ≥');
  add('maxItems', 'items ≤');
  add('pattern', 'matches');
  add('format', 'format');
  add('default', 'default');
  if (notes.length > 0) label.append(element('span', 'schema-notes', ` (${notes.join(', ')})`));
  return label;
}

function schemaDetail(schema: JsonSchema): HTMLElement | null {
  if (typeof schema['$ref'] === 'string') return null;
  const alternatives = schemaList(schema['anyOf'] ?? schema['oneOf']);
  if (alternatives.length > 0) {
    const nonNull = alternatives.filter((a) => a['type'] !== 'null');
    if (nonNull.length === 1) return schemaDetail(nonNull[0]!);
    const list = element('ol', 'schema-alternatives');
    for (const alternative of alternatives) {
      const item = element('li');
      item.append(schemaView(alternative));
      list.append(item);
    }
    return list;
  }
  if (isSchema(schema['items'])) return schemaDetail(schema['items']);
  const properties = schema['properties'];
  if (!isSchema(properties)) return null;
  const required = new Set(Array.isArray(schema['required']) ? schema['required'] : []);
  const fields = element('dl', 'schema-fields');
  for (const [name, property] of Object.entries(properties)) {
    if (!isSchema(property)) continue;
    const term = element('dt');
    term.append(element('code', undefined, name));
    if (!required.has(name)) term.append(element('span', 'schema-optional', ' optional'));
    const definition = element('dd');
    definition.append(schemaLabel(property));
    const description = property['description'];
    if (typeof description === 'string') {
      const text = element('div', 'schema-description');
      text.append(...inlineCode(description));
      definition.append(text);
    }
    const nested = schemaDetail(property);
    if (nested !== null) definition.append(nested);
    fields.append(term, definition);
  }
  return fields;
}
