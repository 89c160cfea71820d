/**
 * A FAKE robot driver node: what a lab's ROS 2 driver (a Franka/DROID driver, a ros2_control
 * controller) looks like to the station. It publishes `sensor_msgs/JointState` (seven arm joints
 * and the gripper) and, optionally, an rgb8 camera, and takes the station's commands: joint
 * velocities (integrated into the published positions) or joint positions. It runs on whatever
 * rclnodejs it is given: the fake ROS 2 installation, or rclnodejs where ROS 2 is installed.
 */
import type {
  Float64MultiArrayMessage,
  Rclnodejs,
  Ros2Node,
} from '../../workers/robot/rclnodejs-loader.ts';

export const fakeArmJoints = [1, 2, 3, 4, 5, 6, 7].map((n) => `panda_joint${n}`);
export const fakeGripperJoint = 'panda_finger_joint1';
/** Franka's finger joint: 0.04 m per finger when open, 0 when closed. */
export const fakeGripperOpenM = 0.04;

export interface FakeRobotDriverOptions {
  rclnodejs: Rclnodejs;
  /** Joint states and images per second (default 50). */
  rateHz?: number;
  commandMode?: 'velocity' | 'position';
  /** A camera topic to publish rgb8 images on, and their size. */
  camera?: { topic: string; width: number; height: number };
  jointStateTopic?: string;
  jointCommandTopic?: string;
  gripperCommandTopic?: string;
  /** Told of every command as it arrives. */
  onCommand?: (topic: 'arm' | 'gripper', values: number[]) => void;
}

export class FakeRobotDriver {
  /** Every arm command received, in order. */
  readonly armCommands: number[][] = [];
  /** Every gripper command received, in order. */
  readonly gripperCommands: number[][] = [];
  readonly positions = [0, -0.5, 0, -2, 0, 1.5, 0.8];
  gripperM = fakeGripperOpenM;
  imagesPublished = 0;
  private readonly node: Ros2Node;
  private readonly timer: NodeJS.Timeout;
  private readonly listeners = new Set<() => void>();
  private alive = true;

  constructor(private readonly options: FakeRobotDriverOptions) {
    const { rclnodejs } = options;
    const rateHz = options.rateHz ?? 50;
    this.node = new rclnodejs.Node('fake_robot_driver');
    const joints = this.node.createPublisher(
      'sensor_msgs/msg/JointState',
      options.jointStateTopic ?? '/joint_states',
    );
    const camera = options.camera;
    const images =
      camera === undefined
        ? undefined
        : this.node.createPublisher('sensor_msgs/msg/Image', camera.topic);
    this.node.createSubscription(
      'std_msgs/msg/Float64MultiArray',
      options.jointCommandTopic ?? '/arena/joint_command',
      (message: Float64MultiArrayMessage) => {
        const values = Array.from(message.data);
        this.armCommands.push(values);
        options.onCommand?.('arm', values);
        if ((options.commandMode ?? 'velocity') === 'velocity') {
          values.forEach((velocity, i) => {
            this.positions[i] = (this.positions[i] ?? 0) + velocity / rateHz;
          });
        } else {
          values.forEach((position, i) => {
            this.positions[i] = position;
          });
        }
        for (const listener of this.listeners) listener();
      },
    );
    this.node.createSubscription(
      'std_msgs/msg/Float64MultiArray',
      options.gripperCommandTopic ?? '/arena/gripper_command',
      (message: Float64MultiArrayMessage) => {
        const values = Array.from(message.data);
        this.gripperCommands.push(values);
        options.onCommand?.('gripper', values);
        this.gripperM = fakeGripperOpenM * (1 - (values[0] ?? 0));
      },
    );
    this.node.spin();
    let frame = 0;
    this.timer = setInterval(() => {
      if (!this.alive || options.rclnodejs.isShutdown()) return;
      joints.publish({
        header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
        name: [...fakeArmJoints, fakeGripperJoint],
        position: [...this.positions, this.gripperM],
        velocity: [],
        effort: [],
      });
      if (images !== undefined && camera !== undefined) {
        frame += 1;
        images.publish({
          header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'camera' },
          height: camera.height,
          width: camera.width,
          encoding: 'rgb8',
          is_bigendian: 0,
          step: camera.width * 3,
          data: testPattern(camera.width, camera.height, frame),
        });
        this.imagesPublished += 1;
      }
    }, 1000 / rateHz);
  }

  /** The last arm command received, or undefined. */
  lastArmCommand(): number[] | undefined {
    return this.armCommands.at(-1);
  }

  /** Resolves once at least `count` arm commands have arrived. */
  waitForArmCommands(count: number, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.armCommands.length < count) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`only ${this.armCommands.length} of ${count} arm commands arrived`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /** The driver process dies: nothing more is published and commands go unanswered. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    clearInterval(this.timer);
  }

  /** Stops publishing and leaves the ROS graph. */
  close(): void {
    this.kill();
    if (!this.options.rclnodejs.isShutdown()) this.node.destroy();
  }
}

/** A frame whose red channel counts frames, so tests can tell fresh images from stale ones. */
function testPattern(width: number, height: number, frame: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i += 1) {
    data[i * 3] = frame % 256;
    data[i * 3 + 1] = (i % width) % 256;
    data[i * 3 + 2] = 128;
  }
  return data;
}
