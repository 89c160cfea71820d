// Sim episodes whose policy answers over openpi: a built-in served by our own openpi server
// plays exactly as it does in-process, and a remote policy's bad answers fail the episode with a
// reason. Real sockets and real MuJoCo throughout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  builtinPolicyMetadata,
  createRemotePolicy,
  InvalidRemotePolicySpecError,
  ndarray,
  ndarrayFromValues,
  readArenaObservation,
  serveBuiltinPolicy,
  startOpenpiServer,
  validateRemotePolicySpec,
  type NdArray,
  type OpenpiMap,
  type OpenpiServer,
  type OpenpiSession,
  type RemotePolicySpec,
} from '../openpi/index.ts';
import {
  createBuiltinPolicy,
  listTasks,
  runEpisodeWithPolicy,
  startSteppedEpisode,
} from '../sim/index.ts';
import { startPi0ShapedPolicyServer } from './helpers/pi0-shaped-policy-server.ts';

async function withServer(
  start: () => Promise<OpenpiServer>,
  body: (server: OpenpiServer) => Promise<void>,
): Promise<void> {
  const server = await start();
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

test('the expert served over openpi plays every task exactly as it does locally', async () => {
  await withServer(
    () => serveBuiltinPolicy('expert', { port: 0 }),
    async (server) => {
      for (const { name: task } of listTasks()) {
        const seed = 11;
        const local = await runEpisodeWithPolicy(task, seed, createBuiltinPolicy('expert'));
        const remote = await runEpisodeWithPolicy(
          task,
          seed,
          createRemotePolicy({ url: server.url, observation: 'arena' }),
        );
        assert.equal(remote.error, null, `${task}: ${remote.error}`);
        assert.equal(remote.success, local.success, task);
        assert.equal(remote.progress, local.progress, task);
        assert.equal(remote.steps, local.steps, task);
        // Bit-identical, down to the final state of every object.
        assert.deepEqual(remote, local, task);
      }
    },
  );
});

test('a seeded, noisy built-in is replayed exactly too: the seed crosses the wire', async () => {
  const name = 'degraded-expert?skill=0.4';
  await withServer(
    () => serveBuiltinPolicy(name, { port: 0, apiKey: 'sesame' }),
    async (server) => {
      const policy = createRemotePolicy({
        url: server.url,
        apiKey: 'sesame',
        observation: 'arena',
      });
      for (const seed of [3, 4]) {
        const local = await runEpisodeWithPolicy('pick-place', seed, createBuiltinPolicy(name));
        // One remote policy object, reused: each episode opens its own connection.
        const remote = await runEpisodeWithPolicy('pick-place', seed, policy);
        assert.deepEqual(remote, local, `seed ${seed}`);
      }
    },
  );
});

test('a built-in announces its action mode but never its name', () => {
  for (const name of ['expert', 'noisy-expert', 'random', 'degraded-expert?skill=0.5']) {
    const metadata = builtinPolicyMetadata(name);
    assert.deepEqual(metadata, { action_dim: 8, action_mode: 'ee-delta' });
    assert.doesNotMatch(JSON.stringify(metadata), /expert|random|noisy|skill/);
  }
});

/** A server whose every answer is `result`, counting requests and closed sessions. */
async function scriptedServer(
  result: (observation: OpenpiMap) => OpenpiMap,
  metadata: OpenpiMap = {},
): Promise<OpenpiServer & { requests: OpenpiMap[]; closedSessions: () => number }> {
  const requests: OpenpiMap[] = [];
  let closed = 0;
  const createSession = (): OpenpiSession => ({
    infer(observation) {
      requests.push(observation);
      return result(observation);
    },
    close() {
      closed += 1;
    },
  });
  const server = await startOpenpiServer({ port: 0, metadata, createSession });
  return Object.assign(server, { requests, closedSessions: () => closed });
}

const home = [0, 0.17, 0, -2.15, 0, 2.32, Math.PI / 4];

test('a policy answering with the wrong shape fails the episode with the shape named', async () => {
  const cases: { actions: unknown; error: RegExp }[] = [
    {
      actions: ndarray(new Float64Array(2 * 2 * 8), [2, 2, 8], '<f8'),
      error: /"actions" has shape \[2, 2, 8\]; expected \(H, A\) or \(A\)/,
    },
    {
      // Too narrow for the mode: the episode names the width the mode needs.
      actions: ndarrayFromValues([[...home]], '<f4'),
      error:
        /^policy returned 7 values in chunk row 0; an action in joint-position mode has 8 \(7 joint positions and a gripper command\)$/,
    },
    { actions: undefined, error: /result has no "actions" \(keys: server_timing\)/ },
    { actions: [[1, 2], [3]], error: /neither a numeric array/ },
  ];
  for (const { actions, error } of cases) {
    const server = await scriptedServer(() => (actions === undefined ? {} : { actions }));
    try {
      const outcome = await runEpisodeWithPolicy(
        'reach',
        1,
        createRemotePolicy({ url: server.url, observation: 'arena' }),
      );
      assert.equal(outcome.termination, 'policy-error');
      assert.equal(outcome.success, false);
      if (!error.source.startsWith('^policy returned')) {
        assert.match(outcome.error ?? '', /^policy act threw: RemotePolicyError: /);
      }
      assert.match(outcome.error ?? '', error);
      assert.equal(outcome.steps, 0);
    } finally {
      await server.close();
    }
  }
});

test('a mapped observation sends float32 arrays and text; actions are picked by column', async () => {
  // A server with a column we do not use: (10, 9) chunks, joint targets in columns 0-6, the
  // gripper in column 8.
  const chunk = Array.from({ length: 10 }, () => [...home, 99, 0.2]);
  const server = await scriptedServer(() => ({ actions: ndarrayFromValues(chunk, '<f4') }), {
    note: 'no action_mode here',
  });
  try {
    const spec: RemotePolicySpec = {
      url: server.url,
      observation: {
        'observation/joint_position': 'jointPositionsRad',
        'observation/gripper_position': 'gripperPosition',
        'observation/cube': 'objectPositions.cube',
        prompt: 'instruction',
      },
      actionColumns: [0, 1, 2, 3, 4, 5, 6, 8],
      executeSteps: 8,
    };
    const policy = createRemotePolicy(spec);
    const outcome = await runEpisodeWithPolicy('push-cube', 2, policy);
    assert.equal(outcome.error, null);
    assert.equal(outcome.termination, 'time-limit');
    assert.equal(policy.actionMode, 'joint-position');
    // 125 steps at 8 per request.
    assert.equal(server.requests.length, Math.ceil(outcome.steps / 8));
    const first = server.requests[0]!;
    assert.deepEqual(Object.keys(first).sort(), [
      'observation/cube',
      'observation/gripper_position',
      'observation/joint_position',
      'prompt',
    ]);
    const joints = first['observation/joint_position'] as NdArray;
    assert.equal(joints.dtype, '<f4');
    assert.deepEqual(joints.shape, [7]);
    const gripper = first['observation/gripper_position'] as NdArray;
    assert.equal(gripper.dtype, '<f4');
    assert.deepEqual(gripper.shape, [1]);
    assert.deepEqual((first['observation/cube'] as NdArray).shape, [3]);
    assert.equal(first.prompt, 'push the red cube onto the green target');
    // The runner closed the connection when the episode ended.
    await waitFor(() => server.closedSessions() === 1);
  } finally {
    await server.close();
  }
});

test('the server metadata sets the action mode unless the spec does', async () => {
  const server = await scriptedServer(() => ({ actions: [0, 0, 0, 0, 0, 0, 0, 1] }), {
    action_mode: 'ee-delta',
  });
  try {
    const announced = createRemotePolicy({ url: server.url, observation: 'arena' });
    await announced.reset(0);
    assert.equal(announced.actionMode, 'ee-delta');
    await announced.dispose?.();
    const overridden = createRemotePolicy({
      url: server.url,
      observation: 'arena',
      actionMode: 'joint-velocity',
    });
    await overridden.reset(0);
    assert.equal(overridden.actionMode, 'joint-velocity');
    await overridden.dispose?.();
  } finally {
    await server.close();
  }
});

test('a policy server that raises ends the episode with its traceback in the error', async () => {
  const server = await scriptedServer((observation) => {
    if ((observation['arena/observation'] as { step: number }).step === 3) {
      throw new Error('CUDA out of memory');
    }
    return { actions: [[0, 0, 0, 0, 0, 0, 0, 1]] };
  });
  try {
    const outcome = await runEpisodeWithPolicy(
      'reach',
      0,
      createRemotePolicy({ url: server.url, observation: 'arena' }),
    );
    assert.equal(outcome.termination, 'policy-error');
    assert.equal(outcome.steps, 3);
    assert.match(outcome.error ?? '', /OpenpiServerError: .*\n?.*Error: CUDA out of memory/s);
  } finally {
    await server.close();
  }
});

test('an unreachable policy server fails the episode at reset', async () => {
  const outcome = await runEpisodeWithPolicy(
    'reach',
    0,
    createRemotePolicy({ url: 'ws://127.0.0.1:9/', observation: 'arena' }),
  );
  assert.equal(outcome.termination, 'policy-error');
  assert.match(outcome.error ?? '', /^policy reset threw: OpenpiConnectionError: cannot connect/);
});

test('a remote policy spec is validated with the offending field named', () => {
  const valid = {
    url: 'wss://policy.example.org:8000',
    apiKey: 'abc 123',
    observation: { 'observation/joint_position': 'jointPositionsRad', prompt: 'instruction' },
    actionMode: 'joint-velocity',
    actionColumns: [0, 1, 2, 3, 4, 5, 6, 8],
    executeSteps: 8,
  };
  assert.deepEqual(validateRemotePolicySpec(valid), valid);
  // `joint`, the older name of joint-position targets, is still read (stored specs use it).
  assert.equal(
    validateRemotePolicySpec({ ...valid, actionMode: 'joint' }).actionMode,
    'joint-position',
  );
  assert.deepEqual(validateRemotePolicySpec({ url: 'ws://h:1', observation: 'arena' }), {
    url: 'ws://h:1',
    observation: 'arena',
  });
  const bad: [Record<string, unknown>, string, RegExp][] = [
    [{ ...valid, url: 'http://h:1' }, 'url', /ws:\/\/ or wss:\/\//],
    [{ ...valid, url: 42 }, 'url', /URL/],
    [{ ...valid, apiKey: 'line\nbreak' }, 'apiKey', /printable ASCII/],
    [{ ...valid, observation: {} }, 'observation', /at least one/],
    [
      { ...valid, observation: { prompt: 'task' } },
      'observation["prompt"]',
      /"task" is not an observation field/,
    ],
    [
      { ...valid, observation: { 'observation/cube': 'objectPositions' } },
      'observation["observation/cube"]',
      /name one entry, e.g. objectPositions\.cube/,
    ],
    [{ ...valid, observation: { x: 'gripperOpeningM.left' } }, 'observation["x"]', /single value/],
    [{ ...valid, actionMode: 'torque' }, 'actionMode', /joint-position, joint-velocity, ee-delta/],
    [{ ...valid, actionColumns: [0, 1, 2] }, 'actionColumns', /list of 8/],
    [{ ...valid, actionColumns: [0, 1, 2, 3, 4, 5, 6, -1] }, 'actionColumns[7]', /column index/],
    [
      { ...valid, actionMode: 'ee-delta', actionColumns: [0, 1, 2, 3, 4, 5, 6, 7] },
      'actionColumns',
      /list of 7 column indices \(dx, dy, dz, rx, ry, rz and a gripper command/,
    ],
    [{ ...valid, executeSteps: 0 }, 'executeSteps', /from 1 to 1000/],
    [{ ...valid, executeSteps: 1e9 }, 'executeSteps', /from 1 to 1000/],
    [{ ...valid, timeout: 5 }, 'timeout', /not a remote policy field/],
    [{ ...valid, observation: 'openvla' }, 'observation', /"arena", "droid" or a map/],
    [{ ...valid, images: 224 }, 'images', /width, height and\/or resizeWithPad/],
    [{ ...valid, images: { width: 0 } }, 'images.width', /whole number of pixels from 1/],
    [{ ...valid, images: { resizeWithPad: 2.5 } }, 'images.resizeWithPad', /whole number/],
    [{ ...valid, images: { depth: 3 } }, 'images.depth', /not an image field/],
  ];
  for (const [spec, field, message] of bad) {
    assert.throws(
      () => validateRemotePolicySpec(spec),
      (error) => {
        assert.ok(error instanceof InvalidRemotePolicySpecError, field);
        assert.equal(error.field, field);
        assert.match(error.message, message, field);
        assert.ok(error.message.startsWith(field), error.message);
        return true;
      },
    );
  }
  assert.throws(
    () => createRemotePolicy({ url: 'ftp://x', observation: 'arena' }),
    InvalidRemotePolicySpecError,
  );
});

test('the DROID layout sends three uint8 camera images, joint and gripper positions and the prompt', async () => {
  const server = await startPi0ShapedPolicyServer();
  try {
    const spec = validateRemotePolicySpec({
      url: server.url,
      observation: 'droid',
      actionMode: 'joint-velocity',
      executeSteps: 8,
    });
    assert.deepEqual(spec.observation, 'droid');
    const policy = createRemotePolicy(spec);
    assert.deepEqual(policy.cameras, { cameras: ['exterior_1', 'exterior_2', 'wrist'] });
    const outcome = await runEpisodeWithPolicy('reach', 4, policy);
    assert.equal(outcome.error, null);
    assert.equal(outcome.termination, 'time-limit');
    assert.deepEqual(server.problems(), []);
    // One request per 8 executed rows of each (10, 8) chunk.
    assert.equal(server.observations(), Math.ceil(outcome.steps / 8));
    assert.deepEqual(server.prompts(), ['move the gripper to the green ball and hold it there']);
  } finally {
    await server.close();
  }
});

test('DROID resize-with-pad: wide frames reach the server as 224 x 224 with black bands', async () => {
  const server = await scriptedServer(() => ({
    // Padded as openpi's models pad their actions: only the leading 8 columns are the action.
    actions: ndarrayFromValues([[0, 0, 0, 0, 0, 0, 0, 0, ...new Array<number>(24).fill(9)]], '<f4'),
  }));
  try {
    const policy = createRemotePolicy({
      url: server.url,
      observation: 'droid',
      images: { width: 320, height: 180, resizeWithPad: 224 },
      actionMode: 'joint-velocity',
    });
    await policy.reset(1);
    const episode = await startSteppedEpisode('stack', 1);
    try {
      const observation = {
        ...episode.observation(),
        images: episode.renderImages(policy.cameras!),
      };
      const rows = (await policy.act(observation)) as number[][];
      assert.deepEqual(rows, [[0, 0, 0, 0, 0, 0, 0, 0]]);
    } finally {
      episode.close();
      await policy.dispose?.();
    }
    const image = server.requests[0]!['observation/exterior_image_1_left'] as NdArray;
    assert.deepEqual([image.dtype, ...image.shape], ['|u1', 224, 224, 3]);
    // 320 x 180 scales to 224 x 126: 49 black rows above, 49 below.
    const row = (y: number): Uint8Array =>
      (image.data as Uint8Array).subarray(y * 672, y * 672 + 672);
    assert.ok(row(0).every((value) => value === 0));
    assert.ok(row(48).every((value) => value === 0));
    assert.ok(row(112).some((value) => value !== 0));
    assert.ok(row(223).every((value) => value === 0));
  } finally {
    await server.close();
  }
});

test('an arena observation written with numpy arrays reads as the same observation', async () => {
  const episode = await startSteppedEpisode('push-cube', 2);
  try {
    const observation = episode.observation();
    const f8 = (values: readonly number[]): NdArray => ndarrayFromValues(values, '<f8');
    const numpyState = {
      ...observation,
      jointPositionsRad: f8(observation.jointPositionsRad),
      jointVelocitiesRadS: f8(observation.jointVelocitiesRadS),
      gripperPosition: f8([observation.gripperPosition]),
      endEffectorPosition: f8(observation.endEffectorPosition),
      endEffectorQuaternion: f8(observation.endEffectorQuaternion),
      objectPositions: Object.fromEntries(
        Object.entries(observation.objectPositions).map(([name, p]) => [name, f8(p)]),
      ),
      actionBounds: {
        lowerRad: f8(observation.actionBounds.lowerRad),
        upperRad: f8(observation.actionBounds.upperRad),
      },
    };
    const read = readArenaObservation({ 'arena/observation': numpyState, 'arena/seed': 2 });
    assert.deepEqual(read.observation, observation);
    assert.throws(
      () =>
        readArenaObservation({
          'arena/observation': { ...numpyState, gripperPosition: f8([0, 1]) },
          'arena/seed': 2,
        }),
      /arena\/observation\.gripperPosition must be a number \(or an array of one\)/,
    );
  } finally {
    episode.close();
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
