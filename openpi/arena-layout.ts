// The "arena" observation layout: how policy-arena's own simulator talks to a policy served over
// openpi. The whole Observation travels as a plain msgpack map (doubles, not float32), so a policy
// served this way sees exactly what it would see in-process. Camera images, when the policy asks
// for them, travel beside it as uint8 arrays of shape (H, W, 3) under `arena/image/<camera>`.
// A lab's server may answer in numpy: every list of numbers may also be a 1-d numeric array.
import type { EpisodeContext, Observation } from '../sim/index.ts';
import { isNdArray } from './msgpack-numpy.ts';
import type { OpenpiMap } from './openpi-map.ts';
import { imageFromNdArray, rgbNdArray } from './rgb-ndarray.ts';

export const arenaKeys = {
  observation: 'arena/observation',
  task: 'arena/task',
  seed: 'arena/seed',
  controlHz: 'arena/control_hz',
  prompt: 'prompt',
  /** Followed by a camera name: that camera's image. */
  imagePrefix: 'arena/image/',
} as const;

export class ArenaObservationError extends Error {
  override name = 'ArenaObservationError';
}

type FieldShape =
  | 'number'
  | 'integer'
  | 'string'
  | 'numbers'
  | 'vec3'
  | 'quat'
  | { mapOf: FieldShape }
  | { fields: Readonly<Record<string, FieldShape>> };

/** Every Observation field but the images (which travel as arrays) and what its value looks like. */
export const observationShape = {
  timeS: 'number',
  jointPositionsRad: 'numbers',
  jointVelocitiesRadS: 'numbers',
  gripperOpeningM: 'number',
  gripperPosition: 'number',
  endEffectorPosition: 'vec3',
  endEffectorQuaternion: 'quat',
  objectPositions: { mapOf: 'vec3' },
  objectQuaternions: { mapOf: 'quat' },
  objectVelocities: { mapOf: 'vec3' },
  articulations: { mapOf: 'number' },
  targetPosition: 'vec3',
  instruction: 'string',
  step: 'integer',
  actionBounds: { fields: { lowerRad: 'numbers', upperRad: 'numbers' } },
} as const satisfies Record<Exclude<keyof Observation, 'images'>, FieldShape>;

/**
 * Why a dotted path does not name one value of an Observation (null when it does):
 * `gripperOpeningM`, `objectPositions.cube`, `actionBounds.lowerRad`, `images.wrist`.
 */
export function observationPathProblem(path: string): string | null {
  const [root = '', ...rest] = path.split('.');
  if (root === 'images') {
    return rest.length === 1 && rest[0] !== ''
      ? null
      : 'images is a map by camera name; name one, e.g. images.wrist';
  }
  if (!Object.hasOwn(observationShape, root)) {
    return `"${root}" is not an observation field; fields: ${[...Object.keys(observationShape), 'images'].join(', ')}`;
  }
  const shape: FieldShape = observationShape[root as keyof typeof observationShape];
  if (typeof shape === 'string') {
    return rest.length === 0 ? null : `${root} is a single value; it has no "${rest.join('.')}"`;
  }
  if ('mapOf' in shape) {
    return rest.length === 1 && rest[0] !== ''
      ? null
      : `${root} is a map by name; name one entry, e.g. ${root}.${root === 'articulations' ? 'drawer' : 'cube'}`;
  }
  const fields = Object.keys(shape.fields);
  return rest.length === 1 && fields.includes(rest[0] ?? '')
    ? null
    : `${root} has the fields ${fields.join(', ')}; name one, e.g. ${root}.${fields[0]}`;
}

/** The observation map a policy served in the arena layout receives. */
export function arenaObservationMap(
  observation: Observation,
  seed: number,
  context: EpisodeContext | undefined,
): OpenpiMap {
  const { images, ...state } = observation;
  const imageArrays: OpenpiMap = {};
  for (const [camera, image] of Object.entries(images ?? {})) {
    imageArrays[`${arenaKeys.imagePrefix}${camera}`] = rgbNdArray(image);
  }
  return {
    [arenaKeys.observation]: state,
    ...imageArrays,
    // Without a context a local policy falls back to its defaults; the remote one does the same.
    ...(context === undefined
      ? {}
      : { [arenaKeys.task]: context.task, [arenaKeys.controlHz]: context.controlHz }),
    [arenaKeys.seed]: seed,
    [arenaKeys.prompt]: observation.instruction,
  };
}

export interface ArenaRequest {
  observation: Observation;
  seed: number;
  context: EpisodeContext | undefined;
}

/** Reads and checks an arena-layout observation map; errors name the key or field. */
export function readArenaObservation(map: OpenpiMap): ArenaRequest {
  const raw = map[arenaKeys.observation];
  if (raw === undefined) {
    throw new ArenaObservationError(
      `the observation has no "${arenaKeys.observation}"; this policy expects the arena layout`,
    );
  }
  const state = readShape(raw, { fields: observationShape }, arenaKeys.observation) as Observation;
  const images: Record<string, NonNullable<Observation['images']>[string]> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!key.startsWith(arenaKeys.imagePrefix)) continue;
    const image = isNdArray(value) ? imageFromNdArray(value) : null;
    if (image === null) {
      throw new ArenaObservationError(`"${key}" must be a uint8 array of shape (H, W, 3)`);
    }
    images[key.slice(arenaKeys.imagePrefix.length)] = image;
  }
  const observation: Observation = Object.keys(images).length === 0 ? state : { ...state, images };
  const seed = map[arenaKeys.seed];
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new ArenaObservationError(`"${arenaKeys.seed}" must be an integer in [0, 2^32)`);
  }
  const task = map[arenaKeys.task];
  if (task === undefined) return { observation, seed, context: undefined };
  if (typeof task !== 'string') {
    throw new ArenaObservationError(`"${arenaKeys.task}" must be a task name`);
  }
  const controlHz = map[arenaKeys.controlHz];
  if (typeof controlHz !== 'number' || !(controlHz > 0)) {
    throw new ArenaObservationError(`"${arenaKeys.controlHz}" must be a positive number`);
  }
  const prompt = map[arenaKeys.prompt];
  return {
    observation,
    seed,
    context: {
      task,
      instruction: typeof prompt === 'string' ? prompt : observation.instruction,
      controlHz,
      actionBounds: observation.actionBounds,
    },
  };
}

/**
 * Checks `value` against `shape` and returns it with every numeric array (a numpy array from a
 * server written in Python) turned into a plain list of numbers.
 */
function readShape(value: unknown, shape: FieldShape, path: string): unknown {
  const refuse = (expected: string): never => {
    throw new ArenaObservationError(`${path} must be ${expected}`);
  };
  const numbers = (length?: number): number[] | null => {
    const list = isNdArray(value)
      ? value.shape.length === 1
        ? Array.from(value.data as ArrayLike<number | bigint>, Number)
        : null
      : value;
    const isNumbers = (candidate: unknown): candidate is number[] =>
      Array.isArray(candidate) && candidate.every((entry) => typeof entry === 'number');
    return isNumbers(list) && (length === undefined || list.length === length) ? list : null;
  };
  if (typeof shape === 'string') {
    switch (shape) {
      case 'number': {
        // numpy sends a lone value as an array of one as often as a scalar.
        const single = typeof value === 'number' ? [value] : numbers(1);
        return single?.[0] ?? refuse('a number (or an array of one)');
      }
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value) ? value : refuse('an integer');
      case 'string':
        return typeof value === 'string' ? value : refuse('a string');
      case 'numbers':
        return numbers() ?? refuse('a list (or 1-d array) of numbers');
      case 'vec3':
        return numbers(3) ?? refuse('a list (or 1-d array) of 3 numbers');
      case 'quat':
        return numbers(4) ?? refuse('a list (or 1-d array) of 4 numbers');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('a map');
  const entries = value as Record<string, unknown>;
  const read: Record<string, unknown> = {};
  if ('mapOf' in shape) {
    for (const [key, entry] of Object.entries(entries)) {
      read[key] = readShape(entry, shape.mapOf, `${path}.${key}`);
    }
    return read;
  }
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (!Object.hasOwn(entries, key)) refuse(`a map with "${key}"`);
    read[key] = readShape(entries[key], fieldShape, `${path}.${key}`);
  }
  return read;
}
