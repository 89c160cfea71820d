import {
  defaultPerturbation,
  perturbationFields,
  type Perturbation,
  type ResolvedPerturbation,
  type Rgb,
} from './perturbation.ts';

export class InvalidPerturbationError extends Error {
  override name = 'InvalidPerturbationError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`perturbation field "${field}" ${problem}`);
  }
}

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  /** What the default means, so the error tells the caller how to get "no change". */
  readonly hint: string;
}

const numberRules: Record<Exclude<keyof Perturbation, 'tableRgb' | 'floorRgb'>, NumberRule> = {
  objectSpreadScale: { min: 0, max: 2, hint: '1 keeps the designed spawn region' },
  objectOffsetXM: { min: -0.06, max: 0.06, hint: '0 keeps the designed spawn region' },
  objectOffsetYM: { min: -0.1, max: 0.1, hint: '0 keeps the designed spawn region' },
  objectYawRangeDeg: { min: 0, max: 180, hint: '45 covers every yaw of a cube' },
  distractorCount: { min: 0, max: 3, integer: true, hint: '0 means no distractors' },
  objectMassScale: { min: 0.2, max: 5, hint: '1 keeps the designed masses' },
  objectFriction: { min: 0.05, max: 2, hint: '0.9 is the default' },
  actuatorGainScale: { min: 0.3, max: 3, hint: '1 keeps the designed servo gains' },
  actuatorLatencySteps: { min: 0, max: 10, integer: true, hint: '0 means no added latency' },
  objectHueShiftDeg: { min: -180, max: 180, hint: '0 keeps the designed colours' },
  lightIntensity: { min: 0, max: 2, hint: '0.8 is the default' },
  lightAzimuthDeg: { min: -180, max: 180, hint: '0 is the default' },
  lightElevationDeg: { min: 10, max: 90, hint: '90 lights the table from straight above' },
};

/**
 * Checks a perturbation that may come from JSON and fills in defaults. Throws
 * InvalidPerturbationError naming the first bad field.
 */
export function resolvePerturbation(value: unknown = {}): ResolvedPerturbation {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidPerturbationError('(root)', 'must be an object of optional fields');
  }
  const given = value as Record<string, unknown>;
  for (const field of Object.keys(given)) {
    if (!(perturbationFields as string[]).includes(field)) {
      throw new InvalidPerturbationError(
        field,
        `is not a perturbation; known fields: ${perturbationFields.join(', ')}`,
      );
    }
  }
  const resolved: Record<string, unknown> = { ...defaultPerturbation };
  for (const [field, rule] of Object.entries(numberRules)) {
    const raw = given[field];
    if (raw === undefined) continue;
    resolved[field] = checkNumber(field, raw, rule);
  }
  for (const field of ['tableRgb', 'floorRgb'] as const) {
    if (given[field] !== undefined) resolved[field] = checkRgb(field, given[field]);
  }
  return resolved as ResolvedPerturbation;
}

function checkNumber(field: string, raw: unknown, rule: NumberRule): number {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (
    typeof raw !== 'number' ||
    !Number.isFinite(raw) ||
    raw < rule.min ||
    raw > rule.max ||
    (rule.integer === true && !Number.isInteger(raw))
  ) {
    throw new InvalidPerturbationError(
      field,
      `must be ${kind} from ${rule.min} to ${rule.max} (got ${JSON.stringify(raw)}); ${rule.hint}`,
    );
  }
  return raw;
}

function checkRgb(field: string, raw: unknown): Rgb {
  const valid =
    Array.isArray(raw) &&
    raw.length === 3 &&
    raw.every((channel) => typeof channel === 'number' && channel >= 0 && channel <= 1);
  if (!valid) {
    throw new InvalidPerturbationError(
      field,
      `must be [red, green, blue] with each channel from 0 to 1 (got ${JSON.stringify(raw)})`,
    );
  }
  return [raw[0], raw[1], raw[2]] as Rgb;
}
