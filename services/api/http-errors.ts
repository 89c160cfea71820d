import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { FieldError, NotFoundError } from '../errors.ts';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { StationsUnavailableError } from '../stations/station-control.ts';
import { bodyReadErrorResponse } from './body-read-error.ts';
import { maxBodyBytes } from './json-body.ts';
import { specificIssues } from './zod-issues.ts';
import type { ErrorBody, Problem } from '../../contract/error-body.ts';
import { processLogger } from '../../runtime/logger.ts';
import { requestLogger } from './request-telemetry.ts';

export type { ErrorBody, Problem };

/** Parses a request body, throwing a ZodError that `errorHandler` turns into a 400. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return schema.parse(body ?? {});
}

/** Parses a query string the same way; repeated parameters are refused by the schema. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  return schema.parse(query ?? {});
}

export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) requestLogger(res, processLogger()).error({ err: error }, 'request failed');
  res.status(status).json(body);
};

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof z.ZodError) {
    const problems = specificIssues(error.issues).map((issue) => ({
      field: issue.path.length > 0 ? formatPath(issue.path) : '(body)',
      problem: issue.message,
    }));
    return {
      status: 400,
      body: { error: problems.map((p) => `${p.field}: ${p.problem}`).join('; '), problems },
    };
  }
  if (error instanceof FieldError) {
    return {
      status: error.status,
      body: { error: error.message, problems: [{ field: error.field, problem: error.problem }] },
    };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { error: error.message } };
  if (error instanceof StationsUnavailableError) {
    return { status: 503, body: { error: error.message } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { error: 'the database is unavailable; try again shortly (see /api/health)' },
    };
  }
  const bodyError = bodyReadErrorResponse(error, maxBodyBytes);
  if (bodyError !== null) return bodyError;
  return { status: 500, body: { error: 'internal error; the server log has the details' } };
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
