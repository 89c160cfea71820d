import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import request from 'supertest';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordSimComparison } from './helpers/recorded-episodes.ts';

const run = promisify(execFile);

function binary(
  res: request.Response,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

interface Probe {
  streams: {
    codec_name: string;
    width: number;
    height: number;
    pix_fmt: string;
    nb_frames: string;
    avg_frame_rate: string;
  }[];
  format: { format_name: string; duration: string };
}

test("a simulated episode's MP4 is H.264 with one frame per recorded frame at the recorded rate", async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const { comparisonId, trajectories } = await recordSimComparison(db, artifacts);
    const app = createApp({ db, artifacts, simCatalog: { policies: [], tasks: [] } });
    const res = await request(app)
      .get(`/api/episodes/${comparisonId}-B/mp4`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    assert.equal(res.headers['content-type'], 'video/mp4');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'arena-mp4-test-'));
    try {
      const file = path.join(dir, 'episode.mp4');
      await writeFile(file, res.body as Buffer);
      const { stdout } = await run('ffprobe', [
        ...['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format'],
        ...['-count_frames', file],
      ]);
      const probe = JSON.parse(stdout) as Probe;
      const trajectory = trajectories.B;
      assert.match(probe.format.format_name, /mp4/);
      assert.equal(probe.streams.length, 1);
      const [video] = probe.streams;
      assert.equal(video!.codec_name, 'h264');
      assert.equal(video!.pix_fmt, 'yuv420p');
      assert.deepEqual([video!.width, video!.height], [640, 480]);
      assert.equal(Number(video!.nb_frames), trajectory.frameCount);
      assert.equal(video!.avg_frame_rate, `${trajectory.frameHz}/1`);
      const seconds = Number(probe.format.duration);
      assert.ok(
        Math.abs(seconds - trajectory.frameCount / trajectory.frameHz) < 0.1,
        `${seconds} s`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await request(app).get('/api/episodes/nope-A/mp4').expect(404);
  });
});
