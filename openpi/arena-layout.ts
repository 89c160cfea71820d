// The "arena" observation layout: how policy-arena's own simulator talks to a policy served over
// openpi. The whole Observation travels as a plain msgpack map (doubles, not float32), so a policy
// served this way sees exactly what it would see in-process.
import type { EpisodeContext, Observation } from '../sim/index.ts';
import type { OpenpiMap } from './openpi-map.ts';

export const arenaKeys = {
  observation: 'arena/observation',
  task: 'arena/task',
  seed: 'arena/seed',
  controlHz: 'arena/control_hz',
  prompt: 'prompt',
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

/** Every Observation field and what its value looks like. */
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
} as const satisfies Record<keyof Observation, FieldShape>;

/**
 * Why a dotted path does not name one value of an Observation (null when it does):
 * `gripperOpeningM`, `objectPositions.cube`, `actionBounds.lowerRad`.
 */
export function observationPathProblem(path: string): string | null {
  const [root = '', ...rest] = path.split('.');
  if (!Object.hasOwn(observationShape, root)) {
    return `"${root}" is not an observation field; fields: ${Object.keys(observationShape).join(', ')}`;
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
  return {
    [arenaKeys.observation]: observation,
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
  checkShape(raw, { fields: observationShape }, arenaKeys.observation);
  const observation = raw as Observation;
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

function checkShape(value: unknown, shape: FieldShape, path: string): void {
  const refuse = (expected: string): never => {
    throw new ArenaObservationError(`${path} must be ${expected}`);
  };
  const isNumbers = (length?: number): boolean =>
    Array.isArray(value) &&
    value.every((entry) => typeof entry === 'number') &&
    (length === undefined || value.length === length);
  if (typeof shape === 'string') {
    switch (shape) {
      case 'number':
        if (typeof value !== 'number') refuse('a number');
        return;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) refuse('an integer');
        return;
      case 'string':
        if (typeof value !== 'string') refuse('a string');
        return;
      case 'numbers':
        if (!isNumbers()) refuse('a list of numbers');
        return;
      case 'vec3':
        if (!isNumbers(3)) refuse('a list of 3 numbers');
        return;
      case 'quat':
        if (!isNumbers(4)) refuse('a list of 4 numbers');
        return;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('a map');
  const entries = value as Record<string, unknown>;
  if ('mapOf' in shape) {
    for (const [key, entry] of Object.entries(entries)) {
      checkShape(entry, shape.mapOf, `${path}.${key}`);
    }
    return;
  }
  for (const [key, fieldShape] of Object.entries(shape.fields)) {
    if (!Object.hasOwn(entries, key)) refuse(`a map with "${key}"`);
    checkShape(entries[key], fieldShape, `${path}.${key}`);
  }
}
