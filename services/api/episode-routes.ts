import { Router } from 'express';
import { episodeTrajectoryJson } from '../episodes/episode-trajectory.ts';
import { loadEpisodeRecording } from '../exports/episode-recording.ts';
import { episodeMcap } from '../exports/episode-mcap.ts';
import { episodeMp4 } from '../exports/episode-mp4.ts';
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
  // For Foxglove and other robotics tools: poses, joints, commands and camera frames as MCAP.
  router.get('/episodes/:id/mcap', async (req, res) => {
    const episode = await loadEpisodeRecording(db, artifacts, req.params.id);
    res.type('application/octet-stream');
    res.set('content-disposition', `attachment; filename="${episode.id}.mcap"`);
    res.send(Buffer.from(await episodeMcap(episode)));
  });
  router.get('/episodes/:id/mp4', async (req, res) => {
    const episode = await loadEpisodeRecording(db, artifacts, req.params.id);
    const mp4 = await episodeMp4(episode);
    res.type('video/mp4');
    res.set('content-disposition', `attachment; filename="${episode.id}.mp4"`);
    res.send(Buffer.from(mp4));
  });
  return router;
}
