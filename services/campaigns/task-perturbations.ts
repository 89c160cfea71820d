import { deriveSeed, SeededRandom } from '../../lib/seeded-random.ts';
import {
  checkPerturbationAxes,
  InvalidPerturbationError,
  perturbationGridPoint,
  perturbationGridSize,
  type Perturbation,
  type PerturbationAxes,
} from '../../sim/index.ts';
import { FieldError } from '../errors.ts';

/** A sweep larger than this is almost certainly a mistake (a campaign samples it, never exhausts it). */
export const maxGridPoints = 10_000;

/**
 * Checks a task's perturbation sweep, reporting a bad axis as a FieldError on
 * `fieldPrefix.<axis>` so the API can say exactly which value is wrong. The size comes from the
 * axes' lengths before any grid point exists: a sweep of a hundred million points is refused as
 * fast as a small one. Returns the number of grid points.
 */
export function checkPerturbationSweep(axes: PerturbationAxes, fieldPrefix: string): number {
  try {
    const size = perturbationGridSize(axes);
    if (size > maxGridPoints) {
      throw new FieldError(
        fieldPrefix,
        `sweeps ${size} combinations (the product of the axes' lengths); at most ${maxGridPoints}`,
      );
    }
    checkPerturbationAxes(axes);
    return size;
  } catch (error) {
    if (error instanceof InvalidPerturbationError) {
      throw new FieldError(`${fieldPrefix}.${error.field}`, error.message);
    }
    throw error;
  }
}

/**
 * The perturbation of comparison slot `ordinal`: a uniform draw from the task's grid, a pure
 * function of (campaign seed, ordinal) like the pairing, so a recreated comparison is the same.
 * Both episodes of the comparison run under it. Null when the task has no sweep.
 */
export function perturbationForSlot(
  axes: PerturbationAxes | null,
  campaignSeed: number,
  ordinal: number,
): Perturbation | null {
  if (axes === null) return null;
  const random = new SeededRandom(deriveSeed(campaignSeed, `perturbation:${ordinal}`));
  return perturbationGridPoint(axes, random.integer(perturbationGridSize(axes)));
}
