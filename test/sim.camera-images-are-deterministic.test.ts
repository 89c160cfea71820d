// Camera images rendered in the sim worker: every scene has its three named cameras, a render
// is byte-identical however often and in whichever process it runs, what the cameras show
// changes with the scene's look, and only a policy that asks for images gets (and pays for) any.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { test } from 'node:test';
import {
  listTasks,
  runEpisodeWithPolicy,
  sceneCameraNames,
  startSteppedEpisode,
  type Observation,
  type Perturbation,
  type Policy,
  type RgbImage,
} from '../sim/index.ts';
import { cameraDigest } from './helpers/camera-digest.ts';

const cameras = Object.values(sceneCameraNames);

async function render(
  task: string,
  seed: number,
  perturbation: Perturbation = {},
): Promise<Record<string, RgbImage>> {
  const episode = await startSteppedEpisode(task, seed, { perturbation });
  try {
    // Copies: the bytes must not change under a later render.
    return { ...episode.renderImages({ cameras }) };
  } finally {
    episode.close();
  }
}

function distinctColours(image: RgbImage): number {
  const seen = new Set<number>();
  for (let at = 0; at < image.data.length; at += 3) {
    seen.add((image.data[at]! << 16) | (image.data[at + 1]! << 8) | image.data[at + 2]!);
  }
  return seen.size;
}

test('every task scene renders its two exterior cameras and its wrist camera', async () => {
  for (const { name } of listTasks()) {
    const images = await render(name, 5);
    assert.deepEqual(Object.keys(images), cameras, name);
    for (const camera of cameras) {
      const image = images[camera]!;
      assert.deepEqual([image.width, image.height, image.data.length], [224, 224, 224 * 224 * 3]);
      // Exterior: table, arm, objects and sky under shading. Wrist: at least the fingers, the
      // table and their shading (the objects may be out of view).
      const least = camera === sceneCameraNames.wrist ? 4 : 50;
      assert.ok(distinctColours(image) >= least, `${name}/${camera}: ${distinctColours(image)}`);
    }
    const [one, two, wrist] = cameras.map((camera) => Buffer.from(images[camera]!.data));
    assert.notDeepEqual(one, two, `${name}: the exterior views differ`);
    assert.notDeepEqual(one, wrist, `${name}: exterior and wrist differ`);
  }
});

test('a render is byte-identical twice, and in another process', async () => {
  const digest = await cameraDigest('stack', 3);
  assert.equal(await cameraDigest('stack', 3), digest);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/camera-digest.ts', 'stack', '3'],
    { cwd: new URL('..', import.meta.url) },
  );
  assert.equal(stdout.trim(), digest);
  assert.notEqual(await cameraDigest('stack', 4), digest, 'another seed, another picture');
});

test('visual perturbations change what every camera sees', async () => {
  const digest = (images: Record<string, RgbImage>, camera: string): string =>
    createHash('sha256').update(images[camera]!.data).digest('hex');
  const plain = await render('stack', 2);
  for (const perturbation of [
    { tableRgb: [0.2, 0.5, 0.7] },
    { lightIntensity: 0.3 },
    { lightAzimuthDeg: 90, lightElevationDeg: 30 },
    { objectHueShiftDeg: 120 },
  ] as Perturbation[]) {
    const changed = await render('stack', 2, perturbation);
    // The wrist camera sees the table and the cubes, whatever else it misses.
    for (const camera of cameras) {
      assert.notEqual(digest(changed, camera), digest(plain, camera), JSON.stringify(perturbation));
    }
  }
});

test('a wide render is resized with padding into a square, as DROID does', async () => {
  const episode = await startSteppedEpisode('reach', 1);
  try {
    const { wrist } = episode.renderImages({
      cameras: ['wrist'],
      width: 320,
      height: 180,
      resizeWithPad: 224,
    });
    assert.deepEqual([wrist!.width, wrist!.height], [224, 224]);
    // 320×180 scaled to 224×126: 49 black rows above and below the picture.
    const row = (y: number): number[] => [...wrist!.data.subarray(y * 224 * 3, (y + 1) * 224 * 3)];
    assert.ok(row(0).every((value) => value === 0));
    assert.ok(row(223).every((value) => value === 0));
    assert.ok(row(112).some((value) => value !== 0));
  } finally {
    episode.close();
  }
});

/** Records the observations it is asked with and holds the arm still, in chunks of 5. */
function recordingPolicy(request: Policy['cameras']): Policy & { seen: Observation[] } {
  const seen: Observation[] = [];
  return {
    seen,
    cameras: request,
    executeSteps: 5,
    reset() {},
    act(observation) {
      seen.push(observation);
      const row = [...observation.jointPositionsRad, 0.5];
      return Array.from({ length: 5 }, () => row);
    },
  };
}

test('only a policy that asks for cameras gets images, once per chunk', async () => {
  const blind = recordingPolicy(undefined);
  await runEpisodeWithPolicy('reach', 3, blind);
  assert.ok(blind.seen.every((observation) => observation.images === undefined));

  const sighted = recordingPolicy({ cameras: ['wrist', 'exterior_1'], width: 64, height: 48 });
  const outcome = await runEpisodeWithPolicy('reach', 3, sighted);
  assert.equal(outcome.error, null);
  assert.equal(sighted.seen.length, Math.ceil(outcome.steps / 5));
  for (const observation of sighted.seen) {
    assert.deepEqual(Object.keys(observation.images ?? {}), ['wrist', 'exterior_1']);
    assert.equal(observation.images?.wrist?.data.length, 64 * 48 * 3);
  }
});

test('a camera the scene lacks ends the episode with the camera named', async () => {
  const outcome = await runEpisodeWithPolicy('reach', 3, recordingPolicy({ cameras: ['top'] }));
  assert.equal(outcome.termination, 'policy-error');
  assert.match(
    outcome.error ?? '',
    /no camera named "top"; cameras: exterior_1, exterior_2, wrist/,
  );
});
