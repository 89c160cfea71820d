// One registration of a DROID-style policy server (float32 actions [10, 8], DROID's observation
// keys) serves a simulated campaign, a station standing in with MuJoCo and a ROS 2 station
// (a fake ROS 2 installation and driver here): the services' relay applies the registered
// observation mapping, and the simulated station the registered actionColumns, as the
// simulator does. Campaigns a station cannot feed are refused at creation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNdArray, ndarrayFromValues } from '../openpi/msgpack-numpy.ts';
import { startOpenpiServer } from '../openpi/openpi-server.ts';
import { createRos2RobotLink } from '../workers/robot/ros2-robot-link.ts';
import { SimulatedRobotLink } from '../workers/robot/simulated-robot-link.ts';
import { startStationWorker } from '../workers/robot/station-worker.ts';
import { FakeDdsGraph, createFakeRclnodejs } from './helpers/fake-ros2-installation.ts';
import { FakeRobotDriver } from './helpers/fake-robot-driver.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl } from './helpers/redis.ts';
import { driverLinkOptions } from './helpers/ros2-variants.ts';
import { postJson, withServices } from './helpers/services.ts';

test('a DROID-style server registered once runs in simulation, on a simulated station and on a ROS 2 station', async () => {
  const seen: { keys: string[]; joints: number }[] = [];
  // DROID's server: joint positions and gripper in, 10 rows of 7 joint values + gripper out.
  const server = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => ({
      infer: (observation) => {
        const joints = observation['observation/joint_position'];
        assert.ok(isNdArray(joints));
        const positions = Array.from(joints.data as Float32Array);
        seen.push({ keys: Object.keys(observation).sort(), joints: positions.length });
        const row = [...positions, ...new Array<number>(7 - positions.length).fill(0), 0];
        return { actions: ndarrayFromValues(new Array(10).fill(row), '<f4') };
      },
    }),
  });
  const graph = new FakeDdsGraph();
  const driverRos = createFakeRclnodejs({ graph, signalHandler: false });
  await driverRos.init();
  const driver = new FakeRobotDriver({ rclnodejs: driverRos });
  try {
    await withServices('sqlite', { simWorkers: 1 }, async (services, queuePrefix) => {
      const post = (path: string, body: unknown): Promise<Response> =>
        postJson(services.url, path, body);
      const get = async (path: string): Promise<Record<string, unknown>> =>
        (await fetch(`${services.url}${path}`)).json() as Promise<Record<string, unknown>>;
      const droid = {
        kind: 'openpi',
        endpoint: server.url,
        observation: {
          'observation/joint_position': 'jointPositionsRad',
          'observation/gripper_position': 'gripperPosition',
          prompt: 'instruction',
        },
        actionMode: 'joint',
        // The simulated arm's seven joints and the gripper: DROID's columns as they come.
        actionColumns: [0, 1, 2, 3, 4, 5, 6, 7],
      };
      for (const name of ['droid-a', 'droid-b']) {
        assert.equal((await post('/api/policies', { name, ...droid })).status, 201);
      }
      assert.equal(
        (await post('/api/policies', { name: 'expert', kind: 'builtin', builtin: 'expert' }))
          .status,
        201,
      );
      assert.equal((await post('/api/tasks', { name: 'reach', simTask: 'reach' })).status, 201);

      const simulatedStation = startStationWorker({
        redisUrl: testRedisUrl,
        queuePrefix,
        station: 'sim-lab',
        link: new SimulatedRobotLink({ realTime: false }),
        signalPollMs: 50,
      });
      const ros2Station = startStationWorker({
        redisUrl: testRedisUrl,
        queuePrefix,
        station: 'franka-1',
        link: await createRos2RobotLink(
          { ...driverLinkOptions, controlHz: 30 },
          { rclnodejs: createFakeRclnodejs({ graph }) },
        ),
        linkKind: 'ros2',
        signalPollMs: 50,
      });
      try {
        // The ROS 2 station announced what it sends: a built-in policy is refused for it.
        const refused = await waitFor(
          async () => {
            const res = await post('/api/campaigns', {
              name: 'builtin-on-franka',
              policies: ['droid-a', 'expert'],
              tasks: ['reach'],
              budget: 1,
              stations: ['franka-1'],
            });
            return res.status === 400 ? ((await res.json()) as Record<string, unknown>) : undefined;
          },
          { what: 'the ROS 2 station to announce itself', timeoutMs: 10_000, intervalMs: 100 },
        );
        const problem = (refused.problems as { field: string; problem: string }[])[0];
        assert.equal(problem?.field, 'policies[1]');
        assert.match(problem?.problem ?? '', /station "franka-1": built-in policy "expert"/);

        const campaigns = [
          { name: 'droid-sim', budget: 1, seed: 1 },
          { name: 'droid-sim-lab', budget: 1, seed: 2, stations: ['sim-lab'], stationEpisodeS: 1 },
          { name: 'droid-franka', budget: 1, seed: 3, stations: ['franka-1'], stationEpisodeS: 1 },
        ];
        for (const campaign of campaigns) {
          const created = await post('/api/campaigns', {
            ...campaign,
            policies: ['droid-a', 'droid-b'],
            tasks: ['reach'],
            maxInFlight: 1,
            start: true,
          });
          assert.equal(created.status, 201, JSON.stringify(await created.json()));
        }
        // The evaluator at each station: start A, start B, score.
        for (const station of ['sim-lab', 'franka-1']) {
          for (const signal of ['start-A', 'start-B'] as const) {
            const phase = signal === 'start-A' ? 'reset-A' : 'reset-B';
            const ticket = await waitFor(
              async () => {
                const status = (await get(`/api/stations/${station}`)) as {
                  current: { ticket: string; phase: string } | null;
                };
                return status.current?.phase === phase ? status.current.ticket : undefined;
              },
              { what: `${station} to reach ${phase}`, timeoutMs: 60_000, intervalMs: 100 },
            );
            await post(`/api/stations/${station}/signals`, { ticket, signal });
          }
          const ticket = await waitFor(
            async () => {
              const status = (await get(`/api/stations/${station}`)) as {
                current: { ticket: string; phase: string } | null;
              };
              return status.current?.phase === 'evaluation' ? status.current.ticket : undefined;
            },
            { what: `${station} to finish both episodes`, timeoutMs: 60_000, intervalMs: 100 },
          );
          const scored = await post(`/api/stations/${station}/evaluations`, {
            ticket,
            progressA: 50,
            progressB: 40,
            preference: 'A',
            comment: 'both moved',
            evaluator: 'ana',
          });
          assert.equal(scored.status, 202, JSON.stringify(await scored.json()));
        }
        const { db } = services.database;
        const episodes = await waitFor(
          async () => {
            const rows = await db
              .selectFrom('episodes')
              .innerJoin('comparisons', 'comparisons.id', 'episodes.comparison_id')
              .innerJoin('campaigns', 'campaigns.id', 'comparisons.campaign_id')
              .select(['campaigns.name', 'episodes.side', 'episodes.steps', 'episodes.error'])
              .execute();
            return rows.length === 6 ? rows : undefined;
          },
          { what: 'all six episodes to be recorded', timeoutMs: 120_000, intervalMs: 250 },
        );
        for (const episode of episodes) {
          assert.equal(episode.error, null, `${episode.name} ${episode.side}`);
          assert.ok(episode.steps > 0, `${episode.name} ${episode.side} ran`);
        }
        // Simulation, the simulated station and the ROS 2 robot all send seven joints.
        assert.ok(seen.every((s) => s.keys.includes('observation/gripper_position')));
        assert.ok(seen.every((s) => s.keys.includes('prompt')));
        assert.ok(!seen.some((s) => s.keys.some((key) => key.startsWith('arena/'))));
        assert.deepEqual([...new Set(seen.map((s) => s.joints))], [7]);
        assert.ok(driver.armCommands.length > 0, 'the ROS 2 robot was commanded');
      } finally {
        await ros2Station.close(5_000);
        await simulatedStation.close(5_000);
      }
    });
  } finally {
    driver.close();
    await server.close();
  }
});
