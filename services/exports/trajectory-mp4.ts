import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { decodeTrajectory } from '../../sim/index.ts';
import { TrajectoryFrames } from './trajectory-frames.ts';

/** Even sizes, as H.264's 4:2:0 chroma needs. */
export const defaultVideoSize = { width: 640, height: 480 };

export interface Mp4Request {
  /** The trajectory as stored (the encoded, gzipped form), so it crosses to a thread as bytes. */
  trajectory: Uint8Array;
  width: number;
  height: number;
  /** The ffmpeg program; `ffmpeg` on PATH by default. */
  ffmpeg?: string;
}

export class VideoEncodingError extends Error {
  override name = 'VideoEncodingError';
}

/**
 * An H.264 MP4 (libx264, yuv420p, moov first so browsers play it while it downloads) of a
 * trajectory at its recorded frame rate. Frames are rendered here and piped raw to ffmpeg.
 */
export async function encodeTrajectoryMp4(request: Mp4Request): Promise<Uint8Array> {
  const trajectory = decodeTrajectory(request.trajectory);
  const frames = new TrajectoryFrames(trajectory, request.width, request.height);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'arena-mp4-'));
  const out = path.join(dir, 'replay.mp4');
  try {
    // ffmpeg cannot seek back in a pipe to write the index first; a file it can.
    const ffmpeg = spawn(
      request.ffmpeg ?? 'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
        ...['-f', 'rawvideo', '-pix_fmt', 'rgb24'],
        ...['-s', `${request.width}x${request.height}`, '-r', String(trajectory.frameHz)],
        ...['-i', 'pipe:0'],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'],
        ...['-movflags', '+faststart', out],
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    ffmpeg.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number>((resolve, reject) => {
      ffmpeg.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new VideoEncodingError(
            error.code === 'ENOENT'
              ? 'ffmpeg is not installed (on Debian: apt-get install ffmpeg)'
              : `ffmpeg could not start: ${error.message}`,
          ),
        ),
      );
      ffmpeg.once('close', (code) => resolve(code ?? 1));
    });
    // A closed pipe is reported by the exit status; it must not end the thread.
    ffmpeg.stdin.on('error', () => undefined);
    for (let frame = 0; frame < frames.frameCount; frame += 1) {
      const image = frames.render(frame);
      if (!ffmpeg.stdin.write(image.data)) {
        await new Promise<void>((resolve) => ffmpeg.stdin.once('drain', resolve));
      }
    }
    ffmpeg.stdin.end();
    const code = await exited;
    if (code !== 0) {
      throw new VideoEncodingError(`ffmpeg exited with ${code}: ${stderr.trim().slice(0, 500)}`);
    }
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
