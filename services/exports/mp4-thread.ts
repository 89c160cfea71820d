// A worker thread's entry: renders a trajectory's frames and encodes them with ffmpeg, off the
// event loop that serves the API.
import { parentPort } from 'node:worker_threads';
import { encodeTrajectoryMp4, type Mp4Request } from './trajectory-mp4.ts';

parentPort?.once('message', (request: Mp4Request) => {
  encodeTrajectoryMp4(request).then(
    (mp4) => parentPort?.postMessage({ ok: true, mp4 }, [mp4.buffer as ArrayBuffer]),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
