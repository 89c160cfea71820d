import { createRos2RobotLink, type Ros2RobotLinkOptions } from './ros2-robot-link.ts';
import type { RobotLink } from './robot-link.ts';
import { SimulatedRobotLink, type SimulatedRobotLinkOptions } from './simulated-robot-link.ts';

/** Which robot a station drives, and how: plain JSON, so it can travel to a worker process. */
export type RobotLinkSpec =
  | { kind: 'ros2'; options?: Ros2RobotLinkOptions }
  | { kind: 'simulated'; options?: SimulatedRobotLinkOptions };

export const robotLinkKinds = [
  'ros2',
  'simulated',
] as const satisfies readonly RobotLinkSpec['kind'][];

/** Connects to the robot; for ROS 2, throws RclnodejsMissingError where rclnodejs is missing. */
export async function createRobotLink(spec: RobotLinkSpec): Promise<RobotLink> {
  switch (spec.kind) {
    case 'ros2':
      return createRos2RobotLink(spec.options);
    case 'simulated':
      return new SimulatedRobotLink(spec.options);
  }
}
