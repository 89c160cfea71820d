import type { OpenApiOperation } from '../../../contract/openapi-document.ts';
import { element } from '../shared/dom.ts';
import { inlineCode } from './inline-code.ts';
import { schemaView } from './schema-view.ts';

/**
 * One route: method and path, what it is for, its parameters, its request body and every answer
 * with the schema of its body.
 */
export function operationView(
  method: string,
  path: string,
  operation: OpenApiOperation,
): HTMLElement {
  const article = element('article', 'operation');
  article.id = operation.operationId;
  const heading = element('h3');
  heading.append(
    element('span', `method method-${method}`, method.toUpperCase()),
    ' ',
    element('code', 'path', path),
  );
  article.append(heading, element('p', 'summary', operation.summary));
  if (operation.description !== undefined) {
    const description = element('p', 'muted');
    description.append(...inlineCode(operation.description));
    article.append(description);
  }

  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    article.append(element('h4', undefined, 'Parameters'));
    const table = element('table', 'parameters');
    const head = element('tr');
    for (const title of ['name', 'in', 'type', '']) head.append(element('th', undefined, title));
    table.append(head);
    for (const parameter of parameters) {
      const row = element('tr');
      const name = element('td');
      name.append(element('code', undefined, parameter.name));
      const type = element('td');
      type.append(schemaView(parameter.schema));
      const notes = [parameter.required ? 'required' : 'optional', parameter.description ?? ''];
      row.append(
        name,
        element('td', undefined, parameter.in),
        type,
        element('td', 'muted', notes.filter((n) => n !== '').join('. ')),
      );
      table.append(row);
    }
    article.append(table);
  }

  const body = operation.requestBody?.content['application/json'].schema;
  if (body !== undefined) {
    article.append(element('h4', undefined, 'Request body (JSON)'), schemaView(body));
  }

  article.append(element('h4', undefined, 'Responses'));
  const responses = element('dl', 'responses');
  for (const [status, response] of Object.entries(operation.responses)) {
    const term = element('dt');
    term.append(element('span', `status status-${status[0]}xx`, status));
    const definition = element('dd');
    const description = element('div');
    description.append(...inlineCode(response.description));
    definition.append(description);
    for (const [mediaType, content] of Object.entries(response.content ?? {})) {
      if (content.schema !== undefined) definition.append(schemaView(content.schema));
      else definition.append(element('div', 'muted', mediaType));
    }
    responses.append(term, definition);
  }
  article.append(responses);
  return article;
}
