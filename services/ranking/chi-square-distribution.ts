import { regularizedGammaQ } from './special-functions.ts';

/**
 * P(X >= statistic) for X chi-square with `degreesOfFreedom` (> 0): the p-value of a Pearson or
 * likelihood-ratio test. NaN for df <= 0, where there is nothing to test.
 */
export function chiSquareSurvival(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) return NaN;
  if (!(statistic > 0)) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
}
