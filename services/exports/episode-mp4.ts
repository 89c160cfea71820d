import { Worker } from 'node:worker_threads';
import { siblingModule } from '../../runtime/sibling-module.ts';
import { FieldError } from '../errors.ts';
import { encodeTrajectory } from '../../sim/index.ts';
import type { LoadedEpisode } from './episode-recording.ts';
import { defaultVideoSize, VideoEncodingError, type Mp4Request } from './trajectory-mp4.ts';

const threadBootstrap = siblingModule(import.meta.url, './mp4-thread').threadSource;

type ThreadReply = { ok: true; mp4: Uint8Array } | { ok: false; message: string };

/**
 * A simulated episode's replay as an MP4, seen from the judging page's default viewpoint.
 * Rendering takes tens of milliseconds a frame, so it runs in a worker thread of its own.
 * A station recording has no scene to draw (409).
 */
export async function episodeMp4(
  episode: LoadedEpisode,
  size: { width: number; height: number } = defaultVideoSize,
): Promise<Uint8Array> {
  if (episode.recording.kind !== 'sim') {
    throw new FieldError(
      'id',
      `episode ${episode.id} was recorded at a robot station: it has joint states and camera frames (see /mcap), not a scene to render`,
      409,
    );
  }
  const request: Mp4Request = {
    trajectory: encodeTrajectory(episode.recording.trajectory),
    ...size,
  };
  const worker = new Worker(threadBootstrap, { eval: true });
  try {
    const reply = await new Promise<ThreadReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new VideoEncodingError(`the video thread exited (${code}) without a result`)),
      );
      worker.postMessage(request);
    });
    if (!reply.ok) throw new VideoEncodingError(reply.message);
    return reply.mp4;
  } finally {
    await worker.terminate();
  }
}
