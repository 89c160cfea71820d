// A stand-in for pi0 on DROID served by openpi, for tests: it speaks openpi through
// openpi-server.ts, insists on the DROID observation layout (three uint8 224×224×3 images, joint
// and gripper positions as float arrays, a prompt), records what it received, and answers float32
// (10, 8) chunks as pi0 does. Its controller holds the arm where it is: the chunk's first n
// columns repeat the joint positions it was sent (read them as joint-position targets, n from
// the observation), column 7 repeats the gripper position.
import {
  droidImageKeys,
  droidKeys,
  isNdArray,
  ndarray,
  startOpenpiServer,
  type NdArray,
  type OpenpiMap,
  type OpenpiServer,
} from '../../openpi/index.ts';

export const pi0ActionHorizon = 10;
export const pi0ActionDim = 8;
/** The gripper's column in each row of pi0's DROID actions. */
export const pi0GripperColumn = 7;

/** One observation as the server received it. */
export interface Pi0Request {
  /** Which connection (episode) it came on, counting from 0. */
  readonly connection: number;
  /** Its position among that connection's requests, from 0. */
  readonly index: number;
  readonly images: Readonly<Record<(typeof droidImageKeys)[number], NdArray>>;
  readonly jointPosition: readonly number[];
  readonly gripperPosition: number;
  readonly prompt: string;
}

export interface Pi0PolicyServer extends OpenpiServer {
  readonly requests: readonly Pi0Request[];
  /** What failed the checks; every such request was answered with an error. */
  readonly problems: readonly string[];
}

const floatDtypes = new Set(['<f4', '<f8']);

export async function startPi0PolicyServer(imageSizePx = 224): Promise<Pi0PolicyServer> {
  const requests: Pi0Request[] = [];
  const problems: string[] = [];
  let connections = 0;
  const server = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => {
      const connection = connections;
      connections += 1;
      let index = 0;
      return {
        infer(observation) {
          const problem = droidProblem(observation, imageSizePx);
          if (problem !== null) {
            problems.push(problem);
            throw new Error(problem);
          }
          const request = readRequest(observation, connection, index);
          index += 1;
          requests.push(request);
          return { actions: holdChunk(request) };
        },
      };
    },
  });
  return Object.assign(server, { requests, problems });
}

function droidProblem(observation: OpenpiMap, size: number): string | null {
  const expected = [...Object.values(droidKeys)].sort();
  const keys = Object.keys(observation).sort();
  if (keys.join() !== expected.join())
    return `keys ${keys.join(', ')}; expected ${expected.join(', ')}`;
  for (const key of droidImageKeys) {
    const image = observation[key];
    if (!isNdArray(image) || image.dtype !== '|u1' || image.shape.join() !== `${size},${size},3`) {
      return `${key} must be uint8 [${size}, ${size}, 3], got ${describe(image)}`;
    }
  }
  const joints = observation[droidKeys.jointPosition];
  if (!isNdArray(joints) || !floatDtypes.has(joints.dtype) || joints.shape.length !== 1) {
    return `${droidKeys.jointPosition} must be a 1-d float array, got ${describe(joints)}`;
  }
  if (joints.shape[0]! < 1 || joints.shape[0]! > pi0GripperColumn) {
    return `${droidKeys.jointPosition} holds ${joints.shape[0]} joints; pi0 acts for up to 7`;
  }
  const gripper = observation[droidKeys.gripperPosition];
  if (!isNdArray(gripper) || !floatDtypes.has(gripper.dtype) || gripper.shape.join() !== '1') {
    return `${droidKeys.gripperPosition} must be a float array of shape [1], got ${describe(gripper)}`;
  }
  const closure = Number(gripper.data[0]);
  if (!(closure >= 0 && closure <= 1)) {
    return `${droidKeys.gripperPosition} must be in [0, 1] (0 open, 1 closed), got ${closure}`;
  }
  if (typeof observation[droidKeys.prompt] !== 'string') return `${droidKeys.prompt} must be text`;
  return null;
}

function readRequest(observation: OpenpiMap, connection: number, index: number): Pi0Request {
  const numbers = (key: string): number[] =>
    Array.from((observation[key] as NdArray).data as ArrayLike<number>, Number);
  return {
    connection,
    index,
    images: Object.fromEntries(
      droidImageKeys.map((key) => [key, observation[key] as NdArray]),
    ) as Pi0Request['images'],
    jointPosition: numbers(droidKeys.jointPosition),
    gripperPosition: numbers(droidKeys.gripperPosition)[0]!,
    prompt: observation[droidKeys.prompt] as string,
  };
}

function holdChunk(request: Pi0Request): NdArray {
  const chunk = new Float32Array(pi0ActionHorizon * pi0ActionDim);
  for (let row = 0; row < pi0ActionHorizon; row += 1) {
    chunk.set(request.jointPosition, row * pi0ActionDim);
    chunk[row * pi0ActionDim + pi0GripperColumn] = request.gripperPosition;
  }
  return ndarray(chunk, [pi0ActionHorizon, pi0ActionDim], '<f4');
}

function describe(value: unknown): string {
  if (isNdArray(value)) return `${value.dtype} [${value.shape.join(', ')}]`;
  return value === undefined ? 'nothing' : typeof value;
}
