import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actionModes,
  runEpisodeWithPolicy,
  startSteppedEpisode,
  type ActionMode,
  type Observation,
  type Policy,
  type SteppedEpisode,
} from '../sim/index.ts';
import { orientationError } from '../sim/control/quaternion.ts';

const controlPeriodS = 1 / 25;
const pandaLower = [-2.8973, -1.7628, -2.8973, -3.0718, -2.8973, -0.0175, -2.8973];
const pandaUpper = [2.8973, 1.7628, 2.8973, -0.0698, 2.8973, 3.7525, 2.8973];
const pandaMaxSpeed = [2.175, 2.175, 2.175, 2.175, 2.61, 2.61, 2.61];
const open = 0;
const closed = 1;

async function withEpisode(run: (episode: SteppedEpisode) => void): Promise<void> {
  const episode = await startSteppedEpisode('reach', 7);
  try {
    run(episode);
  } finally {
    episode.close();
  }
}

function repeat(
  episode: SteppedEpisode,
  steps: number,
  arm: readonly number[],
  mode: ActionMode,
  gripper = open,
): void {
  for (let step = 0; step < steps; step += 1) episode.step([...arm, gripper], mode);
}

/** Zero joint velocities hold the last targets: the arm settles where it was sent. */
function settle(episode: SteppedEpisode, steps = 40, gripper = open): void {
  repeat(episode, steps, [0, 0, 0, 0, 0, 0, 0], 'joint-velocity', gripper);
}

test('joint-position: the joints reach the targets', async () => {
  await withEpisode((episode) => {
    const start = episode.world.jointPositionsRad;
    const target = start.map(
      (angle, joint) => angle + [0.3, -0.2, 0.25, 0.3, -0.4, 0.3, -0.5][joint]!,
    );
    repeat(episode, 50, target, 'joint-position');
    episode.world.jointPositionsRad.forEach((angle, joint) => {
      assert.ok(
        Math.abs(angle - target[joint]!) < 0.01,
        `joint ${joint + 1}: ${angle} vs ${target[joint]}`,
      );
    });
  });
});

test('joint-position: targets beyond the limits stop at the limits', async () => {
  await withEpisode((episode) => {
    const inRange = (): void => {
      episode.world.jointPositionsRad.forEach((angle, joint) => {
        assert.ok(angle <= pandaUpper[joint]! + 0.01, `joint ${joint + 1} above its range`);
        assert.ok(angle >= pandaLower[joint]! - 0.01, `joint ${joint + 1} below its range`);
      });
    };
    for (const [command, bound] of [
      [9, pandaUpper],
      [-9, pandaLower],
    ] as const) {
      const start = episode.world.jointPositionsRad;
      for (let step = 0; step < 200; step += 1) {
        repeat(episode, 1, new Array<number>(7).fill(command), 'joint-position');
        inRange();
      }
      // Each joint went a long way towards the command, unless the hand met the table first.
      episode.world.jointPositionsRad.forEach((angle, joint) => {
        const travelled = (angle - start[joint]!) * Math.sign(command);
        const atBound = Math.abs(angle - bound[joint]!) < 0.02;
        assert.ok(atBound || travelled > 0.3, `joint ${joint + 1} at ${angle}`);
      });
    }
  });
});

test('joint-velocity: velocities integrate into the joint positions', async () => {
  await withEpisode((episode) => {
    const start = episode.world.jointPositionsRad;
    const velocity = [0.5, -0.4, 0.6, 0.5, -0.8, 0.7, 1.0];
    repeat(episode, 10, velocity, 'joint-velocity');
    settle(episode);
    episode.world.jointPositionsRad.forEach((angle, joint) => {
      const expected = start[joint]! + velocity[joint]! * 10 * controlPeriodS;
      assert.ok(Math.abs(angle - expected) < 0.01, `joint ${joint + 1}: ${angle} vs ${expected}`);
    });
  });
});

test('joint-velocity: speeds are capped at the Panda joint speed limits', async () => {
  await withEpisode((episode) => {
    const start = episode.world.jointPositionsRad;
    repeat(episode, 3, [-50, 50, 50, 50, -50, 50, -50], 'joint-velocity');
    settle(episode);
    episode.world.jointPositionsRad.forEach((angle, joint) => {
      const moved = Math.abs(angle - start[joint]!);
      const allowed = pandaMaxSpeed[joint]! * 3 * controlPeriodS;
      assert.ok(moved < allowed + 0.01, `joint ${joint + 1} moved ${moved}, allowed ${allowed}`);
      assert.ok(moved > allowed - 0.02, `joint ${joint + 1} moved ${moved}, allowed ${allowed}`);
    });
  });
});

test('ee-delta: the grip point moves by the delta and the hand keeps its orientation', async () => {
  await withEpisode((episode) => {
    const start = episode.world.endEffectorPosition;
    const startQuat = episode.world.endEffectorQuaternion;
    const delta = [0.02, -0.015, 0.025];
    repeat(episode, 1, [...delta, 0, 0, 0, 0], 'ee-delta');
    settle(episode);
    const end = episode.world.endEffectorPosition;
    for (let axis = 0; axis < 3; axis += 1) {
      const moved = end[axis]! - start[axis]!;
      assert.ok(Math.abs(moved - delta[axis]!) < 0.002, `axis ${axis}: moved ${moved}`);
    }
    const turned = Math.hypot(...orientationError(startQuat, episode.world.endEffectorQuaternion));
    assert.ok(turned < 0.02, `the hand turned ${turned} rad`);
  });
});

test('ee-delta: a row of six and the gripper moves as the same row with the unused seventh value', async () => {
  const deltas = [0.015, 0.01, -0.02, 0, 0.05, 0.1];
  const run = async (row: number[]): Promise<readonly number[]> => {
    const episode = await startSteppedEpisode('reach', 7);
    try {
      for (let step = 0; step < 5; step += 1) episode.step(row, 'ee-delta');
      return episode.world.jointPositionsRad;
    } finally {
      episode.close();
    }
  };
  const seven = await run([...deltas, closed]);
  assert.deepEqual(seven, await run([...deltas, 0, closed]));
  const start = await run([0, 0, 0, 0, 0, 0, closed]);
  assert.ok(Math.max(...seven.map((angle, joint) => Math.abs(angle - start[joint]!))) > 0.01);
});

test('ee-delta: a rotation turns the hand about the grip point', async () => {
  await withEpisode((episode) => {
    const start = episode.world.endEffectorPosition;
    const startQuat = episode.world.endEffectorQuaternion;
    repeat(episode, 1, [0, 0, 0, 0, 0, 0.2, 0], 'ee-delta');
    settle(episode);
    const turn = orientationError(startQuat, episode.world.endEffectorQuaternion);
    assert.ok(Math.abs(turn[2] - 0.2) < 0.01, `turned ${turn.join(', ')}`);
    assert.ok(Math.hypot(turn[0], turn[1]) < 0.01, `turned ${turn.join(', ')}`);
    const end = episode.world.endEffectorPosition;
    assert.ok(Math.hypot(end[0] - start[0], end[1] - start[1], end[2] - start[2]) < 0.003);
  });
});

test('the gripper closes on 1 and opens on 0 (DROID convention)', async () => {
  await withEpisode((episode) => {
    settle(episode, 20, open);
    assert.ok(episode.world.gripperOpeningM > 0.078, `open: ${episode.world.gripperOpeningM}`);
    settle(episode, 20, closed);
    assert.ok(episode.world.gripperOpeningM < 0.002, `closed: ${episode.world.gripperOpeningM}`);
    settle(episode, 20, 0.5);
    assert.ok(
      Math.abs(episode.world.gripperOpeningM - 0.04) < 0.002,
      `half: ${episode.world.gripperOpeningM}`,
    );
  });
});

/** Chunks of six rows, four executed, in the given mode; records when it was asked. */
function chunkPolicy(mode: ActionMode): Policy & { askedAt: number[] } {
  const askedAt: number[] = [];
  const row = (observation: Observation, index: number): number[] => {
    const t = observation.step + index;
    if (mode === 'joint-position') {
      return [...observation.jointPositionsRad.map((angle) => angle + 0.02 * (index + 1)), 0];
    }
    if (mode === 'joint-velocity') return [0.2, -0.1, 0.15, 0.1, -0.2, 0.1, 0.3, 0];
    return [0.004, -0.002, 0.003 * Math.cos(t), 0, 0, 0.01, 0];
  };
  return {
    askedAt,
    actionMode: mode,
    executeSteps: 4,
    reset() {},
    act(observation) {
      askedAt.push(observation.step);
      return Array.from({ length: 6 }, (_, index) => row(observation, index));
    },
  };
}

for (const mode of actionModes) {
  test(`${mode}: chunks run 4 of 6 rows open-loop, and stepping from outside matches the runner`, async () => {
    const policy = chunkPolicy(mode);
    const outcome = await runEpisodeWithPolicy('reach', 3, policy);
    assert.equal(outcome.error, null);
    assert.deepEqual(policy.askedAt.slice(0, 4), [0, 4, 8, 12]);

    const stepped = chunkPolicy(mode);
    const episode = await startSteppedEpisode('reach', 3);
    const start = episode.world.jointPositionsRad;
    try {
      const pending: number[][] = [];
      while (!episode.isSuccess() && episode.steps < episode.timeLimitSteps) {
        if (pending.length === 0) {
          const chunk = stepped.act(episode.observation()) as number[][];
          pending.push(...chunk.slice(0, stepped.executeSteps));
        }
        episode.step(pending.shift() ?? [], mode);
      }
      assert.equal(episode.steps, outcome.steps);
      assert.deepEqual(
        episode.observation().jointPositionsRad,
        outcome.finalState?.jointPositionsRad,
      );
      // The arm really moved: the chunks were executed, not ignored.
      const moved = Math.max(
        ...episode.world.jointPositionsRad.map((angle, joint) => Math.abs(angle - start[joint]!)),
      );
      assert.ok(moved > 0.05, `the joints moved at most ${moved} rad`);
    } finally {
      episode.close();
    }
  });
}
