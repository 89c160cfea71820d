import { Router } from 'express';
import { episodeTrajectoryJson } from '../episodes/episode-trajectory.ts';
import { nextForJudge } from '../judging/next-for-judge.ts';
import { recordVote } from '../judging/record-vote.ts';
import { episodeShownOn } from '../judging/side-assignment.ts';
import type { AppDeps } from './create-app.ts';
import { parseBody, parseQuery } from './http-errors.ts';
import { nextJudgingQuery, replayQuery, voteRequest } from '../../contract/request-schemas.ts';

/**
 * Crowd judging: the next comparison for a judge, its two replays as "left" and "right", and
 * votes. Policies are never named: replays are addressed by ticket and view, and which episode a
 * view shows is decided per judge on the server.
 */
export function judgingRoutes({ db, artifacts, onJudgement }: AppDeps): Router {
  const router = Router();

  router.get('/judging/next', async (req, res) => {
    const { judge, exclude } = parseQuery(nextJudgingQuery, req.query);
    const item = await nextForJudge(db, judge, exclude);
    if (item === null) {
      res.status(204).end();
      return;
    }
    const replay = (view: string): string =>
      `/api/judging/replays/${encodeURIComponent(item.ticket)}/${view}?judge=${encodeURIComponent(judge)}`;
    res.json({
      ticket: item.ticket,
      instruction: item.instruction,
      task: item.task,
      replays: { left: replay('left'), right: replay('right') },
    });
  });

  router.get('/judging/replays/:ticket/:view', async (req, res) => {
    const { judge, view } = parseQuery(replayQuery, { ...req.query, view: req.params.view });
    const side = episodeShownOn(judge, req.params.ticket, view);
    // Replays do not change: let the browser and any proxy keep them.
    res.set('cache-control', 'private, max-age=3600');
    res.json(await episodeTrajectoryJson(db, artifacts, `${req.params.ticket}-${side}`));
  });

  router.post('/judging/votes', async (req, res) => {
    const vote = parseBody(voteRequest, req.body);
    const { recorded, campaignId } = await recordVote(db, vote);
    if (recorded) onJudgement?.(campaignId);
    res.status(recorded ? 201 : 200).json({ recorded });
  });

  return router;
}
