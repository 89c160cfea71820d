import { Router } from 'express';
import { decodeTrajectory } from '../../sim/index.ts';
import { NotFoundError } from '../errors.ts';
import type { AppDeps } from './create-app.ts';

/**
 * Episodes' replays. An episode is addressed by `<comparison id>-<A|B>`; nothing here names the
 * policy that ran it, so a replay can be shown to a judge as it is.
 */
export function episodeRoutes({ db, artifacts }: AppDeps): Router {
  const router = Router();

  router.get('/episodes/:id/trajectory', async (req, res) => {
    const episode = await db
      .selectFrom('episodes')
      .select(['trajectory_ref'])
      .where('id', '=', req.params.id)
      .executeTakeFirst();
    if (episode === undefined) throw new NotFoundError('episode', req.params.id);
    const bytes =
      episode.trajectory_ref === null ? null : await artifacts.get(episode.trajectory_ref);
    if (bytes === null) throw new NotFoundError('trajectory of episode', req.params.id);
    const trajectory = decodeTrajectory(bytes);
    res.json({
      ...trajectory,
      timesS: Array.from(trajectory.timesS),
      bodyPositions: Array.from(trajectory.bodyPositions),
      bodyQuaternions: Array.from(trajectory.bodyQuaternions),
    });
  });

  return router;
}
