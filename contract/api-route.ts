import type { z } from 'zod';

/** One documented answer of a route: a JSON body with its schema, or another kind of content. */
export interface ApiResponse {
  description: string;
  /** The JSON body; absent for an answer without one (204) or one that is not JSON. */
  schema?: z.ZodType;
  /** For an answer that is not JSON: its media type (`text/event-stream`, `text/html`). */
  contentType?: string;
}

/**
 * Who may call a route. `public`: anyone. `judge`: a crowd judge (on their own tickets only).
 * `station`: the evaluator or the station worker of the station the path names (only the
 * evaluator changes anything). `researcher`: researchers only; everything that names a policy or
 * a comparison is theirs. A researcher may call every route.
 */
export type ApiAccess = 'public' | 'judge' | 'station' | 'researcher';

/**
 * One HTTP route as the API promises it: what it takes (path parameters, query, JSON body) and
 * every status it answers with. The OpenAPI document is generated from these, and tests check
 * the express app against them both ways.
 */
export interface ApiRoute {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI path template: `/api/campaigns/{ref}`. */
  path: string;
  /** The group the reference page lists the route under. */
  tag: string;
  /** Checked before anything else, the body included: see ApiAccess. */
  access: ApiAccess;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Readonly<Record<number, ApiResponse>>;
}
