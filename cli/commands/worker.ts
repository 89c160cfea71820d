import { stationNamePattern } from '../../queue/station-job.ts';
import { loadConfig } from '../../runtime/config.ts';
import { findRedis } from '../../runtime/local-redis.ts';
import { spawnSimWorkers } from '../../workers/worker-pool.ts';
import { robotLinkKinds, type RobotLinkSpec } from '../../workers/robot/create-robot-link.ts';
import { loadRclnodejs, RclnodejsMissingError } from '../../workers/robot/rclnodejs-loader.ts';
import type { Ros2RobotLinkOptions } from '../../workers/robot/ros2-robot-link.ts';
import { spawnStationWorker } from '../../workers/robot/station-process.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';
import { untilSignal } from '../until-signal.ts';

const ros2Options = {
  'control-hz': { type: 'string' },
  'joint-state-topic': { type: 'string' },
  'joint-command-topic': { type: 'string' },
  'gripper-command-topic': { type: 'string' },
  'command-mode': { type: 'string' },
  camera: { type: 'string', multiple: true },
  'arm-joints': { type: 'string' },
  'gripper-joint': { type: 'string' },
  'gripper-range': { type: 'string' },
} as const;

const options = {
  concurrency: { type: 'string' },
  station: { type: 'string' },
  link: { type: 'string' },
  'open-loop-steps': { type: 'string' },
  ...ros2Options,
} as const;

export const workerCommand: Command = {
  name: 'worker',
  help: `Usage: arena worker sim [--concurrency N]
       arena worker robot --station NAME [--link ros2|simulated] [ROS 2 options]

sim     Runs N simulation worker processes (default 1), one MuJoCo instance each.
robot   Runs the worker of one real-robot station: it takes the station's comparisons one at a
        time, waits for the evaluator's start, runs episode A, then B, then waits for the
        evaluator's scores. NAME is the station's name as campaigns list it (lowercase letters,
        digits and "-").
        --link ros2        the robot over ROS 2 (default; needs ROS 2 and rclnodejs)
        --link simulated   a MuJoCo scene standing in for the robot, for trying a station out
        --open-loop-steps N   rows of each action chunk run before asking the policy again
                           (default: the whole chunk; DROID's client runs 8 of 10)

ROS 2 options (with --link ros2):
  --control-hz HZ               control rate (default 15)
  --joint-state-topic TOPIC     sensor_msgs/JointState in (default /joint_states)
  --joint-command-topic TOPIC   std_msgs/Float64MultiArray of arm values out (default /arena/joint_command)
  --gripper-command-topic TOPIC std_msgs/Float64MultiArray of the gripper value out (default /arena/gripper_command)
  --command-mode velocity|position   how the controller reads arm values (default velocity)
  --camera KEY=TOPIC            a sensor_msgs/Image topic sent as observation KEY (repeatable),
                                e.g. observation/exterior_image_1_left=/camera/image_raw
  --arm-joints A,B,...          arm joints in action order, as named in the joint states
                                (default: the first 7 names of the first message)
  --gripper-joint NAME          joint whose position is the gripper's (default gripper)
  --gripper-range OPEN,CLOSED   that joint's position fully open and fully closed (default 0,1),
                                e.g. 0.04,0 for a Franka finger joint

A worker needs only Redis: set REDIS_URL (and ARENA_QUEUE_PREFIX if the services use another
prefix). Without REDIS_URL it uses a Redis on 127.0.0.1:6379 or the one "arena up" started in
./data. On SIGTERM or Ctrl-C, sim workers finish the rollouts in hand; a station stops its
episode with the robot holding and leaves the comparison for its next start.`,
  async run(args) {
    const { values, positionals } = parseOptions(args, options, true);
    const kind = positionals[0];
    if (positionals.length !== 1 || (kind !== 'sim' && kind !== 'robot')) {
      throw new UsageError('expected "arena worker sim" or "arena worker robot --station NAME"');
    }
    const given = (names: readonly string[]): string[] =>
      names.filter((name) => values[name as keyof typeof values] !== undefined);
    if (kind === 'sim') {
      const misplaced = given(['station', 'link', 'open-loop-steps', ...Object.keys(ros2Options)]);
      if (misplaced.length > 0) {
        throw new UsageError(`--${misplaced[0]} applies to "arena worker robot", not "sim"`);
      }
      return runSimWorkers(integerOption('concurrency', values.concurrency, 1, 1, 256));
    }
    if (values.concurrency !== undefined) {
      throw new UsageError(
        'a station runs one comparison at a time: --concurrency applies to "sim"',
      );
    }
    const station = values.station;
    if (station === undefined) {
      throw new UsageError('"arena worker robot" needs --station NAME (the station\'s name)');
    }
    if (!stationNamePattern.test(station)) {
      throw new UsageError(
        `--station "${station}" is not a station name: 1 to 40 lowercase letters, digits and "-", starting with a letter or digit`,
      );
    }
    const linkKind = values.link ?? 'ros2';
    if (!robotLinkKinds.some((known) => known === linkKind)) {
      throw new UsageError(`--link must be ${robotLinkKinds.join(' or ')} (got "${linkKind}")`);
    }
    let link: RobotLinkSpec;
    if (linkKind === 'ros2') {
      link = { kind: 'ros2', options: ros2LinkOptions(values) };
      try {
        // Say what to install before anything starts.
        await loadRclnodejs();
      } catch (error) {
        if (!(error instanceof RclnodejsMissingError)) throw error;
        console.error(`arena: ${error.message}`);
        return 1;
      }
    } else {
      const misplaced = given(Object.keys(ros2Options));
      if (misplaced.length > 0) {
        throw new UsageError(`--${misplaced[0]} applies to --link ros2`);
      }
      link = { kind: 'simulated' };
    }
    const openLoopSteps =
      values['open-loop-steps'] === undefined
        ? undefined
        : integerOption('open-loop-steps', values['open-loop-steps'], 1, 1, 10_000);
    return runStation(station, link, openLoopSteps);
  },
};

async function findRedisOrFail(): Promise<{ redisUrl: string; queuePrefix: string }> {
  const config = loadConfig();
  const redisUrl = await findRedis(config.redisUrl, config.dataDir);
  if (redisUrl === undefined) {
    throw new UsageError(
      'no Redis found: set REDIS_URL=redis://host:port to the Redis the services use',
    );
  }
  return { redisUrl, queuePrefix: config.queuePrefix };
}

async function runSimWorkers(concurrency: number): Promise<number> {
  const { redisUrl, queuePrefix } = await findRedisOrFail();
  const pool = spawnSimWorkers(concurrency, { redisUrl, queuePrefix });
  console.error(
    `arena: ${concurrency} sim worker process(es) on ${redisUrl}, prefix "${queuePrefix}"`,
  );
  await untilSignal();
  await pool.stop();
  return 0;
}

async function runStation(
  station: string,
  link: RobotLinkSpec,
  openLoopSteps: number | undefined,
): Promise<number> {
  const { redisUrl, queuePrefix } = await findRedisOrFail();
  const worker = spawnStationWorker({ redisUrl, queuePrefix, station, link, openLoopSteps });
  const ended = await Promise.race([
    untilSignal().then(() => 'signalled' as const),
    worker.exited.then(() => 'exited' as const),
  ]);
  const code = ended === 'signalled' ? await worker.stop() : await worker.exited;
  return code ?? 1;
}

function ros2LinkOptions(values: {
  'control-hz'?: string | undefined;
  'joint-state-topic'?: string | undefined;
  'joint-command-topic'?: string | undefined;
  'gripper-command-topic'?: string | undefined;
  'command-mode'?: string | undefined;
  camera?: string[] | undefined;
  'arm-joints'?: string | undefined;
  'gripper-joint'?: string | undefined;
  'gripper-range'?: string | undefined;
}): Ros2RobotLinkOptions {
  const link: Ros2RobotLinkOptions = {};
  if (values['control-hz'] !== undefined) {
    link.controlHz = integerOption('control-hz', values['control-hz'], 15, 1, 1000);
  }
  const topic = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (!/^[~/]?[A-Za-z][A-Za-z0-9_/]*$/.test(value)) {
      throw new UsageError(`--${name} "${value}" is not a ROS 2 topic name`);
    }
    return value;
  };
  const jointStateTopic = topic('joint-state-topic', values['joint-state-topic']);
  const jointCommandTopic = topic('joint-command-topic', values['joint-command-topic']);
  const gripperCommandTopic = topic('gripper-command-topic', values['gripper-command-topic']);
  if (jointStateTopic !== undefined) link.jointStateTopic = jointStateTopic;
  if (jointCommandTopic !== undefined) link.jointCommandTopic = jointCommandTopic;
  if (gripperCommandTopic !== undefined) link.gripperCommandTopic = gripperCommandTopic;
  const mode = values['command-mode'];
  if (mode !== undefined) {
    if (mode !== 'velocity' && mode !== 'position') {
      throw new UsageError(`--command-mode must be velocity or position (got "${mode}")`);
    }
    link.commandMode = mode;
  }
  if (values.camera !== undefined) {
    const cameras: Record<string, string> = {};
    for (const entry of values.camera) {
      const [key, cameraTopic] = entry.split('=', 2);
      if (key === undefined || key === '' || cameraTopic === undefined) {
        throw new UsageError(`--camera takes KEY=TOPIC (got "${entry}")`);
      }
      cameras[key] = topic('camera', cameraTopic) ?? cameraTopic;
    }
    link.cameras = cameras;
  }
  const armJoints = values['arm-joints'];
  if (armJoints !== undefined) {
    const names = armJoints.split(',').map((name) => name.trim());
    if (names.some((name) => name === '')) {
      throw new UsageError(
        `--arm-joints takes joint names separated by commas (got "${armJoints}")`,
      );
    }
    link.armJointNames = names;
    link.armJointCount = names.length;
  }
  if (values['gripper-joint'] !== undefined) link.gripperJointName = values['gripper-joint'];
  const range = values['gripper-range'];
  if (range !== undefined) {
    const [open, closed, ...rest] = range.split(',').map(Number);
    if (
      open === undefined ||
      closed === undefined ||
      rest.length > 0 ||
      !Number.isFinite(open) ||
      !Number.isFinite(closed) ||
      open === closed
    ) {
      throw new UsageError(
        `--gripper-range takes two different numbers OPEN,CLOSED (got "${range}")`,
      );
    }
    link.gripperOpenPosition = open;
    link.gripperClosedPosition = closed;
  }
  return link;
}
