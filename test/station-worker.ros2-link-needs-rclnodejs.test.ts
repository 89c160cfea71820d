// The ROS 2 link cannot run here (no ROS 2, so no rclnodejs): what is tested is that its absence
// is reported as advice, from the library and from `arena worker robot`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadRclnodejs, RclnodejsMissingError } from '../workers/robot/rclnodejs-loader.ts';
import { createRos2RobotLink } from '../workers/robot/ros2-robot-link.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

const rclnodejsInstalled = ((): boolean => {
  try {
    import.meta.resolve('rclnodejs');
    return true;
  } catch {
    return false;
  }
})();

async function arena(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/arena.ts', ...args], {
      cwd: root,
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1' },
    });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

test(
  'without rclnodejs, the ROS 2 link fails with what to install',
  { skip: rclnodejsInstalled },
  async () => {
    await assert.rejects(createRos2RobotLink(), (error: unknown) => {
      assert.ok(error instanceof RclnodejsMissingError);
      assert.match(error.message, /rclnodejs is not installed/);
      assert.match(error.message, /install ROS 2, source its setup script/);
      return true;
    });
  },
);

test('a module that is not there is reported the same way, whatever its name', async () => {
  await assert.rejects(loadRclnodejs('rclnodejs-not-here'), RclnodejsMissingError);
});

test(
  '`arena worker robot` on ROS 2 without rclnodejs exits 1 with the advice, no stack trace',
  { skip: rclnodejsInstalled },
  async () => {
    const { code, stderr } = await arena(['worker', 'robot', '--station', 'lab-1']);
    assert.equal(code, 1);
    assert.match(stderr, /^arena: rclnodejs is not installed/);
    assert.match(stderr, /--link simulated/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  },
);

test('`arena worker robot` reports usage mistakes with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['worker', 'robot'], /needs --station NAME/],
    [['worker', 'robot', '--station', 'Lab_1'], /"Lab_1" is not a station name/],
    [
      ['worker', 'robot', '--station', 'lab-1', '--link', 'serial'],
      /--link must be ros2 or simulated/,
    ],
    [['worker', 'robot', '--station', 'lab-1', '--concurrency', '2'], /one comparison at a time/],
    [
      ['worker', 'robot', '--station', 'lab-1', '--link', 'simulated', '--camera', 'x=/c'],
      /applies to --link ros2/,
    ],
    [['worker', 'sim', '--station', 'lab-1'], /applies to "arena worker robot"/],
    [
      ['worker', 'robot', '--station', 'lab-1', '--gripper-range', '0.04'],
      /--gripper-range takes two different numbers OPEN,CLOSED/,
    ],
    [
      ['worker', 'robot', '--station', 'lab-1', '--arm-joints', 'j1,,j3'],
      /--arm-joints takes joint names separated by commas/,
    ],
    [
      ['worker', 'robot', '--station', 'lab-1', '--link', 'simulated', '--open-loop-steps', '0'],
      /--open-loop-steps must be an integer from 1/,
    ],
    [['worker', 'arm'], /expected "arena worker sim" or "arena worker robot --station NAME"/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await arena(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message, args.join(' '));
  }
});
