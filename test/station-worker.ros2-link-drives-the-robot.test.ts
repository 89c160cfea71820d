// The ROS 2 link against a driver node: what it reads from joint states and cameras, what it
// publishes per step, and what an episode reports and records. Runs on the fake ROS 2
// installation everywhere, and on rclnodejs where ROS 2 is installed.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { isNdArray, ndarrayFromValues, type NdArray } from '../openpi/msgpack-numpy.ts';
import type { OpenpiMap } from '../openpi/openpi-map.ts';
import { startOpenpiServer } from '../openpi/openpi-server.ts';
import { decodeStationRecording } from '../queue/station-recording.ts';
import { openpiPolicyConnector } from '../workers/robot/openpi-policy-connector.ts';
import { RobotFaultError, type RobotLink } from '../workers/robot/robot-link.ts';
import { runStationEpisode } from '../workers/robot/station-episode.ts';
import { fakeGripperOpenM } from './helpers/fake-robot-driver.ts';
import { ros2Variants, withRos2Robot } from './helpers/ros2-variants.ts';

const never = { seen: false, appeared: new Promise<void>(() => {}) };
const camera = 'observation/exterior_image_1_left';
const task = { name: 'pick-cube', instruction: 'put the cube in the bowl' };

function floats(value: unknown): number[] {
  assert.ok(isNdArray(value), 'an ndarray');
  return Array.from(value.data as Float32Array);
}

/** Serves `infer` over openpi for the test's duration; counts the calls. */
async function withPolicy<T>(
  infer: (observation: OpenpiMap, call: number) => OpenpiMap | Promise<OpenpiMap>,
  fn: (url: string, calls: () => number) => Promise<T>,
): Promise<T> {
  let calls = 0;
  const server = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => ({ infer: (observation) => infer(observation, calls++) }),
  });
  try {
    return await fn(server.url, () => calls);
  } finally {
    await server.close();
  }
}

function runEpisode(
  link: RobotLink,
  url: string,
  extra: { timeLimitS?: number; maxOpenLoopSteps?: number } = {},
) {
  return runStationEpisode(
    {
      comparisonId: 'cmp-ros2',
      side: 'A',
      task,
      policyUrl: url,
      timeLimitS: extra.timeLimitS ?? 1,
    },
    {
      link,
      connectPolicy: openpiPolicyConnector({ timeoutMs: 10_000 }),
      stop: never,
      shutdown: new AbortController().signal,
      ...(extra.maxOpenLoopSteps === undefined ? {} : { maxOpenLoopSteps: extra.maxOpenLoopSteps }),
    },
  );
}

for (const variant of ros2Variants) {
  test(
    `${variant.name}: joint states and camera images become the observation`,
    { skip: variant.skip },
    async () => {
      await withRos2Robot(
        variant,
        {
          link: { cameras: { [camera]: '/camera/image_raw' }, imageSize: 64 },
          driver: { camera: { topic: '/camera/image_raw', width: 32, height: 24 } },
        },
        async ({ link, driver }) => {
          assert.ok(driver);
          await link.begin({ comparisonId: 'c', side: 'A', task, policyMetadata: {} });
          const first = await link.observe();
          // float32 on the wire, as DROID's client sends them.
          assert.deepEqual(
            floats(first['observation/joint_position']),
            Array.from(Float32Array.from(driver.positions)),
          );
          assert.deepEqual(floats(first['observation/gripper_position']), [0], 'open is 0');
          assert.equal(first.prompt, task.instruction);
          const image = first[camera] as NdArray;
          assert.equal(image.dtype, '|u1');
          assert.deepEqual(image.shape, [64, 64, 3], 'resized with padding to the policy size');
          // The red channel counts the driver's frames: a later observation has a later frame.
          const centre = (value: NdArray): number => Number(value.data[(32 * 64 + 32) * 3] ?? -1);
          const seen = driver.imagesPublished;
          while (driver.imagesPublished < seen + 3) await sleep(10);
          await sleep(50);
          const later = await link.observe();
          assert.notEqual(centre(later[camera] as NdArray), centre(image));

          // Closing the gripper shows as closedness 1.
          driver.gripperM = 0;
          const published = driver.imagesPublished;
          while (driver.imagesPublished < published + 3) await sleep(10);
          assert.deepEqual(floats((await link.observe())['observation/gripper_position']), [1]);
          assert.equal(fakeGripperOpenM > 0, true);
        },
      );
    },
  );

  test(
    `${variant.name}: stale joint states or images are robot faults naming the topic`,
    { skip: variant.skip },
    async () => {
      // No driver at all: begin() says the driver is not running.
      await withRos2Robot(
        variant,
        { driver: false, link: { staleAfterMs: 100 } },
        async ({ link }) => {
          await assert.rejects(
            link.begin({ comparisonId: 'c', side: 'A', task, policyMetadata: {} }),
            (error: unknown) =>
              error instanceof RobotFaultError &&
              /no joint states on \/joint_states within 2000 ms/.test(error.message),
          );
        },
      );
      // A camera that never publishes, on a robot that does.
      await withRos2Robot(
        variant,
        { link: { staleAfterMs: 200, cameras: { [camera]: '/camera/missing' } } },
        async ({ link, driver }) => {
          await link.begin({ comparisonId: 'c', side: 'A', task, policyMetadata: {} });
          await assert.rejects(link.observe(), /no images on \/camera\/missing for 200 ms/);
          // The driver dies: its last joint state goes stale.
          driver?.kill();
          await sleep(400);
          await assert.rejects(link.observe(), (error: unknown) => {
            assert.ok(error instanceof RobotFaultError);
            assert.match(error.message, /no joint states on \/joint_states for 200 ms/);
            return true;
          });
        },
      );
    },
  );

  for (const commandMode of ['velocity', 'position'] as const) {
    test(
      `${variant.name}: one command per step in ${commandMode} mode, then the hold`,
      { skip: variant.skip },
      async () => {
        const target = [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7];
        const rows =
          commandMode === 'velocity'
            ? [
                [0.01, 0, 0, 0, 0, 0, 0, 0],
                [0, 0.02, 0, 0, 0, 0, 0, 1],
                [0, 0, 0.03, 0, 0, 0, 0, 0.5],
              ]
            : [[...target, 1]];
        await withRos2Robot(variant, { link: { commandMode } }, async ({ link, driver }) => {
          assert.ok(driver);
          await withPolicy(
            () => ({ actions: ndarrayFromValues(rows, '<f4') }),
            async (url) => {
              const result = await runEpisode(link, url, { timeLimitS: 1 });
              assert.equal(result.termination, 'time-limit');
              assert.ok(result.steps > 3, `${result.steps} steps`);
              // Every step's command, then the hold, arrive in order.
              await driver.waitForArmCommands(result.steps + 1);
              assert.equal(driver.armCommands.length, result.steps + 1);
              const asFloat32 = (values: number[]): number[] =>
                Array.from(Float32Array.from(values));
              for (let step = 0; step < result.steps; step += 1) {
                const row = rows[step % rows.length] ?? [];
                assert.deepEqual(
                  driver.armCommands[step],
                  asFloat32(row.slice(0, 7)),
                  `step ${step}`,
                );
                assert.deepEqual(driver.gripperCommands[step], asFloat32(row.slice(7)));
              }
              const hold = driver.lastArmCommand();
              if (commandMode === 'velocity') {
                assert.deepEqual(hold, [0, 0, 0, 0, 0, 0, 0], 'velocity mode holds with zeros');
              } else {
                // Position mode holds where the robot measured itself: at the commanded target.
                assert.deepEqual(hold, asFloat32(target));
              }
            },
          );
        });
      },
    );
  }

  test(
    `${variant.name}: a chunk runs open-loop for the configured steps, then the policy is asked again`,
    { skip: variant.skip },
    async () => {
      const chunk = [1, 2, 3, 4, 5].map((n) => [n / 100, 0, 0, 0, 0, 0, 0, 0]);
      await withRos2Robot(variant, {}, async ({ link, driver }) => {
        assert.ok(driver);
        await withPolicy(
          () => ({ actions: ndarrayFromValues(chunk, '<f8') }),
          async (url, calls) => {
            const result = await runEpisode(link, url, { timeLimitS: 1, maxOpenLoopSteps: 2 });
            await driver.waitForArmCommands(result.steps + 1);
            const firstJoint = driver.armCommands.slice(0, result.steps).map((c) => c[0]);
            assert.deepEqual(
              firstJoint,
              Array.from({ length: result.steps }, (_, step) => (step % 2 === 0 ? 0.01 : 0.02)),
              'rows 0 and 1 of every chunk, never row 2',
            );
            assert.equal(calls(), Math.ceil(result.steps / 2));
          },
        );
      });
    },
  );

  test(
    `${variant.name}: the achieved control rate and dropped frames are reported and recorded`,
    { skip: variant.skip },
    async () => {
      await withRos2Robot(
        variant,
        {
          link: { controlHz: 15, cameras: { [camera]: '/camera/image_raw' }, imageSize: 64 },
          driver: { camera: { topic: '/camera/image_raw', width: 32, height: 24 } },
        },
        async ({ link, driver }) => {
          assert.ok(driver);
          // A policy taking 250 ms per answer, asked every step: the loop cannot keep 15 Hz.
          await withPolicy(
            async () => {
              await sleep(250);
              return { actions: ndarrayFromValues([[0, 0, 0, 0, 0, 0, 0, 0]], '<f4') };
            },
            async (url) => {
              const result = await runEpisode(link, url, { timeLimitS: 2, maxOpenLoopSteps: 1 });
              assert.equal(result.targetHz, 15);
              assert.ok(result.steps >= 1);
              assert.equal(
                result.achievedHz,
                Math.round((result.steps * 100_000) / result.durationMs) / 100,
              );
              assert.ok((result.achievedHz ?? Infinity) < 15, `${result.achievedHz} Hz`);
              assert.ok(
                result.droppedFrames > 0,
                'periods spent waiting for the policy are dropped',
              );

              assert.ok(result.recording !== null);
              const recording = decodeStationRecording(Buffer.from(result.recording, 'base64'));
              assert.equal(recording.frameCount, result.steps);
              assert.equal(recording.achievedHz, result.achievedHz);
              assert.equal(recording.droppedFrames, result.droppedFrames);
              assert.deepEqual(recording.commands[0], [0, 0, 0, 0, 0, 0, 0, 0]);
              assert.equal(recording.jointPositions.length, result.steps);
              assert.equal(recording.jointPositions[0]?.length, 7);
              // Camera frames at most once a second (112 px PNGs), from the policy's observations.
              assert.ok(recording.images.length >= 1);
              assert.ok(recording.images.length <= Math.floor(result.durationMs / 1000) + 1);
              const png = Buffer.from(recording.images[0]?.png ?? '', 'base64');
              assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
              assert.equal(recording.images[0]?.camera, camera);
            },
          );
        },
      );
    },
  );
}
