/**
 * Perturbations a campaign sets per task. Plain JSON data with every field optional; the episode
 * runner resolves it (defaults filled in) and records the resolved form with the outcome, so a
 * result can be broken down by any axis. Visual fields change nothing a state-based policy sees,
 * but they change the compiled scene's colours and lighting and so the replay.
 */

export type Rgb = readonly [red: number, green: number, blue: number];

export interface Perturbation {
  /** Scales the half-widths of the region task objects spawn in (1 = as designed, 0 = its centre). */
  objectSpreadScale?: number;
  /** Shifts the spawn region along x (away from the arm), metres. */
  objectOffsetXM?: number;
  /** Shifts the spawn region along y, metres. */
  objectOffsetYM?: number;
  /** Objects spawn with a yaw drawn from ±this, degrees. */
  objectYawRangeDeg?: number;
  /** Small free objects placed on the table besides the task's own. */
  distractorCount?: number;
  /** Multiplies the mass of every movable object (task objects, distractors, the drawer). */
  objectMassScale?: number;
  /** Sliding friction coefficient of movable objects and the fingers. */
  objectFriction?: number;
  /** Multiplies every servo's stiffness (arm and gripper). */
  actuatorGainScale?: number;
  /** Control steps between a command and the servos receiving it. */
  actuatorLatencySteps?: number;
  tableRgb?: Rgb;
  floorRgb?: Rgb;
  /** Rotates the hue of every object colour, degrees. */
  objectHueShiftDeg?: number;
  /** Diffuse intensity of the key light (0.8 by default). */
  lightIntensity?: number;
  /** Direction the key light comes from: azimuth about +z from +x, degrees. */
  lightAzimuthDeg?: number;
  /** Elevation of the key light above the table plane, degrees (90 = straight above). */
  lightElevationDeg?: number;
}

export type ResolvedPerturbation = Required<Perturbation>;

export const defaultPerturbation: ResolvedPerturbation = {
  objectSpreadScale: 1,
  objectOffsetXM: 0,
  objectOffsetYM: 0,
  objectYawRangeDeg: 45,
  distractorCount: 0,
  objectMassScale: 1,
  objectFriction: 0.9,
  actuatorGainScale: 1,
  actuatorLatencySteps: 0,
  tableRgb: [0.62, 0.48, 0.34],
  floorRgb: [0.3, 0.3, 0.33],
  objectHueShiftDeg: 0,
  lightIntensity: 0.8,
  lightAzimuthDeg: 0,
  lightElevationDeg: 90,
};

export const perturbationFields = Object.keys(defaultPerturbation) as (keyof Perturbation)[];

/** The fields that only change how the scene looks, recorded for the replay. */
export const visualPerturbationFields = [
  'tableRgb',
  'floorRgb',
  'objectHueShiftDeg',
  'lightIntensity',
  'lightAzimuthDeg',
  'lightElevationDeg',
] as const satisfies readonly (keyof Perturbation)[];
export type VisualPerturbation = Pick<
  ResolvedPerturbation,
  (typeof visualPerturbationFields)[number]
>;

export function visualPartOf(perturbation: ResolvedPerturbation): VisualPerturbation {
  const visual: Record<string, unknown> = {};
  for (const field of visualPerturbationFields) visual[field] = perturbation[field];
  return visual as VisualPerturbation;
}
