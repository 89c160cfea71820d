import express, { type Express } from 'express';
import { z } from 'zod';
import { openApiDocument, type OpenApiDocument } from '../../contract/openapi-document.ts';
import { createApp as createServicesApp, type AppDeps } from '../../services/api/create-app.ts';

/** A documented answer: the JSON body's schema, as the document states it, or none. */
interface DocumentedAnswer {
  schema: z.ZodType | null;
}

interface DocumentedOperation {
  method: string;
  template: string;
  pattern: RegExp;
  answers: Map<number, DocumentedAnswer>;
}

/**
 * The document's schemas as zod validators: the JSON Schema the document publishes is converted
 * back (its component references made local), so answers are checked against what clients read,
 * not against the zod schemas it was generated from.
 */
function validatorFor(document: OpenApiDocument, schema: Record<string, unknown>): z.ZodType {
  const root = { ...schema, $defs: document.components.schemas };
  const local = JSON.stringify(root).replaceAll('"#/components/schemas/', '"#/$defs/');
  return z.fromJSONSchema(JSON.parse(local) as Parameters<typeof z.fromJSONSchema>[0]);
}

function documentedOperations(document: OpenApiDocument): DocumentedOperation[] {
  const validator = (schema: Record<string, unknown>): z.ZodType => validatorFor(document, schema);
  const operations: DocumentedOperation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    const pattern = new RegExp(
      `^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    for (const [method, operation] of Object.entries(methods)) {
      const answers = new Map<number, DocumentedAnswer>();
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.['application/json']?.schema;
        answers.set(Number(status), { schema: schema === undefined ? null : validator(schema) });
      }
      operations.push({ method, template, pattern, answers });
    }
  }
  // A literal path segment is more specific than a parameter: try those templates first.
  return operations.sort(
    (a, b) => (a.template.match(/\{/g) ?? []).length - (b.template.match(/\{/g) ?? []).length,
  );
}

let checks: { operations: DocumentedOperation[]; errorBody: z.ZodType } | undefined;

/**
 * What is wrong with a JSON answer by the API document, or null when it is as documented: the
 * route, its status and its body. Unknown /api paths must answer the documented error body.
 */
export function responseProblem(
  method: string,
  path: string,
  status: number,
  body: unknown,
): string | null {
  if (checks === undefined) {
    const document = openApiDocument('test');
    checks = {
      operations: documentedOperations(document),
      errorBody: validatorFor(document, { $ref: '#/components/schemas/ErrorBody' }),
    };
  }
  const { operations, errorBody } = checks;
  const operation = operations.find(
    (o) => o.method === method.toLowerCase() && o.pattern.test(path),
  );
  const where = `${method} ${path} answered ${status}`;
  if (operation === undefined) {
    if (!path.startsWith('/api/') && path !== '/api') return null;
    const result = errorBody.safeParse(body);
    return status === 404 && result.success ? null : `${where}: not a documented route`;
  }
  const answer = operation.answers.get(status);
  if (answer === undefined) return `${where}: status not documented for ${operation.template}`;
  if (answer.schema === null) return `${where}: documented without a JSON body`;
  const result = answer.schema.safeParse(body);
  return result.success ? null : `${where}: ${z.prettifyError(result.error)}`;
}

/**
 * The services' express app with every JSON answer checked against the OpenAPI document, for
 * API tests. An answer that breaks the document is replaced by a 500 whose body says how, so the
 * test that provoked it fails at its status or body assertion and shows why.
 */
export function createApp(deps: AppDeps): Express {
  const checked = express();
  checked.disable('x-powered-by');
  checked.use((req, res, next) => {
    // Taken now: routers mounted further in rewrite the request's path to their own.
    const path = req.path;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      // The wire form: what JSON.stringify makes of NaN, undefined fields and dates.
      const wire: unknown = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
      const problem = responseProblem(req.method, path, res.statusCode, wire);
      if (problem === null) return json(body);
      console.error(`response breaks the API document: ${problem}`);
      return res
        .status(500)
        .type('json')
        .send(JSON.stringify({ error: `response breaks the API document: ${problem}` }));
    };
    next();
  });
  // As the services listening on loopback do: a test's request without a credential comes from
  // this machine and acts as a researcher; tests of other roles send their tokens.
  checked.use(createServicesApp({ trustLoopback: true, ...deps }));
  return checked;
}
