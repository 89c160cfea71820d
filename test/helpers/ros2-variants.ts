import { loadRclnodejs, type Rclnodejs } from '../../workers/robot/rclnodejs-loader.ts';
import {
  createRos2RobotLink,
  type Ros2RobotLinkOptions,
} from '../../workers/robot/ros2-robot-link.ts';
import type { RobotLink } from '../../workers/robot/robot-link.ts';
import { createFakeRclnodejs, FakeDdsGraph } from './fake-ros2-installation.ts';
import {
  fakeArmJoints,
  fakeGripperJoint,
  fakeGripperOpenM,
  FakeRobotDriver,
  type FakeRobotDriverOptions,
} from './fake-robot-driver.ts';

/**
 * The ROS 2 installations the link's tests run against: the in-process fake always, and
 * rclnodejs itself where ROS 2 is installed and sourced (`ROS_DISTRO` set).
 */
export interface Ros2Variant {
  name: string;
  /** node:test's `skip`: false, or why this variant cannot run here. */
  skip: false | string;
  /**
   * rclnodejs for the station and for the driver: two processes of one fake network, or the one
   * rclnodejs (initialised) for both.
   */
  rclnodejs(): Promise<{ station: Rclnodejs; driver: Rclnodejs }>;
}

export const ros2Variants: readonly Ros2Variant[] = [
  {
    name: 'fake ROS 2',
    skip: false,
    async rclnodejs() {
      const graph = new FakeDdsGraph();
      const driver = createFakeRclnodejs({ graph, signalHandler: false });
      await driver.init();
      return { station: createFakeRclnodejs({ graph }), driver };
    },
  },
  {
    name: 'rclnodejs',
    skip:
      process.env.ROS_DISTRO === undefined
        ? 'ROS_DISTRO is not set: no ROS 2 installation is sourced here, so rclnodejs cannot run'
        : false,
    async rclnodejs() {
      const rclnodejs = await loadRclnodejs();
      if (rclnodejs.isShutdown()) await rclnodejs.init();
      return { station: rclnodejs, driver: rclnodejs };
    },
  },
];

/** The link's settings for the fake driver's joints (a Franka's names and finger range). */
export const driverLinkOptions: Ros2RobotLinkOptions = {
  armJointNames: fakeArmJoints,
  gripperJointName: fakeGripperJoint,
  gripperOpenPosition: fakeGripperOpenM,
  gripperClosedPosition: 0,
};

/**
 * A ROS 2 link and a fake driver node on one installation of `variant`; closes both afterwards
 * (the link's close shuts ROS down).
 */
export async function withRos2Robot<T>(
  variant: Ros2Variant,
  options: {
    link?: Ros2RobotLinkOptions;
    driver?: Omit<FakeRobotDriverOptions, 'rclnodejs'> | false;
  },
  fn: (robot: {
    link: RobotLink;
    driver: FakeRobotDriver | undefined;
    /** The driver's side of ROS, for other nodes a test adds (a command monitor). */
    driverRos: Rclnodejs;
  }) => Promise<T>,
): Promise<T> {
  const { station, driver: driverRos } = await variant.rclnodejs();
  const link = await createRos2RobotLink(
    { ...driverLinkOptions, ...options.link },
    { rclnodejs: station },
  );
  const driver =
    options.driver === false
      ? undefined
      : new FakeRobotDriver({
          rclnodejs: driverRos,
          ...(options.link?.commandMode === undefined
            ? {}
            : { commandMode: options.link.commandMode }),
          ...options.driver,
        });
  try {
    return await fn({ link, driver, driverRos });
  } finally {
    driver?.close();
    await link.close();
  }
}
