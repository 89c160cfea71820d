import type { RequestHandler } from 'express';
import { principalOf } from './authenticate.ts';
import type { Principal } from './principal.ts';

/**
 * Who may call what, in one place, and closed by default: any API path not listed here is for
 * researchers. Judges reach only their tickets and replays; evaluators and station workers only
 * their own station. Every policy name, comparison id, episode, campaign, leaderboard and export
 * sits behind the researcher role.
 */
export const authorize: RequestHandler = (req, res, next) => {
  const rule = ruleFor(req.method, req.path);
  if (rule === 'public') return next();
  const principal = principalOf(res);
  if (principal === null) {
    res.status(401).json({
      error:
        'sign in first: open the link `arena token create` printed, or send Authorization: Bearer <token>',
    });
    return;
  }
  if (principal.role === 'researcher' || rule(principal)) return next();
  res
    .status(403)
    .json({ error: `a ${principal.role} credential may not ${req.method} ${req.path}` });
};

type Rule = 'public' | ((principal: Principal) => boolean);

/** `req.path` as seen from the /api mount: `/judging/next`, `/stations/lab-1/signals`, … */
function ruleFor(method: string, path: string): Rule {
  if (path === '/health' || path === '/session') return 'public';
  if (path.startsWith('/judging/')) return (p) => p.role === 'judge';
  const station = /^\/stations\/([^/]+)(\/signals|\/evaluations)?$/.exec(path);
  if (station !== null) {
    const name = decodeURIComponent(station[1]!);
    const ownStation = (p: Principal): boolean => p.station === name;
    if (station[2] === undefined && method === 'GET')
      return (p) => (p.role === 'evaluator' || p.role === 'station') && ownStation(p);
    // Only the person at the robot starts, stops and scores; the worker process cannot.
    return (p) => p.role === 'evaluator' && ownStation(p);
  }
  return () => false;
}
