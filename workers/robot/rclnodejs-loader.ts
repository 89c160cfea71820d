import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage } from '../../lib/error-message.ts';
/**
 * Loading rclnodejs, the ROS 2 client library for Node. It is an optional dependency: it compiles
 * against a ROS 2 installation, so `npm install` skips it where ROS 2 is not installed (and
 * sourced). Its own type declarations are then missing too, so the small part of its 2.x API the
 * station uses is declared here.
 */

/** `sensor_msgs/msg/JointState`, as rclnodejs delivers it. */
export interface JointStateMessage {
  header: { stamp: { sec: number; nanosec: number }; frame_id: string };
  name: string[];
  position: ArrayLike<number>;
  velocity: ArrayLike<number>;
  effort: ArrayLike<number>;
}

/** `sensor_msgs/msg/Image`. */
export interface ImageMessage {
  header: { stamp: { sec: number; nanosec: number }; frame_id: string };
  height: number;
  width: number;
  encoding: string;
  is_bigendian: number;
  step: number;
  data: ArrayLike<number>;
}

/** `std_msgs/msg/Float64MultiArray`. */
export interface Float64MultiArrayMessage {
  layout: { dim: { label: string; size: number; stride: number }[]; data_offset: number };
  data: number[];
}

interface MessageTypes {
  'sensor_msgs/msg/JointState': JointStateMessage;
  'sensor_msgs/msg/Image': ImageMessage;
  'std_msgs/msg/Float64MultiArray': Float64MultiArrayMessage;
}

export type Ros2MessageType = keyof MessageTypes;

export interface Ros2Publisher<T extends Ros2MessageType> {
  publish(message: MessageTypes[T]): void;
}

export interface Ros2Node {
  createSubscription<T extends Ros2MessageType>(
    type: T,
    topic: string,
    callback: (message: MessageTypes[T]) => void,
  ): unknown;
  createPublisher<T extends Ros2MessageType>(type: T, topic: string): Ros2Publisher<T>;
  /** Starts delivering subscribed messages on the event loop. */
  spin(): void;
  destroy(): void;
}

/** The subset of the `rclnodejs` module (2.x) the station uses. */
export interface Rclnodejs {
  /** Initialises the default context; rejects when it is already initialised. */
  init(): Promise<void>;
  Node: new (name: string, namespace?: string) => Ros2Node;
  /** Shuts the default context down, destroying its nodes: their publishers stop working. */
  shutdown(): void;
  /** True before `init()` and after `shutdown()`. */
  isShutdown(): boolean;
  /**
   * rclnodejs shuts every context down on SIGINT from a handler it installs when loaded; this
   * removes that handler, so the application can hold the robot before ROS goes away.
   */
  removeSignalHandlers?(): void;
}

export class RclnodejsMissingError extends Error {
  override name = 'RclnodejsMissingError';
}

/** What `import()` is asked for; a parameter so the missing-module path can be tested anywhere. */
export const rclnodejsModuleName = 'rclnodejs';

/**
 * Imports rclnodejs, or throws RclnodejsMissingError saying how to get it. `moduleName` exists
 * for tests.
 */
export async function loadRclnodejs(moduleName = rclnodejsModuleName): Promise<Rclnodejs> {
  if (moduleName.startsWith('.') || moduleName.startsWith('/')) {
    // A path is resolved from the working directory, as a lab would type it.
    moduleName = pathToFileURL(path.resolve(moduleName)).href;
  }
  let loaded: { default?: Rclnodejs } & Partial<Rclnodejs>;
  try {
    loaded = (await import(moduleName)) as { default?: Rclnodejs } & Partial<Rclnodejs>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new RclnodejsMissingError(
        `rclnodejs is not installed, so this station cannot talk to a ROS 2 robot: install ROS 2, ` +
          `source its setup script (e.g. "source /opt/ros/jazzy/setup.bash") and run npm install ` +
          `again; or use --link simulated to run the station against MuJoCo`,
      );
    }
    throw new RclnodejsMissingError(
      `rclnodejs is installed but failed to load (${errorMessage(error)}): ` +
        `source the setup script of the ROS 2 it was built against before starting the station`,
    );
  }
  // A CommonJS module: its exports arrive as the default export.
  return loaded.default ?? (loaded as Rclnodejs);
}
