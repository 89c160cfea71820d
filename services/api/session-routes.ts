import { Router } from 'express';
import { judgeInviteRequest, sessionRequest } from '../../contract/request-schemas.ts';
import type { JudgeInvite, SessionView } from '../../contract/session-view.ts';
import { createToken, principalOfToken } from '../auth/api-tokens.ts';
import { principalOf } from '../auth/authenticate.ts';
import { MemoryRateLimiter } from '../auth/rate-limits.ts';
import { sessionCookie, sessionCookieName, signSession } from '../auth/session-cookie.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody } from './http-errors.ts';

/**
 * Signing in: a browser exchanges a token once (the login page posts it from its link's
 * fragment) for an HttpOnly, SameSite=Strict session cookie; researchers invite crowd judges.
 */
export function sessionRoutes({ db, sessionSecret, rateLimits }: AppDeps): Router {
  const router = Router();
  const limits = rateLimits ?? new MemoryRateLimiter();

  router.get('/session', (_req, res) => {
    const principal = principalOf(res);
    if (principal === null) {
      res.status(401).json({ error: 'not signed in' });
      return;
    }
    const view: SessionView = { role: principal.role, station: principal.station };
    res.json(view);
  });

  router.post('/session', async (req, res) => {
    // Tokens cannot be guessed; the limit keeps a scanner from trying anyway.
    if (!(await limits.take('sign-in-address', req.ip ?? 'unknown'))) {
      res.set('retry-after', '60');
      res.status(429).json({
        error: 'address: too many sign-in attempts in a minute',
        problems: [{ field: 'address', problem: 'too many sign-in attempts in a minute' }],
      });
      return;
    }
    const { token } = parseBody(sessionRequest, req.body);
    const principal = await principalOfToken(db, token);
    if (principal === null) {
      res.status(401).json({
        error: 'token: unknown or revoked',
        problems: [{ field: 'token', problem: 'unknown or revoked' }],
      });
      return;
    }
    if (sessionSecret === undefined) {
      res.status(503).json({ error: 'this server keeps no sessions; send the token as a bearer' });
      return;
    }
    res.set('set-cookie', sessionCookie(signSession(sessionSecret, principal.tokenId), req.secure));
    const view: SessionView = { role: principal.role, station: principal.station };
    res.json(view);
  });

  router.delete('/session', (_req, res) => {
    res.set('set-cookie', `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.status(204).end();
  });

  router.post('/judge-invites', async (req, res) => {
    const { label } = parseBody(judgeInviteRequest, req.body);
    const { token, info } = await createToken(db, { role: 'judge', label });
    const invite: JudgeInvite = { tokenId: info.id, loginPath: `/login#token=${token}` };
    res.status(201).json(invite);
  });

  return router;
}
