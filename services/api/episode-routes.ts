import { Router } from 'express';
import { episodeTrajectoryJson } from '../episodes/episode-trajectory.ts';
import type { AppDeps } from './create-app.ts';

/**
 * Episodes' replays. An episode is addressed by `<comparison id>-<A|B>`; nothing here names the
 * policy that ran it.
 */
export function episodeRoutes({ db, artifacts }: AppDeps): Router {
  const router = Router();
  router.get('/episodes/:id/trajectory', async (req, res) => {
    res.json(await episodeTrajectoryJson(db, artifacts, req.params.id));
  });
  return router;
}
