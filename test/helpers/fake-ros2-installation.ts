/**
 * A FAKE of a ROS 2 installation as rclnodejs 2.2.0 presents it, in-process: what the station's
 * ROS 2 link is tested against on machines without ROS 2. It keeps rclnodejs's API shape
 * (`init`, `Node`, `createPublisher`, `createSubscription`, `spin`, `shutdown`, `isShutdown`,
 * `removeSignalHandlers`) and behaviour the link depends on:
 *
 * - `init()` rejects when the context is already initialised; `isShutdown()` is true before
 *   `init()` and after `shutdown()`.
 * - A SIGINT handler is installed when the module is created (rclnodejs does it on `require`)
 *   and shuts every context down; `removeSignalHandlers()` removes it.
 * - After shutdown, a publisher throws synchronously ("publisher pointer is invalid"), as the
 *   native binding does, and no more messages are delivered.
 * - Messages reach only spinning nodes of an initialised context, asynchronously (rclnodejs
 *   delivers from its executor on the event loop), as fresh objects: float64[] fields as
 *   Float64Array and uint8[] as Uint8Array (rclnodejs's `enableTypedArray` default).
 * - Publishing checks the message against its type: a plain object with the type's fields.
 *
 * A `FakeDdsGraph` stands for the network: every fake rclnodejs made on one graph (one per
 * ROS 2 process: the station, a driver) sees the others' topics, each with its own context, so
 * shutting the station's ROS down does not silence the driver. Where ROS 2 is installed, the
 * same tests run against rclnodejs itself.
 */
import type {
  Float64MultiArrayMessage,
  ImageMessage,
  JointStateMessage,
  Rclnodejs,
  Ros2MessageType,
  Ros2Node,
  Ros2Publisher,
} from '../../workers/robot/rclnodejs-loader.ts';

interface Messages {
  'sensor_msgs/msg/JointState': JointStateMessage;
  'sensor_msgs/msg/Image': ImageMessage;
  'std_msgs/msg/Float64MultiArray': Float64MultiArrayMessage;
}

type Delivery = (message: unknown) => void;

interface Subscription {
  type: Ros2MessageType;
  topic: string;
  node: FakeNode;
  callback: Delivery;
}

/** The fake's counterpart of rclnodejs's module object, plus what tests inspect. */
export interface FakeRclnodejs extends Rclnodejs {
  /** Every message published, by topic, in order (what `ros2 bag record` would show). */
  readonly published: Map<string, unknown[]>;
  /** Whether the SIGINT handler rclnodejs installs on load is still installed. */
  signalHandlerInstalled(): boolean;
  /** Shuts every context down: what rclnodejs's SIGINT handler calls. */
  shutdownAll(): void;
}

const stamp = (): { sec: number; nanosec: number } => {
  const ms = Date.now();
  return { sec: Math.floor(ms / 1000), nanosec: (ms % 1000) * 1_000_000 };
};

class FakeNode implements Ros2Node {
  spinning = false;
  destroyed = false;
  private readonly ros: FakeDdsGraph;

  constructor(
    readonly name: string,
    private readonly context: FakeContext,
  ) {
    if (!context.initialized) {
      throw new Error('Node creation failed: the context is not initialized (call init())');
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid node name: ${name}`);
    this.ros = context.graph;
    context.nodes.add(this);
  }

  get alive(): boolean {
    return !this.destroyed && this.context.initialized;
  }

  createSubscription<T extends Ros2MessageType>(
    type: T,
    topic: string,
    callback: (message: Messages[T]) => void,
  ): unknown {
    this.assertAlive();
    const subscription: Subscription = {
      type,
      topic,
      node: this,
      callback: callback as Delivery,
    };
    this.ros.subscriptions.add(subscription);
    return subscription;
  }

  createPublisher<T extends Ros2MessageType>(type: T, topic: string): Ros2Publisher<T> {
    this.assertAlive();
    return {
      publish: (message) => {
        if (!this.alive) throw new Error('publisher pointer is invalid');
        this.ros.publish(type, topic, message);
      },
    };
  }

  spin(): void {
    this.assertAlive();
    if (this.spinning) throw new Error('The node is already spinning.');
    this.spinning = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.spinning = false;
    for (const subscription of this.ros.subscriptions) {
      if (subscription.node === this) this.ros.subscriptions.delete(subscription);
    }
    this.context.nodes.delete(this);
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error(`node ${this.name} has been destroyed`);
  }
}

/** One process's ROS 2 context: its nodes live until it shuts down. */
class FakeContext {
  initialized = false;
  readonly nodes = new Set<FakeNode>();

  constructor(readonly graph: FakeDdsGraph) {}

  shutdown(): void {
    for (const node of [...this.nodes]) node.destroy();
    this.initialized = false;
  }
}

/** The network between ROS 2 processes: topics and who subscribes to them. */
export class FakeDdsGraph {
  readonly subscriptions = new Set<Subscription>();
  readonly published = new Map<string, unknown[]>();

  publish(type: Ros2MessageType, topic: string, message: unknown): void {
    const wire = toWire(type, message);
    this.published.set(topic, [...(this.published.get(topic) ?? []), fromWire(type, wire)]);
    for (const subscription of this.subscriptions) {
      if (subscription.topic !== topic) continue;
      if (subscription.type !== type) {
        throw new Error(
          `topic ${topic} carries ${subscription.type}; cannot publish ${type} on it`,
        );
      }
      setImmediate(() => {
        const { node } = subscription;
        if (!node.alive || !node.spinning) return;
        subscription.callback(fromWire(type, wire));
      });
    }
  }
}

/**
 * The rclnodejs module of one ROS 2 process on `graph` (a new graph if none is given), as
 * `require('rclnodejs')` would load it: its SIGINT handler is installed now, unless
 * `signalHandler` is false (a process that is not this one, e.g. a driver's).
 */
export function createFakeRclnodejs(
  options: { graph?: FakeDdsGraph; signalHandler?: boolean } = {},
): FakeRclnodejs {
  const graph = options.graph ?? new FakeDdsGraph();
  const context = new FakeContext(graph);
  const sigintHandler = (): void => context.shutdown();
  if (options.signalHandler !== false) process.on('SIGINT', sigintHandler);
  return {
    published: graph.published,
    init() {
      if (context.initialized) {
        return Promise.reject(new Error('The context has already been initialized.'));
      }
      context.initialized = true;
      return Promise.resolve();
    },
    Node: class extends FakeNode {
      constructor(name: string) {
        super(name, context);
      }
    },
    shutdown() {
      if (!context.initialized) throw new Error('The context has already been shut down.');
      context.shutdown();
    },
    shutdownAll() {
      context.shutdown();
    },
    isShutdown: () => !context.initialized,
    removeSignalHandlers() {
      process.removeListener('SIGINT', sigintHandler);
    },
    signalHandlerInstalled: () => process.listeners('SIGINT').includes(sigintHandler),
  };
}

/** What travels between nodes: the message checked against its type, then serialised. */
function toWire(type: Ros2MessageType, message: unknown): string {
  const problem = messageProblem(type, message);
  if (problem !== null) throw new TypeError(`invalid ${type}: ${problem}`);
  return JSON.stringify(message, (_, value: unknown) =>
    ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value,
  );
}

function fromWire(type: Ros2MessageType, wire: string): unknown {
  const message = JSON.parse(wire) as Record<string, unknown>;
  const header = (message.header as Record<string, unknown> | undefined) ?? {
    stamp: stamp(),
    frame_id: '',
  };
  switch (type) {
    case 'sensor_msgs/msg/JointState':
      return {
        header,
        name: message.name,
        position: Float64Array.from(message.position as number[]),
        velocity: Float64Array.from((message.velocity as number[] | undefined) ?? []),
        effort: Float64Array.from((message.effort as number[] | undefined) ?? []),
      };
    case 'sensor_msgs/msg/Image':
      return { ...message, header, data: Uint8Array.from(message.data as number[]) };
    case 'std_msgs/msg/Float64MultiArray':
      return {
        layout: message.layout ?? { dim: [], data_offset: 0 },
        data: Float64Array.from(message.data as number[]),
      };
  }
}

function messageProblem(type: Ros2MessageType, message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return 'not an object';
  const fields = message as Record<string, unknown>;
  const numbers = (value: unknown): boolean =>
    (Array.isArray(value) && value.every((entry) => typeof entry === 'number')) ||
    value instanceof Float64Array;
  switch (type) {
    case 'sensor_msgs/msg/JointState':
      if (!Array.isArray(fields.name) || !fields.name.every((n) => typeof n === 'string')) {
        return 'name must be a list of strings';
      }
      if (!numbers(fields.position)) return 'position must be a list of float64';
      return null;
    case 'sensor_msgs/msg/Image':
      for (const key of ['height', 'width', 'step'] as const) {
        if (typeof fields[key] !== 'number') return `${key} must be a uint32`;
      }
      if (typeof fields.encoding !== 'string') return 'encoding must be a string';
      if (!(fields.data instanceof Uint8Array) && !Array.isArray(fields.data)) {
        return 'data must be uint8[]';
      }
      return null;
    case 'std_msgs/msg/Float64MultiArray':
      return numbers(fields.data) ? null : 'data must be a list of float64';
  }
}
