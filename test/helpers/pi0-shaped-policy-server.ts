// A stand-in for a pi0 / pi0-FAST DROID policy served by openpi's `serve_policy.py`: a real
// websocket speaking openpi's msgpack-numpy protocol, which checks every observation the way a
// DROID policy's input transforms would need it and answers as pi0 does, float32 chunks of
// shape (10, 8): seven joint velocities and a gripper command per row.
import {
  isNdArray,
  ndarrayFromValues,
  startOpenpiServer,
  type NdArray,
  type OpenpiMap,
  type OpenpiServer,
} from '../../openpi/index.ts';

/** pi0's action horizon on DROID, and its action row: 7 joint velocities and the gripper. */
export const pi0ChunkRows = 10;
export const pi0ActionWidth = 8;
export const pi0ImageSizePx = 224;

const imageKeys = [
  'observation/exterior_image_1_left',
  'observation/exterior_image_2_left',
  'observation/wrist_image_left',
] as const;

/** A posture the fake policy steers the joints towards, so its actions move the arm. */
const goalJointPositionsRad = [0.3, 0.1, 0, -2, 0, 2.2, 0.8];
const velocityGainPerS = 1.5;

export interface Pi0ShapedPolicyServer extends OpenpiServer {
  /** Observations received, over every connection. */
  readonly observations: () => number;
  /** What was wrong with any observation (empty when every one was DROID-shaped). */
  readonly problems: () => readonly string[];
  /** Distinct prompts received. */
  readonly prompts: () => readonly string[];
}

/** Starts the server on a free loopback port. */
export async function startPi0ShapedPolicyServer(): Promise<Pi0ShapedPolicyServer> {
  let observations = 0;
  const problems: string[] = [];
  const prompts = new Set<string>();
  const server = await startOpenpiServer({
    port: 0,
    // openpi's servers announce their policy's metadata; a DROID one says nothing of modes.
    metadata: {},
    createSession: () => ({
      infer(observation) {
        observations += 1;
        const found = droidProblems(observation);
        problems.push(...found);
        if (typeof observation.prompt === 'string') prompts.add(observation.prompt);
        return { actions: jointVelocityChunk(observation) };
      },
    }),
  });
  return Object.assign(server, {
    observations: () => observations,
    problems: () => problems,
    prompts: () => [...prompts],
  });
}

/** Everything that keeps `observation` from being a DROID policy's input. */
export function droidProblems(observation: OpenpiMap): string[] {
  const problems: string[] = [];
  for (const key of imageKeys) {
    const image = observation[key];
    if (!isNdArray(image)) problems.push(`${key} is not an array`);
    else if (
      image.dtype !== '|u1' ||
      image.shape.join('x') !== `${pi0ImageSizePx}x${pi0ImageSizePx}x3`
    ) {
      problems.push(`${key} is ${image.dtype} of shape [${image.shape.join(', ')}]`);
    } else if (image.data.every((value) => value === image.data[0])) {
      problems.push(`${key} is a blank image`);
    }
  }
  const joints = observation['observation/joint_position'];
  if (!isFloat32(joints, 7)) problems.push('observation/joint_position is not float32 [7]');
  const gripper = observation['observation/gripper_position'];
  if (!isFloat32(gripper, 1)) problems.push('observation/gripper_position is not float32 [1]');
  else if (!(gripper.data[0]! >= 0 && gripper.data[0]! <= 1)) {
    problems.push(`observation/gripper_position is ${gripper.data[0]}, outside [0, 1]`);
  }
  if (typeof observation.prompt !== 'string' || observation.prompt === '') {
    problems.push('prompt is not a non-empty string');
  }
  return problems;
}

function isFloat32(value: unknown, length: number): value is NdArray {
  return (
    isNdArray(value) &&
    value.dtype === '<f4' &&
    value.shape.length === 1 &&
    value.shape[0] === length
  );
}

/** Rows of joint velocities towards the goal posture, gripper open: float32 (10, 8). */
function jointVelocityChunk(observation: OpenpiMap): NdArray {
  const joints = observation['observation/joint_position'];
  const positions = isNdArray(joints) ? Array.from(joints.data as Float32Array) : [];
  const rows = Array.from({ length: pi0ChunkRows }, () => [
    ...goalJointPositionsRad.map(
      (goal, joint) => velocityGainPerS * (goal - (positions[joint] ?? goal)),
    ),
    0,
  ]);
  return ndarrayFromValues(rows, '<f4');
}
