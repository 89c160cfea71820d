/** z for a two-sided 95% interval. */
const z95 = 1.959963984540054;

/**
 * The Wilson score interval for a binomial proportion: unlike the normal approximation it stays
 * inside [0, 1] and is honest at 0 or n successes, which the reference policies hit.
 */
export function wilsonInterval(successes: number, trials: number, z = z95): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const halfWidth =
    (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)];
}
