/**
 * A FAKE ROS 2 installation for a station worker process, loaded as its rclnodejs through the
 * link's `rclnodejsModule` option: the fake rclnodejs (SIGINT handler included), and a fake
 * robot driver node that starts once the station initialises ROS and appends every command it
 * receives to the file named by FAKE_ROBOT_DRIVER_LOG, one JSON line each, for the test in the
 * parent process to read.
 */
import { appendFileSync } from 'node:fs';
import type { Rclnodejs } from '../../workers/robot/rclnodejs-loader.ts';
import { createFakeRclnodejs, FakeDdsGraph } from './fake-ros2-installation.ts';
import { FakeRobotDriver } from './fake-robot-driver.ts';

const graph = new FakeDdsGraph();
const fake = createFakeRclnodejs({ graph });
// The driver is another ROS 2 process on the same network: its context outlives the station's.
const driverRos = createFakeRclnodejs({ graph, signalHandler: false });
const log = process.env.FAKE_ROBOT_DRIVER_LOG;
let driver: FakeRobotDriver | undefined;

const rclnodejs: Rclnodejs = {
  Node: fake.Node,
  shutdown: () => fake.shutdown(),
  isShutdown: () => fake.isShutdown(),
  removeSignalHandlers: () => fake.removeSignalHandlers?.(),
  async init() {
    await fake.init();
    if (driver !== undefined) return;
    await driverRos.init();
    driver = new FakeRobotDriver({
      rclnodejs: driverRos,
      onCommand: (topic, values) => {
        if (log !== undefined) appendFileSync(log, `${JSON.stringify({ topic, values })}\n`);
      },
    });
  },
};

export default rclnodejs;
