// However an episode or the station ends, the last command the robot gets is a hold: at the
// time limit, on the evaluator's stop, on a policy error, when the driver dies mid-episode, on
// shutdown, and on SIGINT or SIGTERM to the station's process (rclnodejs shuts ROS down from
// its own SIGINT handler unless the station removes it). Runs on the fake ROS 2 installation
// everywhere, and on rclnodejs where ROS 2 is installed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ndarrayFromValues } from '../openpi/msgpack-numpy.ts';
import { startOpenpiServer, type OpenpiServer } from '../openpi/openpi-server.ts';
import { queueConnection } from '../queue/connection.ts';
import {
  stationKeyTtlS,
  stationQueueName,
  stationSignalKey,
  type StationEpisodeResult,
  type StationJobData,
} from '../queue/station-job.ts';
import type { Float64MultiArrayMessage, Rclnodejs } from '../workers/robot/rclnodejs-loader.ts';
import { openpiPolicyConnector } from '../workers/robot/openpi-policy-connector.ts';
import type { RobotLink } from '../workers/robot/robot-link.ts';
import { createRos2RobotLink } from '../workers/robot/ros2-robot-link.ts';
import { runStationEpisode } from '../workers/robot/station-episode.ts';
import { spawnStationWorker } from '../workers/robot/station-process.ts';
import { FakeRobotDriver } from './helpers/fake-robot-driver.ts';
import { waitFor } from './helpers/fixtures.ts';
import { testRedisUrl, withQueuePrefix } from './helpers/redis.ts';
import { driverLinkOptions, ros2Variants, withRos2Robot } from './helpers/ros2-variants.ts';
import { sampleEvaluation, testStation, withStation } from './helpers/station.ts';

const zeros = [0, 0, 0, 0, 0, 0, 0];
const moving = [0.05, 0, 0, 0, 0, 0, 0, 0];
const task = { name: 'pick-cube', instruction: 'put the cube in the bowl' };

/** What `ros2 topic echo /arena/joint_command` would print: every arm command, in order. */
function monitorCommands(rclnodejs: Rclnodejs): { commands: number[][]; close(): void } {
  const node = new rclnodejs.Node('command_monitor');
  const commands: number[][] = [];
  node.createSubscription(
    'std_msgs/msg/Float64MultiArray',
    '/arena/joint_command',
    (message: Float64MultiArrayMessage) => commands.push(Array.from(message.data)),
  );
  node.spin();
  return {
    commands,
    close: () => {
      if (!rclnodejs.isShutdown()) node.destroy();
    },
  };
}

async function withPolicy<T>(
  infer: (call: number) => Promise<Record<string, unknown>> | Record<string, unknown>,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  let calls = 0;
  const server: OpenpiServer = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => ({ infer: () => infer(calls++) }),
  });
  try {
    return await fn(server.url);
  } finally {
    await server.close();
  }
}

const movingChunk = () => ({ actions: ndarrayFromValues([moving, moving, moving], '<f8') });

for (const variant of ros2Variants) {
  test(
    `${variant.name}: every way an episode ends leaves the robot holding`,
    { skip: variant.skip },
    async () => {
      type Ending = 'time-limit' | 'stopped' | 'policy error' | 'driver died' | 'shutdown';
      const endings: Ending[] = [
        'time-limit',
        'stopped',
        'policy error',
        'driver died',
        'shutdown',
      ];
      for (const ending of endings) {
        await withRos2Robot(
          variant,
          { link: { staleAfterMs: 200 } },
          async ({ link, driver, driverRos }) => {
            assert.ok(driver);
            const monitor = monitorCommands(driverRos);
            const shutdown = new AbortController();
            let stopSeen = false;
            let pressStop = (): void => undefined;
            const stop = {
              get seen() {
                return stopSeen;
              },
              appeared: new Promise<void>((resolve) => {
                pressStop = () => {
                  stopSeen = true;
                  resolve();
                };
              }),
            };
            try {
              await withPolicy(
                (call) => {
                  if (ending === 'policy error' && call === 2)
                    throw new Error('CUDA out of memory');
                  return movingChunk();
                },
                async (url) => {
                  const episode = runStationEpisode(
                    { comparisonId: 'c', side: 'A', task, policyUrl: url, timeLimitS: 1.5 },
                    {
                      link,
                      connectPolicy: openpiPolicyConnector({ timeoutMs: 10_000 }),
                      stop,
                      shutdown: shutdown.signal,
                    },
                  );
                  if (ending !== 'time-limit' && ending !== 'policy error') {
                    await driver.waitForArmCommands(4);
                    if (ending === 'stopped') pressStop();
                    if (ending === 'driver died') driver.kill();
                    if (ending === 'shutdown') shutdown.abort();
                  }
                  const outcome: StationEpisodeResult | Error = await episode.then(
                    (result) => result,
                    (error: unknown) => error as Error,
                  );
                  if (ending === 'shutdown') {
                    assert.ok(outcome instanceof Error && outcome.name === 'StationShutdownError');
                  } else {
                    assert.ok(!(outcome instanceof Error), ending);
                    const expected = {
                      'time-limit': 'time-limit',
                      stopped: 'stopped',
                      'policy error': 'error',
                      'driver died': 'error',
                    }[ending];
                    assert.equal(outcome.termination, expected, ending);
                    if (ending === 'driver died') {
                      assert.match(
                        outcome.error ?? '',
                        /^robot: no joint states on \/joint_states/,
                      );
                    }
                    if (ending === 'policy error') assert.match(outcome.error ?? '', /^policy: /);
                    // Each step went out once, then the hold.
                    await waitFor(
                      () => (monitor.commands.length >= outcome.steps + 1 ? true : undefined),
                      { what: 'the commands to arrive', timeoutMs: 10_000, intervalMs: 20 },
                    );
                    assert.equal(monitor.commands.length, outcome.steps + 1, ending);
                  }
                  await waitFor(
                    () =>
                      monitor.commands.at(-1)?.every((v) => v === 0) === true ? true : undefined,
                    { what: `a hold after ${ending}`, timeoutMs: 10_000, intervalMs: 20 },
                  );
                  assert.deepEqual(monitor.commands.at(-1), zeros, ending);
                  assert.ok(monitor.commands.length >= 2, ending);
                },
              );
            } finally {
              monitor.close();
            }
          },
        );
      }
    },
  );

  test(
    `${variant.name}: a link whose ROS was shut down rejects; it never throws out of a call`,
    { skip: variant.skip },
    async () => {
      await withRos2Robot(variant, {}, async ({ link }) => {
        await link.begin({ comparisonId: 'c', side: 'A', task, policyMetadata: {} });
        await link.close();
        for (const call of [
          () => link.observe(),
          () => link.command([...zeros, 0]),
          () => link.begin({ comparisonId: 'c', side: 'A', task, policyMetadata: {} }),
        ]) {
          let returned: Promise<unknown> | undefined;
          assert.doesNotThrow(() => {
            returned = call();
          });
          await assert.rejects(returned!, /the ROS 2 link is closed/);
        }
        // Holding a closed link is a no-op, as the interface promises.
        await link.hold();
      });
    },
  );

  test(
    `${variant.name}: a driver dying mid-episode is a robot fault in the result, each episode recorded once`,
    { skip: variant.skip },
    async () => {
      await withPolicy(movingChunk, async (url) => {
        const { station, driver: driverRos } = await variant.rclnodejs();
        const link: RobotLink = await createRos2RobotLink(
          { ...driverLinkOptions, staleAfterMs: 200 },
          { rclnodejs: station },
        );
        const driver = new FakeRobotDriver({ rclnodejs: driverRos });
        const monitor = monitorCommands(driverRos);
        try {
          await withStation({ robotLink: link }, async (fixture) => {
            const comparisonId = 'cmp-driver-dies';
            await fixture.addComparison({
              comparisonId,
              task,
              policies: { A: url, B: url },
              episodeTimeLimitS: 20,
            });
            await fixture.waitForPhase(comparisonId, 'reset-A');
            await fixture.signal(comparisonId, 'start-A');
            await driver.waitForArmCommands(6);
            driver.kill();
            await fixture.waitForPhase(comparisonId, 'reset-B');
            await fixture.signal(comparisonId, 'start-B');
            await fixture.waitForPhase(comparisonId, 'evaluation');
            await fixture.evaluate(comparisonId, sampleEvaluation());
            const result = await fixture.waitForResult(comparisonId);

            assert.equal(result.episodes.A.termination, 'error');
            assert.match(
              result.episodes.A.error ?? '',
              /^robot: no joint states on \/joint_states/,
            );
            // With the driver still dead, B cannot begin: a fault, not a hang or a retry.
            assert.equal(result.episodes.B.termination, 'error');
            assert.equal(result.episodes.B.steps, 0);
            assert.match(result.episodes.B.error ?? '', /^robot: no joint states .* within/);
            // One attempt, each phase once: nothing ran or was recorded twice.
            assert.deepEqual(fixture.phases.get(comparisonId), [
              'reset-A',
              'A',
              'reset-B',
              'B',
              'evaluation',
            ]);
            const job = await fixture.queue.getJob(comparisonId);
            assert.equal(job?.attemptsMade, 1);
            assert.deepEqual(fixture.stalled, []);
            // Every step of A went out once; the robot got holds after A and after B.
            const sent = monitor.commands.filter((c) => c.some((v) => v !== 0));
            assert.equal(sent.length, result.episodes.A.steps);
            assert.ok(fixture.holds() >= 2, `${fixture.holds()} holds`);
            assert.deepEqual(monitor.commands.at(-1), zeros);
          });
        } finally {
          monitor.close();
          driver.close();
          await link.close();
        }
      });
    },
  );
}

const fakeStationModule = path.resolve(
  import.meta.dirname,
  'helpers',
  'fake-ros2-station-module.ts',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to a ROS 2 station mid-episode: the robot gets its hold, the job goes back to waiting`, async () => {
    await withQueuePrefix(async (prefix) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'arena-station-'));
      const log = path.join(dir, 'driver.jsonl');
      const queue = new Queue<StationJobData>(stationQueueName(testStation), {
        connection: queueConnection(testRedisUrl),
        prefix,
      });
      const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
      const commands = async (): Promise<{ topic: string; values: number[] }[]> => {
        const text = await readFile(log, 'utf8').catch(() => '');
        return text
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as { topic: string; values: number[] });
      };
      try {
        await withPolicy(movingChunk, async (url) => {
          const comparisonId = `cmp-${signal.toLowerCase()}`;
          await queue.add(
            'station-comparison',
            {
              comparisonId,
              station: testStation,
              task,
              policies: { A: url, B: url },
              episodeTimeLimitS: 60,
            },
            { jobId: comparisonId },
          );
          const previousLog = process.env.FAKE_ROBOT_DRIVER_LOG;
          process.env.FAKE_ROBOT_DRIVER_LOG = log;
          const child = spawnStationWorker({
            redisUrl: testRedisUrl,
            queuePrefix: prefix,
            station: testStation,
            link: {
              kind: 'ros2',
              options: { ...driverLinkOptions, rclnodejsModule: fakeStationModule },
            },
          });
          if (previousLog === undefined) delete process.env.FAKE_ROBOT_DRIVER_LOG;
          else process.env.FAKE_ROBOT_DRIVER_LOG = previousLog;
          try {
            await redis.set(
              stationSignalKey(prefix, comparisonId, 'start-A'),
              new Date().toISOString(),
              'EX',
              stationKeyTtlS,
            );
            await waitFor(
              async () =>
                (await commands()).filter((c) => c.topic === 'arm').length >= 5 ? true : undefined,
              { what: 'the robot to move', timeoutMs: 30_000, intervalMs: 50 },
            );
            child.process.kill(signal);
            const code = await child.exited;
            assert.equal(code, 0, `the station exits cleanly on ${signal}`);
          } finally {
            await child.stop();
          }
          const arm = (await commands()).filter((c) => c.topic === 'arm').map((c) => c.values);
          assert.deepEqual(arm.at(-1), zeros, 'the last command the robot got is a hold');
          assert.ok(
            arm.some((values) => values.some((v) => v !== 0)),
            'the robot had been moving',
          );
          const job = await queue.getJob(comparisonId);
          assert.equal(await job?.getState(), 'waiting', 'handed back, not failed');
        });
      } finally {
        await queue.close();
        redis.disconnect();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
