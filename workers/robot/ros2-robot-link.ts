/**
 * A real robot over ROS 2, through rclnodejs. The robot's driver publishes joint states (and
 * camera images); the station publishes one command per control step.
 *
 * Every method is async and rejects with RobotFaultError: a native throw (a publisher whose
 * context was shut down, a stale driver) must reach the episode loop as a rejection, never
 * escape a `.catch` as a synchronous throw. Tests drive it through a stand-in for rclnodejs
 * (test/helpers/fake-ros2-installation.ts) and, where ROS 2 is installed, through rclnodejs.
 */
import { errorMessage } from '../../lib/error-message.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { ndarray, ndarrayFromValues } from '../../openpi/msgpack-numpy.ts';
import {
  loadRclnodejs,
  type Float64MultiArrayMessage,
  type ImageMessage,
  type JointStateMessage,
  type Rclnodejs,
  type Ros2Node,
  type Ros2Publisher,
} from './rclnodejs-loader.ts';
import { resizeWithPad, type RgbImage } from '../../sim/render/resize-with-pad.ts';
import {
  RobotFaultError,
  type RecordedRobotState,
  type RobotEpisode,
  type RobotLink,
} from './robot-link.ts';

export interface Ros2RobotLinkOptions {
  /** ROS 2 node name (default `arena_station`). */
  nodeName?: string;
  /** Control rate, Hz (default 15, DROID's). */
  controlHz?: number;
  /** `sensor_msgs/msg/JointState` from the robot's driver (default `/joint_states`). */
  jointStateTopic?: string;
  /**
   * Arm joints in action order, as named in the joint states. Default: the first `armJointCount`
   * names of the first message that has them, in that message's order.
   */
  armJointNames?: readonly string[];
  /** Arm joints per action (default 7); an action is these plus one gripper value. */
  armJointCount?: number;
  /** Joint in the joint states whose position is the gripper's (default `gripper`). */
  gripperJointName?: string;
  /** Gripper joint position when fully open and fully closed, to report 0 (open) to 1 (closed). */
  gripperOpenPosition?: number;
  gripperClosedPosition?: number;
  /** `std_msgs/msg/Float64MultiArray` of arm values, one per step (default `/arena/joint_command`). */
  jointCommandTopic?: string;
  /** `std_msgs/msg/Float64MultiArray` of one gripper value, 0 open to 1 closed (default `/arena/gripper_command`). */
  gripperCommandTopic?: string;
  /**
   * How the robot's controller reads the arm values: joint velocities (DROID's action space;
   * holding sends zeros) or joint positions (holding sends the measured positions).
   */
  commandMode?: 'velocity' | 'position';
  /** Observation key to `sensor_msgs/msg/Image` topic, e.g. DROID's `observation/exterior_image_1_left`. */
  cameras?: Readonly<Record<string, string>>;
  /** Images are resized with padding to this square size (default 224). */
  imageSize?: number;
  /** A joint state or image older than this is a fault: the driver is not running (default 500 ms). */
  staleAfterMs?: number;
  /**
   * Where rclnodejs is imported from (default `rclnodejs`): a package name, or a path to a module
   * standing in for it, e.g. a rehearsal's stand-in for a ROS 2 installation.
   */
  rclnodejsModule?: string;
}

type Ros2Settings = Required<
  Omit<Ros2RobotLinkOptions, 'armJointNames' | 'cameras' | 'rclnodejsModule'>
>;

function resolveSettings(options: Ros2RobotLinkOptions): Ros2Settings {
  return {
    nodeName: options.nodeName ?? 'arena_station',
    controlHz: options.controlHz ?? 15,
    jointStateTopic: options.jointStateTopic ?? '/joint_states',
    armJointCount: options.armJointCount ?? 7,
    gripperJointName: options.gripperJointName ?? 'gripper',
    gripperOpenPosition: options.gripperOpenPosition ?? 0,
    gripperClosedPosition: options.gripperClosedPosition ?? 1,
    jointCommandTopic: options.jointCommandTopic ?? '/arena/joint_command',
    gripperCommandTopic: options.gripperCommandTopic ?? '/arena/gripper_command',
    commandMode: options.commandMode ?? 'velocity',
    imageSize: options.imageSize ?? 224,
    staleAfterMs: options.staleAfterMs ?? 500,
  };
}

interface Stamped<T> {
  value: T;
  receivedAt: number;
}

/** What the ROS 2 link needs besides its options: the rclnodejs module, injected for rehearsals. */
export interface Ros2RobotLinkDeps {
  /** The rclnodejs module; loaded from `options.rclnodejsModule` (default `rclnodejs`) if absent. */
  rclnodejs?: Rclnodejs;
}

/**
 * Initialises ROS 2 (unless the context already is) and returns a link to the robot. Throws
 * RclnodejsMissingError, saying what to install, where rclnodejs is not installed.
 *
 * rclnodejs shuts ROS down from its own SIGINT handler, before the application's handlers run,
 * so a Ctrl-C would leave the station unable to send the robot its final hold. The handler is
 * removed here: the station holds the robot on SIGINT and then shuts ROS down in `close()`.
 */
export async function createRos2RobotLink(
  options: Ros2RobotLinkOptions = {},
  deps: Ros2RobotLinkDeps = {},
): Promise<RobotLink> {
  const rclnodejs = deps.rclnodejs ?? (await loadRclnodejs(options.rclnodejsModule));
  rclnodejs.removeSignalHandlers?.();
  if (rclnodejs.isShutdown()) await rclnodejs.init();
  return new Ros2RobotLink(rclnodejs, options);
}

/** A message the link cannot read or a publish ROS refused: the robot link has faulted. */
function fault(error: unknown): RobotFaultError {
  return error instanceof RobotFaultError ? error : new RobotFaultError(errorMessage(error));
}

class Ros2RobotLink implements RobotLink {
  readonly controlHz: number;
  readonly actionLength: number;
  private readonly settings: Ros2Settings;
  private readonly node: Ros2Node;
  private readonly jointCommands: Ros2Publisher<'std_msgs/msg/Float64MultiArray'>;
  private readonly gripperCommands: Ros2Publisher<'std_msgs/msg/Float64MultiArray'>;
  private armJointNames: readonly string[] | undefined;
  private jointState: Stamped<JointStateMessage> | undefined;
  private readonly images = new Map<string, Stamped<ImageMessage>>();
  private readonly cameras: Readonly<Record<string, string>>;
  private prompt = '';
  private closed = false;

  get observationLayout(): { arenaLayout: boolean; keys: readonly string[] } {
    return {
      arenaLayout: false,
      keys: [
        'observation/joint_position',
        'observation/gripper_position',
        'prompt',
        ...Object.keys(this.cameras),
      ],
    };
  }

  constructor(
    private readonly rclnodejs: Rclnodejs,
    options: Ros2RobotLinkOptions,
  ) {
    this.settings = resolveSettings(options);
    this.controlHz = this.settings.controlHz;
    this.actionLength = this.settings.armJointCount + 1;
    this.armJointNames = options.armJointNames;
    this.cameras = options.cameras ?? {};
    this.node = new rclnodejs.Node(this.settings.nodeName);
    this.node.createSubscription(
      'sensor_msgs/msg/JointState',
      this.settings.jointStateTopic,
      (message) => {
        this.jointState = { value: message, receivedAt: performance.now() };
      },
    );
    for (const [key, topic] of Object.entries(this.cameras)) {
      this.node.createSubscription('sensor_msgs/msg/Image', topic, (message) => {
        this.images.set(key, { value: message, receivedAt: performance.now() });
      });
    }
    this.jointCommands = this.node.createPublisher(
      'std_msgs/msg/Float64MultiArray',
      this.settings.jointCommandTopic,
    );
    this.gripperCommands = this.node.createPublisher(
      'std_msgs/msg/Float64MultiArray',
      this.settings.gripperCommandTopic,
    );
    this.node.spin();
  }

  async begin(episode: RobotEpisode): Promise<void> {
    this.assertUsable();
    this.prompt = episode.task.instruction;
    // The robot must be talking before the policy is asked anything.
    const waitMs = Math.max(2000, this.settings.staleAfterMs * 4);
    const deadline = performance.now() + waitMs;
    while (this.freshJointState() === undefined) {
      if (performance.now() > deadline) {
        throw new RobotFaultError(
          `no joint states on ${this.settings.jointStateTopic} within ${waitMs} ms: is the robot's driver running?`,
        );
      }
      await sleep(20);
      this.assertUsable();
    }
  }

  async observe(): Promise<Record<string, unknown>> {
    this.assertUsable();
    try {
      const observation: Record<string, unknown> = {
        'observation/joint_position': ndarrayFromValues(this.armPositions(), '<f4'),
        'observation/gripper_position': ndarrayFromValues([this.gripperClosedness()], '<f4'),
        prompt: this.prompt,
      };
      for (const key of Object.keys(this.cameras)) {
        const image = resizeWithPad(this.freshImage(key), this.settings.imageSize);
        observation[key] = ndarray(image.data, [image.height, image.width, 3], '|u1');
      }
      return await Promise.resolve(observation);
    } catch (error) {
      throw fault(error);
    }
  }

  async command(action: readonly number[]): Promise<void> {
    this.assertUsable();
    const arm = action.slice(0, this.settings.armJointCount);
    const gripper = action[this.settings.armJointCount] ?? 0;
    try {
      this.jointCommands.publish(multiArray(arm));
      this.gripperCommands.publish(multiArray([gripper]));
    } catch (error) {
      throw fault(error);
    }
    await Promise.resolve();
  }

  async hold(): Promise<void> {
    if (this.closed) return;
    this.assertUsable();
    try {
      const arm =
        this.settings.commandMode === 'velocity'
          ? new Array<number>(this.settings.armJointCount).fill(0)
          : this.lastKnownArmPositions();
      this.jointCommands.publish(multiArray(arm));
    } catch (error) {
      throw fault(error);
    }
    await Promise.resolve();
  }

  recordedState(): RecordedRobotState | undefined {
    try {
      return { positions: this.armPositions(), gripper: this.gripperClosedness() };
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (!this.rclnodejs.isShutdown()) {
        this.node.destroy();
        this.rclnodejs.shutdown();
      }
    } catch (error) {
      throw fault(error);
    }
    await Promise.resolve();
  }

  /** Publishing through a shut-down context throws from native code; say why instead. */
  private assertUsable(): void {
    if (this.closed) throw new RobotFaultError('the ROS 2 link is closed');
    if (this.rclnodejs.isShutdown()) {
      throw new RobotFaultError(
        'ROS 2 has been shut down in this process: the link cannot publish',
      );
    }
  }

  private freshJointState(): JointStateMessage | undefined {
    const state = this.jointState;
    if (state === undefined) return undefined;
    return performance.now() - state.receivedAt > this.settings.staleAfterMs
      ? undefined
      : state.value;
  }

  private armPositions(): number[] {
    const state = this.freshJointState();
    if (state === undefined) {
      throw new RobotFaultError(
        `no joint states on ${this.settings.jointStateTopic} for ${this.settings.staleAfterMs} ms: is the robot's driver running?`,
      );
    }
    return this.armPositionsIn(state);
  }

  /**
   * Where the arm was last measured, however long ago: a hold in position mode must still go
   * out when the joint states have stopped (holding where it was last seen is the best there is).
   */
  private lastKnownArmPositions(): number[] {
    const state = this.jointState?.value;
    if (state === undefined) {
      throw new RobotFaultError(
        `no joint states ever arrived on ${this.settings.jointStateTopic}: there is no position to hold`,
      );
    }
    return this.armPositionsIn(state);
  }

  private armPositionsIn(state: JointStateMessage): number[] {
    this.armJointNames ??= state.name.slice(0, this.settings.armJointCount);
    return this.armJointNames.map((name) => {
      const index = state.name.indexOf(name);
      const position = index < 0 ? undefined : state.position[index];
      if (position === undefined) {
        throw new RobotFaultError(
          `joint "${name}" is missing from ${this.settings.jointStateTopic} (it has ${state.name.join(', ')})`,
        );
      }
      return position;
    });
  }

  private gripperClosedness(): number {
    const state = this.freshJointState();
    const index = state?.name.indexOf(this.settings.gripperJointName) ?? -1;
    const position = index < 0 ? undefined : state?.position[index];
    if (position === undefined) {
      throw new RobotFaultError(
        `joint "${this.settings.gripperJointName}" (the gripper) is missing from ${this.settings.jointStateTopic}`,
      );
    }
    const { gripperOpenPosition: open, gripperClosedPosition: closed } = this.settings;
    return Math.min(1, Math.max(0, (position - open) / (closed - open)));
  }

  private freshImage(key: string): RgbImage {
    const stamped = this.images.get(key);
    if (
      stamped === undefined ||
      performance.now() - stamped.receivedAt > this.settings.staleAfterMs
    ) {
      throw new RobotFaultError(
        `no images on ${this.cameras[key] ?? key} for ${this.settings.staleAfterMs} ms: is the camera running?`,
      );
    }
    return rgbFromImageMessage(stamped.value);
  }
}

function multiArray(values: readonly number[]): Float64MultiArrayMessage {
  return { layout: { dim: [], data_offset: 0 }, data: [...values] };
}

/** Accepts the encodings cameras publish most: rgb8, bgr8, rgba8, bgra8. */
function rgbFromImageMessage(message: ImageMessage): RgbImage {
  const channels: Record<string, { size: number; order: readonly [number, number, number] }> = {
    rgb8: { size: 3, order: [0, 1, 2] },
    bgr8: { size: 3, order: [2, 1, 0] },
    rgba8: { size: 4, order: [0, 1, 2] },
    bgra8: { size: 4, order: [2, 1, 0] },
  };
  const layout = channels[message.encoding];
  if (layout === undefined) {
    throw new RobotFaultError(
      `camera image encoding "${message.encoding}" is not supported; publish rgb8, bgr8, rgba8 or bgra8`,
    );
  }
  const { width, height, step } = message;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = y * step + x * layout.size;
      const to = (y * width + x) * 3;
      data[to] = message.data[from + layout.order[0]] ?? 0;
      data[to + 1] = message.data[from + layout.order[1]] ?? 0;
      data[to + 2] = message.data[from + layout.order[2]] ?? 0;
    }
  }
  return { width, height, data };
}
