import type { RequestHandler } from 'express';
import type { ApiAccess } from '../../contract/api-route.ts';
import { apiRoutes } from '../../contract/api-routes.ts';
import { principalOf } from './authenticate.ts';
import type { Principal } from './principal.ts';

interface RouteAccess {
  method: string;
  pattern: RegExp;
  access: ApiAccess;
  /** How many `{…}` parameters the template has: literal segments are more specific. */
  parameters: number;
}

/** Every /api route's access, most specific template first, from the contract's route table. */
const routeAccess: readonly RouteAccess[] = apiRoutes
  .filter((route) => route.path.startsWith('/api/'))
  .map((route) => ({
    method: route.method.toUpperCase(),
    // Matched against `req.path` below the /api mount: `/judging/next`, `/stations/lab-1`.
    pattern: new RegExp(
      `^${route.path
        .slice('/api'.length)
        .replace(/[.]/g, '\\.')
        .replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`,
    ),
    access: route.access,
    parameters: (route.path.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.parameters - b.parameters);

/**
 * Who may call what, decided by each route's `access` in contract/api-routes.ts, before the body
 * is read, and closed by default: a path the contract does not list is for researchers. Judges
 * reach only the judging routes (and there only their own tickets); evaluators and station
 * workers only their own station, and of those only the evaluator changes anything.
 */
export const authorize: RequestHandler = (req, res, next) => {
  const match = matchRoute(req.method, req.path);
  const access = match?.access ?? 'researcher';
  if (access === 'public') return next();
  const principal = principalOf(res);
  if (principal === null) {
    res.status(401).json({
      error:
        'Authorization: sign in first: open the link `arena token create` printed, or send Authorization: Bearer <token>',
      problems: [{ field: 'Authorization', problem: 'no credential' }],
    });
    return;
  }
  if (principal.role === 'researcher' || allows(access, principal, req.method, match?.station))
    return next();
  res.status(403).json({
    error: `Authorization: a ${principal.role} credential may not ${req.method} /api${req.path}`,
    problems: [{ field: 'Authorization', problem: `the ${principal.role} role may not do this` }],
  });
};

function matchRoute(
  method: string,
  path: string,
): { access: ApiAccess; station: string | undefined } | null {
  // HEAD is answered by the GET route.
  const wanted = method === 'HEAD' ? 'GET' : method;
  for (const route of routeAccess) {
    if (route.method !== wanted) continue;
    const found = route.pattern.exec(path);
    if (found === null) continue;
    const station = found.groups?.station;
    return {
      access: route.access,
      station: station === undefined ? undefined : safeDecode(station),
    };
  }
  return null;
}

function allows(
  access: Exclude<ApiAccess, 'public'>,
  principal: Principal,
  method: string,
  station: string | undefined,
): boolean {
  switch (access) {
    case 'researcher':
      return false;
    case 'judge':
      return principal.role === 'judge';
    case 'station': {
      if (principal.role !== 'evaluator' && principal.role !== 'station') return false;
      // The list of station names is for any station's people; a station's own routes only
      // for its own.
      if (station !== undefined && principal.station !== station) return false;
      // Only the person at the robot starts, stops and scores; the worker process cannot.
      return method === 'GET' || method === 'HEAD' || principal.role === 'evaluator';
    }
  }
}

/** A malformed escape stays as it is, and so names no station. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
