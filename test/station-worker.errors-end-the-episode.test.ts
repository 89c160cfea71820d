// An episode that the policy or the robot cannot continue ends as a result with termination
// 'error' and the reason, never as a thrown error: the comparison goes on to B and the scores.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndarrayFromValues } from '../openpi/msgpack-numpy.ts';
import { startOpenpiServer, type OpenpiServer } from '../openpi/openpi-server.ts';
import type { OpenpiMap } from '../openpi/openpi-map.ts';
import type { StationEpisodeResult } from '../queue/station-job.ts';
import { openpiPolicyConnector } from '../workers/robot/openpi-policy-connector.ts';
import { RobotFaultError } from '../workers/robot/robot-link.ts';
import { SimulatedRobotLink } from '../workers/robot/simulated-robot-link.ts';
import { runStationEpisode } from '../workers/robot/station-episode.ts';

const never = { seen: false, appeared: new Promise<void>(() => {}) };

async function withPolicy<T>(
  infer: (observation: OpenpiMap, call: number) => OpenpiMap,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  let calls = 0;
  const server: OpenpiServer = await startOpenpiServer({
    port: 0,
    metadata: { action_mode: 'joint-position' },
    createSession: () => ({ infer: (observation) => infer(observation, calls++) }),
  });
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

async function runEpisode(url: string, link = new SimulatedRobotLink({ realTime: false })) {
  try {
    return await runStationEpisode(
      {
        comparisonId: 'cmp-errors',
        side: 'A',
        task: { name: 'reach', instruction: 'move the gripper to the green ball' },
        policyUrl: url,
        timeLimitS: 2,
      },
      {
        link,
        connectPolicy: openpiPolicyConnector({ timeoutMs: 5_000 }),
        stop: never,
        shutdown: new AbortController().signal,
      },
    );
  } finally {
    await link.close();
  }
}

/** Holds the arm where it is: seven joint targets and an open gripper (0). */
function holdStill(observation: OpenpiMap): number[] {
  const joints = (observation['arena/observation'] as { jointPositionsRad: number[] })
    .jointPositionsRad;
  return [...joints, 0];
}

test('a policy that raises ends the episode with its traceback as the reason', async () => {
  await withPolicy(
    (observation, call) => {
      if (call === 3) throw new Error('CUDA out of memory');
      return { actions: ndarrayFromValues([holdStill(observation)], '<f8') };
    },
    async (url) => {
      const result: StationEpisodeResult = await runEpisode(url);
      assert.equal(result.termination, 'error');
      assert.equal(result.steps, 3);
      assert.match(result.error ?? '', /^policy: /);
      assert.match(result.error ?? '', /CUDA out of memory/);
    },
  );
});

test('actions of the wrong width end the episode before the robot moves', async () => {
  await withPolicy(
    () => ({ actions: ndarrayFromValues([[0, 0, 0, 0, 0]], '<f8') }),
    async (url) => {
      const result = await runEpisode(url);
      assert.equal(result.termination, 'error');
      assert.equal(result.steps, 0);
      assert.equal(result.error, 'policy: action 0 has 5 values; this robot takes 8 per action');
    },
  );
});

test('a non-finite action is refused as the policy’s fault', async () => {
  await withPolicy(
    (observation) => ({
      actions: ndarrayFromValues(
        [holdStill(observation), [0, 0, Number.NaN, 0, 0, 0, 0, 0]],
        '<f8',
      ),
    }),
    async (url) => {
      const result = await runEpisode(url);
      assert.equal(result.termination, 'error');
      assert.equal(result.steps, 0);
      assert.equal(result.error, 'policy: action 1 has a non-finite value at index 2');
    },
  );
});

test('a robot fault ends the episode with the robot named as the cause', async () => {
  await withPolicy(
    (observation) => ({ actions: ndarrayFromValues([holdStill(observation)], '<f8') }),
    async (url) => {
      // A stand-in for hardware that faults on its tenth command.
      const link = new SimulatedRobotLink({ realTime: false });
      const command = link.command.bind(link);
      let commands = 0;
      link.command = (action) => {
        commands += 1;
        return commands === 10
          ? Promise.reject(new RobotFaultError('joint 4 over temperature'))
          : command(action);
      };
      const result = await runEpisode(url, link);
      assert.equal(result.termination, 'error');
      assert.equal(result.steps, 9);
      assert.equal(result.error, 'robot: joint 4 over temperature');
    },
  );
});
