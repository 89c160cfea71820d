import type {
  ReplaySource,
  ReplayTrajectory,
  TrajectoryCamera,
  TrajectoryGeom,
} from './replay-trajectory.ts';
import { replayProblem } from './replay-trajectory.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A float32 copy of a list of finite numbers of the given length, or the reason it is not one. */
function floats(value: unknown, field: string, length: number): Float32Array | string {
  if (!Array.isArray(value)) return `${field} is not a list of numbers`;
  if (value.length !== length) return `${field} holds ${value.length} numbers, expected ${length}`;
  const array = new Float32Array(length);
  for (let i = 0; i < length; i += 1) {
    const number: unknown = value[i];
    if (typeof number !== 'number' || !Number.isFinite(number)) {
      return `${field}[${i}] is not a finite number`;
    }
    array[i] = number;
  }
  return array;
}

function numbers<N extends number>(value: unknown, count: N): boolean {
  return (
    Array.isArray(value) &&
    value.length === count &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function checkGeom(value: unknown, index: number, bodyCount: number): string | null {
  const where = `geoms[${index}]`;
  if (!isObject(value)) return `${where} is not an object`;
  if (typeof value['type'] !== 'string') return `${where}.type is missing`;
  if (!numbers(value['size'], 3)) return `${where}.size is not three numbers`;
  if (!numbers(value['rgba'], 4)) return `${where}.rgba is not four numbers`;
  if (!numbers(value['localPosition'], 3)) return `${where}.localPosition is not three numbers`;
  if (!numbers(value['localQuaternion'], 4)) return `${where}.localQuaternion is not four numbers`;
  const body = value['bodyIndex'];
  if (typeof body !== 'number' || !Number.isInteger(body) || body < 0 || body >= bodyCount) {
    return `${where}.bodyIndex is not a body of this trajectory`;
  }
  return null;
}

function checkCamera(value: unknown, index: number, bodyCount: number): string | null {
  const where = `cameras[${index}]`;
  if (!isObject(value)) return `${where} is not an object`;
  if (typeof value['name'] !== 'string') return `${where}.name is missing`;
  if (!numbers(value['localPosition'], 3)) return `${where}.localPosition is not three numbers`;
  if (!numbers(value['localQuaternion'], 4)) return `${where}.localQuaternion is not four numbers`;
  const fovy = value['fovyDeg'];
  if (typeof fovy !== 'number' || !(fovy > 0 && fovy < 180)) {
    return `${where}.fovyDeg is not a field of view in degrees`;
  }
  const body = value['bodyIndex'];
  if (typeof body !== 'number' || !Number.isInteger(body) || body < 0 || body >= bodyCount) {
    return `${where}.bodyIndex is not a body of this trajectory`;
  }
  return null;
}

/**
 * Checks a trajectory's JSON before anything is drawn from it, so a truncated or malformed file
 * becomes a message in its view instead of an exception in the render loop.
 */
export function parseReplayTrajectory(json: unknown): ReplaySource {
  if (!isObject(json)) return replayProblem('the trajectory is not a JSON object');
  const { task, frameHz, bodyNames, geoms, cameras = [], visuals, frameCount } = json;
  if (typeof task !== 'string') return replayProblem('the trajectory names no task');
  if (typeof frameHz !== 'number' || !(frameHz > 0)) {
    return replayProblem('frameHz is not a positive number');
  }
  if (!Array.isArray(bodyNames) || !bodyNames.every((n) => typeof n === 'string')) {
    return replayProblem('bodyNames is not a list of names');
  }
  if (typeof frameCount !== 'number' || !Number.isInteger(frameCount) || frameCount < 1) {
    return replayProblem('the trajectory has no frames');
  }
  if (!Array.isArray(geoms)) return replayProblem('geoms is not a list');
  const bodyCount = bodyNames.length;
  for (const [index, geom] of geoms.entries()) {
    const problem = checkGeom(geom, index, bodyCount);
    if (problem !== null) return replayProblem(problem);
  }
  if (!Array.isArray(cameras)) return replayProblem('cameras is not a list');
  for (const [index, camera] of cameras.entries()) {
    const problem = checkCamera(camera, index, bodyCount);
    if (problem !== null) return replayProblem(problem);
  }
  const timesS = floats(json['timesS'], 'timesS', frameCount);
  if (typeof timesS === 'string') return replayProblem(timesS);
  for (let i = 1; i < frameCount; i += 1) {
    if (timesS[i]! < timesS[i - 1]!) return replayProblem(`timesS decreases at frame ${i}`);
  }
  const bodyPositions = floats(json['bodyPositions'], 'bodyPositions', frameCount * bodyCount * 3);
  if (typeof bodyPositions === 'string') return replayProblem(bodyPositions);
  const bodyQuaternions = floats(
    json['bodyQuaternions'],
    'bodyQuaternions',
    frameCount * bodyCount * 4,
  );
  if (typeof bodyQuaternions === 'string') return replayProblem(bodyQuaternions);
  const trajectory: ReplayTrajectory = {
    task,
    frameHz,
    bodyNames: bodyNames,
    // checkGeom has verified every field the scene reads.
    geoms: geoms as TrajectoryGeom[],
    cameras: cameras as TrajectoryCamera[],
    visuals: isObject(visuals) ? visuals : {},
    frameCount,
    timesS,
    bodyPositions,
    bodyQuaternions,
  };
  return { kind: 'trajectory', trajectory };
}
