import type { Perturbation } from './perturbation.ts';
import { InvalidPerturbationError, resolvePerturbation } from './validate-perturbation.ts';

/** Values to sweep per field; every field is optional. */
export type PerturbationAxes = { [Field in keyof Perturbation]?: readonly Perturbation[Field][] };

/**
 * How many points a sweep has: the product of its axes' lengths, computed without building any.
 * An axis with no values is an error, because it would silently produce an empty grid.
 */
export function perturbationGridSize(axes: PerturbationAxes): number {
  let size = 1;
  for (const [field, values] of sortedAxes(axes)) {
    if (values.length === 0) {
      throw new InvalidPerturbationError(field, 'has no values to sweep: give at least one');
    }
    size *= values.length;
  }
  return size;
}

/**
 * Checks every value of every axis. Perturbation fields are checked independently of one
 * another, so this accepts exactly the sweeps whose every grid point is valid, in time
 * proportional to the values given rather than to the points they span.
 */
export function checkPerturbationAxes(axes: PerturbationAxes): void {
  for (const [field, values] of sortedAxes(axes)) {
    for (const value of values) resolvePerturbation({ [field]: value });
  }
}

/**
 * Point `index` of the grid `perturbationGrid` lists (fields in alphabetical order, the last
 * field varying fastest), combined with `base`, without building the others.
 */
export function perturbationGridPoint(
  axes: PerturbationAxes,
  index: number,
  base: Perturbation = {},
): Perturbation {
  const point: Record<string, unknown> = { ...base };
  let rest = index;
  for (const [field, values] of sortedAxes(axes).reverse()) {
    point[field] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return point;
}

/**
 * Expands a sweep into every combination of the axes' values (fields in alphabetical order, the
 * last field varying fastest), each combined with `base`. An axis with no values is an error.
 */
export function perturbationGrid(axes: PerturbationAxes, base: Perturbation = {}): Perturbation[] {
  const size = perturbationGridSize(axes);
  checkPerturbationAxes(axes);
  resolvePerturbation(base);
  return Array.from({ length: size }, (_, index) => perturbationGridPoint(axes, index, base));
}

function sortedAxes(axes: PerturbationAxes): [string, readonly unknown[]][] {
  return (Object.keys(axes).sort() as (keyof Perturbation)[]).map((field) => [
    field,
    axes[field] ?? [],
  ]);
}
