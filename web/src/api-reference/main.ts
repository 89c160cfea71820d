// The API reference page: the server's OpenAPI document, grouped by tag, every route with its
// parameters, request body and answers, and the named schemas they refer to.
import type { OpenApiDocument, OpenApiOperation } from '../../../contract/openapi-document.ts';
import { element, requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import { inlineCode } from './inline-code.ts';
import { operationView } from './operation-view.ts';
import { schemaAnchor, schemaView } from './schema-view.ts';

const status = requireElement('status', HTMLSpanElement);

function render(document: OpenApiDocument): void {
  requireElement('api-description', HTMLParagraphElement).append(
    `${document.info.title} ${document.info.version}, OpenAPI ${document.openapi}. `,
    ...inlineCode(document.info.description),
  );
  const byTag = new Map<string, { method: string; path: string; operation: OpenApiOperation }[]>(
    document.tags.map((tag) => [tag.name, []]),
  );
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      for (const tag of operation.tags) {
        const list = byTag.get(tag) ?? [];
        list.push({ method, path, operation });
        byTag.set(tag, list);
      }
    }
  }

  const contents = requireElement('api-contents', HTMLElement);
  const groups = requireElement('api-groups', HTMLDivElement);
  for (const [tag, operations] of byTag) {
    const anchor = `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const entry = element('div', 'contents-group');
    const tagLink = element('a', undefined, tag);
    tagLink.href = `#${anchor}`;
    const list = element('ul');
    for (const { method, path, operation } of operations) {
      const item = element('li');
      const link = element('a');
      link.href = `#${operation.operationId}`;
      link.append(element('span', `method method-${method}`, method.toUpperCase()), ` ${path}`);
      item.append(link);
      list.append(item);
    }
    entry.append(tagLink, list);
    contents.append(entry);

    const section = element('section', 'api-group');
    section.id = anchor;
    section.append(element('h2', undefined, tag));
    for (const { method, path, operation } of operations) {
      section.append(operationView(method, path, operation));
    }
    groups.append(section);
  }

  const schemas = requireElement('api-schema-list', HTMLDivElement);
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    const article = element('article', 'named-schema');
    article.id = schemaAnchor(name);
    article.append(element('h3', undefined, name));
    const description = schema['description'];
    if (typeof description === 'string') {
      const text = element('p', 'muted');
      text.append(...inlineCode(description));
      article.append(text);
    }
    article.append(schemaView(schema));
    schemas.append(article);
  }
  status.textContent = `${Object.keys(document.paths).length} paths`;
  // The anchors exist only now: honour one the page was opened with.
  if (location.hash !== '')
    globalThis.document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

getJson<OpenApiDocument>('/api/openapi.json').then(render, (error: unknown) => {
  status.textContent = `cannot load the API document: ${String(error)}`;
});
