import { Router } from 'express';
import { judgingReplay } from '../judging/judging-replay.ts';
import { nextForJudge } from '../judging/next-for-judge.ts';
import { recordVote } from '../judging/record-vote.ts';
import type { Response } from 'express';
import { principalOf } from '../auth/authenticate.ts';
import { MemoryRateLimiter } from '../auth/rate-limits.ts';
import { judgeOf } from '../auth/principal.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody, parseQuery } from './http-errors.ts';
import { nextJudgingQuery, replayQuery, voteRequest } from '../../contract/request-schemas.ts';

/**
 * Crowd judging: the next comparison for a judge as a ticket, its two replays as "left" and
 * "right", and votes. A ticket is random and bound to its judge; which episode a view shows was
 * drawn when it was issued and is known only to the server.
 */
export function judgingRoutes({ db, artifacts, onJudgement, rateLimits }: AppDeps): Router {
  const router = Router();
  const limits = rateLimits ?? new MemoryRateLimiter();

  router.get('/judging/next', async (req, res) => {
    const { exclude } = parseQuery(nextJudgingQuery, req.query);
    const item = await nextForJudge(db, judgeIn(res), exclude);
    if (item === null) {
      res.status(204).end();
      return;
    }
    const replay = (view: string): string =>
      `/api/judging/replays/${encodeURIComponent(item.ticket)}/${view}`;
    res.json({
      ticket: item.ticket,
      instruction: item.instruction,
      task: item.task,
      replays: { left: replay('left'), right: replay('right') },
    });
  });

  router.get('/judging/replays/:ticket/:view', async (req, res) => {
    const { view, ticket } = parseQuery(replayQuery, req.params);
    const body = await judgingReplay(db, artifacts, judgeIn(res), ticket, view);
    // Written by hand rather than res.json: no ETag or Last-Modified, whose values would let a
    // judge match this replay against one fetched elsewhere; both views carry the same headers.
    res.status(200);
    res.set({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  });

  router.post('/judging/votes', async (req, res) => {
    const judgeOk = await limits.take('vote-judge', judgeIn(res));
    if (!judgeOk || !(await limits.take('vote-address', req.ip ?? 'unknown'))) {
      res.set('retry-after', '60');
      res.status(429).json({
        error: `${judgeOk ? 'address' : 'judge'}: too many votes in a minute; wait a little`,
        problems: [{ field: judgeOk ? 'address' : 'judge', problem: 'too many votes in a minute' }],
      });
      return;
    }
    const vote = parseBody(voteRequest, req.body);
    const { recorded, campaignId } = await recordVote(db, { ...vote, judge: judgeIn(res) });
    if (recorded) onJudgement?.(campaignId);
    res.status(recorded ? 201 : 200).json({ recorded });
  });

  return router;
}

/** The judge is whoever holds the credential: a vote cannot name someone else. */
function judgeIn(res: Response): string {
  const principal = principalOf(res);
  if (principal === null) throw new Error('judging routes are reached only when signed in');
  return judgeOf(principal);
}
