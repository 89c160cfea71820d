// The arena and DROID observation layouts through the real msgpack-numpy codec: numpy arrays
// stand in for lists of numbers, images travel as uint8 (H, W, 3), and DROID's gripper position
// is 0 when open and 1 when closed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arenaObservationMap,
  decodeMsgpackNumpy,
  droidKeys,
  droidObservationMap,
  encodeMsgpackNumpy,
  ndarrayFromValues,
  readArenaObservation,
  type NdArray,
  type OpenpiMap,
} from '../openpi/index.ts';
import { sceneCameraNames, startSteppedEpisode, type Observation } from '../sim/index.ts';

const cameras = Object.values(sceneCameraNames);

async function observationWithImages(): Promise<Observation> {
  const episode = await startSteppedEpisode('stack', 6);
  try {
    return { ...episode.observation(), images: episode.renderImages({ cameras }) };
  } finally {
    episode.close();
  }
}

const overTheWire = (map: OpenpiMap): OpenpiMap =>
  decodeMsgpackNumpy(encodeMsgpackNumpy(map)) as OpenpiMap;

test('an arena observation with images crosses the wire unchanged', async () => {
  const observation = await observationWithImages();
  const sent = overTheWire(arenaObservationMap(observation, 6, undefined));
  const wrist = sent['arena/image/wrist'] as NdArray;
  assert.deepEqual([wrist.dtype, wrist.shape], ['|u1', [224, 224, 3]]);
  const read = readArenaObservation(sent).observation;
  assert.deepEqual(Object.keys(read.images ?? {}), cameras);
  for (const camera of cameras) {
    assert.deepEqual(
      Buffer.from(read.images![camera]!.data),
      Buffer.from(observation.images![camera]!.data),
    );
  }
  assert.deepEqual({ ...read, images: null }, { ...observation, images: null });
});

test('numpy arrays are accepted wherever the arena layout takes a list of numbers', async () => {
  const episode = await startSteppedEpisode('push-cube', 2);
  const observation = episode.observation();
  episode.close();
  const map = arenaObservationMap(observation, 2, undefined);
  const numpyObservation = {
    ...observation,
    jointPositionsRad: ndarrayFromValues(observation.jointPositionsRad, '<f8'),
    endEffectorPosition: ndarrayFromValues(observation.endEffectorPosition, '<f8'),
    objectPositions: { cube: ndarrayFromValues(observation.objectPositions.cube!, '<f8') },
    objectQuaternions: { cube: ndarrayFromValues(observation.objectQuaternions.cube!, '<f8') },
    objectVelocities: { cube: ndarrayFromValues(observation.objectVelocities.cube!, '<f8') },
    actionBounds: {
      lowerRad: ndarrayFromValues(observation.actionBounds.lowerRad, '<f8'),
      upperRad: observation.actionBounds.upperRad,
    },
  };
  const read = readArenaObservation(overTheWire({ ...map, 'arena/observation': numpyObservation }));
  assert.deepEqual(read.observation, observation);
  assert.throws(
    () =>
      readArenaObservation({
        ...map,
        'arena/observation': {
          ...observation,
          endEffectorPosition: ndarrayFromValues([1, 2], '<f4'),
        },
      }),
    /arena\/observation\.endEffectorPosition must be a list \(or 1-d array\) of 3 numbers/,
  );
  assert.throws(
    () => readArenaObservation({ ...map, 'arena/image/wrist': ndarrayFromValues([1, 2], '<f4') }),
    /"arena\/image\/wrist" must be a uint8 array of shape \(H, W, 3\)/,
  );
});

test('the DROID layout sends three images, joint and gripper positions and the prompt', async () => {
  const observation = await observationWithImages();
  const sent = overTheWire(droidObservationMap(observation, { cameras }));
  assert.deepEqual(Object.keys(sent).sort(), Object.values(droidKeys).sort());
  const image = (key: string): NdArray => sent[key] as NdArray;
  for (const key of [droidKeys.exteriorImage1, droidKeys.exteriorImage2, droidKeys.wristImage]) {
    assert.deepEqual([image(key).dtype, image(key).shape], ['|u1', [224, 224, 3]], key);
  }
  assert.deepEqual(
    Buffer.from(image(droidKeys.wristImage).data as Uint8Array),
    Buffer.from(observation.images!.wrist!.data),
  );
  const joints = image(droidKeys.jointPosition);
  assert.deepEqual(joints.shape, [observation.jointPositionsRad.length]);
  assert.equal(sent.prompt, 'stack the red cube on top of the blue cube');
  const closure = (openingM: number): number =>
    Number(
      (
        droidObservationMap({ ...observation, gripperOpeningM: openingM }, { cameras })[
          droidKeys.gripperPosition
        ] as NdArray
      ).data[0],
    );
  assert.equal(closure(0), 1, 'closed');
  assert.equal(closure(1), 0, 'open as wide as it goes (and clamped beyond)');
  assert.ok(closure(0.01) > 0 && closure(0.01) < 1 && closure(0.02) < closure(0.01));
});
