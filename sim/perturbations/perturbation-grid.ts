import type { Perturbation } from './perturbation.ts';
import { InvalidPerturbationError, resolvePerturbation } from './validate-perturbation.ts';

/** Values to sweep per field; every field is optional. */
export type PerturbationAxes = { [Field in keyof Perturbation]?: readonly Perturbation[Field][] };

/**
 * Expands a sweep into every combination of the axes' values (fields in alphabetical order, the
 * last field varying fastest), each combined with `base`. An axis with no values is an error,
 * because it would silently produce an empty grid.
 */
export function perturbationGrid(axes: PerturbationAxes, base: Perturbation = {}): Perturbation[] {
  let grid: Perturbation[] = [{ ...base }];
  for (const field of Object.keys(axes).sort() as (keyof Perturbation)[]) {
    const values: readonly unknown[] = axes[field] ?? [];
    if (values.length === 0) {
      throw new InvalidPerturbationError(field, 'has no values to sweep: give at least one');
    }
    grid = grid.flatMap((partial) => values.map((value) => ({ ...partial, [field]: value })));
  }
  for (const perturbation of grid) resolvePerturbation(perturbation);
  return grid;
}
