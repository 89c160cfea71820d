import { z } from 'zod';
import type { ApiRoute } from './api-route.ts';
import { apiRoutes } from './api-routes.ts';
import { namedRequestSchemas, namedResponseSchemas } from './openapi-schemas.ts';

type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document this API uses. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  tags: { name: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, Record<string, string>>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  /** Absent for a public route; otherwise a bearer token or the session cookie. */
  security?: Record<string, string[]>[];
  /** Who may call it: the route's `access` in the contract. */
  'x-access': ApiRoute['access'];
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: JsonSchema }> }
  >;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

const componentUri = (id: string): string => `#/components/schemas/${id}`;

/**
 * Every route of `routes` as an OpenAPI 3.1 document, the schemas converted from the contract's
 * zod schemas (requests as they are sent, responses as they are answered).
 */
export function openApiDocument(
  version: string,
  routes: readonly ApiRoute[] = apiRoutes,
): OpenApiDocument {
  const requests = new SchemaSet('input', namedRequestSchemas);
  const responses = new SchemaSet('output', namedResponseSchemas);
  const operations = routes.map((route) => ({ route, refs: collect(route, requests, responses) }));
  const inputs = requests.convert();
  const outputs = responses.convert();
  const paths: OpenApiDocument['paths'] = {};
  for (const { route, refs } of operations) {
    const parameters = [
      ...parametersOf(route.params, 'path', refs.params, inputs),
      ...parametersOf(route.query, 'query', refs.query, inputs),
    ];
    const responseObjects: OpenApiOperation['responses'] = {};
    for (const [status, response] of Object.entries(route.responses)) {
      const id = refs.responses.get(Number(status));
      const content =
        id !== undefined
          ? { 'application/json': { schema: outputs.schemaFor(id) } }
          : response.contentType !== undefined
            ? { [response.contentType]: {} }
            : undefined;
      responseObjects[status] = {
        description: response.description,
        ...(content === undefined ? {} : { content }),
      };
    }
    const operation: OpenApiOperation = {
      operationId: operationId(route),
      tags: [route.tag],
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(route.access === 'public' ? {} : { security: [{ bearer: [] }, { session: [] }] }),
      'x-access': route.access,
      ...(refs.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: inputs.schemaFor(refs.body) } },
            },
          }),
      responses: responseObjects,
    };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'policy-arena',
      version,
      description:
        'Paired, double-blind evaluation of robot policies. Every error answers with ' +
        '`{ error, problems? }`, where `problems` names each refused field.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...inputs.components(), ...outputs.components() },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token from arena token create.' },
        session: { type: 'apiKey', in: 'cookie', name: 'arena_session' },
      },
    },
  };
}

/** `getCampaignsRefLeaderboard`, `postJudgingVotes`: unique per method and path. */
function operationId(route: ApiRoute): string {
  const words = route.path
    .replace(/^\/api\//, '/')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '' && w !== 'json');
  return route.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

interface RouteRefs {
  params?: string;
  query?: string;
  body?: string;
  responses: Map<number, string>;
}

function collect(route: ApiRoute, requests: SchemaSet, responses: SchemaSet): RouteRefs {
  const refs: RouteRefs = { responses: new Map() };
  if (route.params !== undefined) refs.params = requests.add(route.params);
  if (route.query !== undefined) refs.query = requests.add(route.query);
  if (route.body !== undefined) refs.body = requests.add(route.body);
  for (const [status, response] of Object.entries(route.responses)) {
    if (response.schema !== undefined) {
      refs.responses.set(Number(status), responses.add(response.schema));
    }
  }
  return refs;
}

function parametersOf(
  schema: z.ZodObject | undefined,
  where: 'path' | 'query',
  id: string | undefined,
  converted: ConvertedSchemas,
): OpenApiParameter[] {
  if (schema === undefined || id === undefined) return [];
  const object = converted.inline(id);
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

interface ConvertedSchemas {
  /** A `$ref` for a named schema, the schema itself otherwise. */
  schemaFor(id: string): JsonSchema;
  /** The schema itself, even for a named one. */
  inline(id: string): JsonSchema;
  components(): Record<string, JsonSchema>;
}

const anonymousPrefix = 'anonymous-';

/**
 * The schemas of one direction (requests or responses), converted together so that a named
 * schema nested anywhere becomes a `$ref` to its component.
 */
class SchemaSet {
  private readonly registry = z.registry<{ id: string }>();
  private readonly ids = new Map<z.ZodType, string>();
  private readonly named = new Set<string>();

  constructor(
    private readonly io: 'input' | 'output',
    private readonly namedSchemas: Readonly<Record<string, z.ZodType>>,
  ) {}

  /** Registers `schema` (and, once, every named schema) and returns its id. */
  add(schema: z.ZodType): string {
    if (this.ids.size === 0) {
      for (const [id, named] of Object.entries(this.namedSchemas)) this.register(named, id);
      for (const id of Object.keys(this.namedSchemas)) this.named.add(id);
    }
    return this.ids.get(schema) ?? this.register(schema, `${anonymousPrefix}${this.ids.size}`);
  }

  private register(schema: z.ZodType, id: string): string {
    this.ids.set(schema, id);
    this.registry.add(schema, { id });
    return id;
  }

  convert(): ConvertedSchemas {
    const schemas: Record<string, JsonSchema> =
      this.ids.size === 0
        ? {}
        : z.toJSONSchema(this.registry, { io: this.io, uri: componentUri }).schemas;
    // Each converted schema names itself ($id) and its dialect ($schema); inside the document the
    // component path names it and `jsonSchemaDialect` gives the dialect.
    const clean = (schema: JsonSchema): JsonSchema =>
      Object.fromEntries(
        Object.entries(schema).filter(([key]) => key !== '$id' && key !== '$schema'),
      );
    const used = new Set<string>();
    // Only the named schemas some route reaches belong in the document.
    const reach = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(reach);
      if (typeof value !== 'object' || value === null) return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith(componentUri(''))) {
          const id = inner.slice(componentUri('').length);
          if (!used.has(id)) {
            used.add(id);
            reach(schemas[id]);
          }
        } else reach(inner);
      }
    };
    const lookup = (id: string): JsonSchema => {
      const schema = schemas[id];
      if (schema === undefined) throw new Error(`no schema was converted for ${id}`);
      return clean(schema);
    };
    return {
      schemaFor: (id) => {
        if (this.named.has(id)) {
          used.add(id);
          reach(schemas[id]);
          return { $ref: componentUri(id) };
        }
        const schema = lookup(id);
        reach(schema);
        return schema;
      },
      inline: (id) => {
        const schema = lookup(id);
        reach(schema);
        return schema;
      },
      components: () => Object.fromEntries([...used].sort().map((id) => [id, lookup(id)] as const)),
    };
  }
}
