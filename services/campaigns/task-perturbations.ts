import { deriveSeed, SeededRandom } from '../../lib/seeded-random.ts';
import {
  InvalidPerturbationError,
  perturbationGrid,
  type Perturbation,
  type PerturbationAxes,
} from '../../sim/index.ts';
import { FieldError } from '../errors.ts';

/** A sweep larger than this is almost certainly a mistake (a campaign samples it, never exhausts it). */
const maxGridPoints = 10_000;

/**
 * Checks a task's perturbation sweep and returns its grid, reporting a bad axis as a FieldError
 * on `fieldPrefix.<axis>` so the API can say exactly which value is wrong.
 */
export function expandPerturbations(axes: PerturbationAxes, fieldPrefix: string): Perturbation[] {
  let grid: Perturbation[];
  try {
    grid = perturbationGrid(axes);
  } catch (error) {
    if (error instanceof InvalidPerturbationError) {
      throw new FieldError(`${fieldPrefix}.${error.field}`, error.message);
    }
    throw error;
  }
  if (grid.length > maxGridPoints) {
    throw new FieldError(
      fieldPrefix,
      `sweeps ${grid.length} combinations; at most ${maxGridPoints}`,
    );
  }
  return grid;
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
  const grid = perturbationGrid(axes);
  const random = new SeededRandom(deriveSeed(campaignSeed, `perturbation:${ordinal}`));
  return grid[random.integer(grid.length)] ?? null;
}
