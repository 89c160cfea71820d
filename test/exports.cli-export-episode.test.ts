import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { DatabaseArtifactStore } from '../services/artifacts/database-artifact-store.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordSimComparison } from './helpers/recorded-episodes.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

async function arena(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ARENA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'cli/arena.ts', ...args], {
    cwd: root,
    env,
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

test('arena export-episode writes an MCAP and an MP4 of a stored episode', async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const { comparisonId, trajectories } = await recordSimComparison(
      db,
      new DatabaseArtifactStore(db),
    );
    const mcapFile = path.join(dataDir, 'a.mcap');
    const mcapRun = await arena(
      ['export-episode', `${comparisonId}-A`, '--out', mcapFile],
      dataDir,
    );
    assert.equal(mcapRun.code, 0, mcapRun.stderr);
    const reader = await McapIndexedReader.Initialize({
      readable: new TempBuffer(await readFile(mcapFile)),
    });
    assert.equal(reader.statistics?.messageCount, BigInt(trajectories.A.frameCount));

    const mp4File = path.join(dataDir, 'a.video');
    const mp4Run = await arena(
      ['export-episode', `${comparisonId}-A`, '--format', 'mp4', '--out', mp4File],
      dataDir,
    );
    assert.equal(mp4Run.code, 0, mp4Run.stderr);
    const { stdout } = await run('ffprobe', [
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name'],
      ...['-of', 'csv=p=0', mp4File],
    ]);
    assert.equal(stdout.trim(), 'h264');

    const unknown = await arena(['export-episode', 'nope-A', '--out', mcapFile], dataDir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /episode "nope-A" does not exist/);
    const noFormat = await arena(
      ['export-episode', `${comparisonId}-A`, '--out', 'x.bin'],
      dataDir,
    );
    assert.notEqual(noFormat.code, 0);
    assert.match(noFormat.stderr, /--format mcap or mp4 is needed/);
  });
});
