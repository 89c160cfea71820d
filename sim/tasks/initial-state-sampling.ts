/** Seeded sampling shared by the tasks' initial-state distributions. */
import type { Vec3 } from '../observation.ts';
import type { ResolvedPerturbation } from '../perturbations/perturbation.ts';
import { SeededRandom, deriveSeed } from '../../lib/seeded-random.ts';
import { homeJointPositionsRad, tableTopHeightM } from '../scenes/arm-geometry.ts';
import type { ObjectPlacement } from '../scenes/scene-initial-state.ts';
import { distractorName, distractorRadiusM } from '../scenes/scene-layout.ts';

const degree = Math.PI / 180;
const homeJointJitterRad = 0.04;
/** Centres of distractors and task objects stay this far apart, metres. */
const minimumSeparationM = 0.075;
const maxPlacementAttempts = 200;

/** A rectangle on the table, as designed before perturbation (metres, world frame). */
export interface SpawnRegion {
  readonly centreX: number;
  readonly centreY: number;
  readonly halfX: number;
  readonly halfY: number;
}

/** The same uniform draws land in a scaled and shifted region, so a sweep moves them smoothly. */
export function samplePoint(
  random: SeededRandom,
  region: SpawnRegion,
  perturbation: ResolvedPerturbation,
): [number, number] {
  const u = random.uniform(-1, 1);
  const v = random.uniform(-1, 1);
  return [
    region.centreX +
      perturbation.objectOffsetXM +
      u * region.halfX * perturbation.objectSpreadScale,
    region.centreY +
      perturbation.objectOffsetYM +
      v * region.halfY * perturbation.objectSpreadScale,
  ];
}

export function sampleYawRad(random: SeededRandom, perturbation: ResolvedPerturbation): number {
  return random.uniform(-1, 1) * perturbation.objectYawRangeDeg * degree;
}

export function sampleArmStart(random: SeededRandom): number[] {
  return homeJointPositionsRad.map(
    (angle) => angle + random.uniform(-homeJointJitterRad, homeJointJitterRad),
  );
}

export function onTable(x: number, y: number, halfHeightM: number): Vec3 {
  return [x, y, tableTopHeightM + halfHeightM];
}

/** The task's own stream of randomness for one seed. */
export function taskRandom(seed: number, task: string): SeededRandom {
  return new SeededRandom(deriveSeed(seed, `${task}/initial-state`));
}

/**
 * Places `count` distractors in the workspace away from `occupied` points, from a stream of
 * their own. If the table is too crowded, the last candidate is used anyway.
 */
export function placeDistractors(
  seed: number,
  task: string,
  count: number,
  occupied: readonly (readonly [number, number])[],
): Record<string, ObjectPlacement> {
  const random = new SeededRandom(deriveSeed(seed, `${task}/distractors`));
  const taken = [...occupied];
  const placements: Record<string, ObjectPlacement> = {};
  const workspace: SpawnRegion = { centreX: 0.38, centreY: 0, halfX: 0.1, halfY: 0.2 };
  for (let index = 0; index < count; index += 1) {
    let candidate: [number, number] = [workspace.centreX, workspace.centreY];
    for (let attempt = 0; attempt < maxPlacementAttempts; attempt += 1) {
      candidate = [
        workspace.centreX + random.uniform(-1, 1) * workspace.halfX,
        workspace.centreY + random.uniform(-1, 1) * workspace.halfY,
      ];
      const [x, y] = candidate;
      if (taken.every(([ox, oy]) => Math.hypot(x - ox, y - oy) >= minimumSeparationM)) break;
    }
    taken.push(candidate);
    placements[distractorName(index)] = {
      position: onTable(candidate[0], candidate[1], distractorRadiusM),
      yawRad: random.uniform(-Math.PI, Math.PI),
    };
  }
  return placements;
}
