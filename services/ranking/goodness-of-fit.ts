import { chiSquareSurvival } from './chi-square-distribution.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { davidsonProbabilities } from './predict-matchup.ts';
import type { FitResult, GoodnessOfFit, PairCounts, PairFit } from './types.ts';

export interface GoodnessOfFitOptions {
  /** 'pearson' (default): Σ (O − E)² / E; 'likelihood-ratio': G = 2 Σ O·ln(O / E). */
  readonly method?: 'pearson' | 'likelihood-ratio';
}

/** Below this expected count a cell makes the chi-square approximation rough. */
const SPARSE_EXPECTED = 5;

/**
 * Tests whether the fitted model explains the observed results of every pair, so that
 * intransitive data (a beats b beats c beats a) are flagged instead of averaged into a confident
 * ranking. Each pair with comparisons is a multinomial with 3 cells (a wins, b wins, tie) under
 * Davidson with ties, 2 otherwise (under 'half', a tie is half a win each way in the observed
 * counts). Degrees of freedom: Σ_pairs (cells − 1) − (policies − components) − (1 if nu is
 * fitted); the statistic is referred to chi-square with those. `fit` must be of `counts` (same
 * policies). The p-value is NaN when df ≤ 0 (the model is saturated: nothing is testable).
 * A weak prior inflates the statistic negligibly. Throws InvalidRankingOptionError.
 */
export function goodnessOfFit(
  counts: PairCounts,
  fit: FitResult,
  options: GoodnessOfFitOptions = {},
): GoodnessOfFit {
  const method = options.method ?? 'pearson';
  if (method !== 'pearson' && method !== 'likelihood-ratio') {
    throw new InvalidRankingOptionError(`method must be 'pearson' or 'likelihood-ratio'`);
  }
  if (fit.policies.length !== counts.policies.length) {
    throw new InvalidRankingOptionError('the fit is not of these counts');
  }
  const half = fit.tieParameter === null;
  const nu = fit.tieParameter ?? 0;
  const cellsPerPair = nu > 0 ? 3 : 2;
  let statistic = 0;
  let freeCells = 0;
  let sparseCells = 0;
  const pairs: PairFit[] = [];
  const cell = (observed: number, expected: number) => {
    if (expected < SPARSE_EXPECTED) sparseCells++;
    if (method === 'pearson') statistic += expected > 0 ? (observed - expected) ** 2 / expected : 0;
    else if (observed > 0) statistic += 2 * observed * Math.log(observed / expected);
  };
  for (let k = 0; k < counts.first.length; k++) {
    const i = counts.first[k] ?? 0;
    const j = counts.second[k] ?? 0;
    const ties = counts.ties[k] ?? 0;
    const aWins = (counts.firstWins[k] ?? 0) + (half ? ties / 2 : 0);
    const bWins = (counts.secondWins[k] ?? 0) + (half ? ties / 2 : 0);
    const observedTies = half ? 0 : ties;
    const total = aWins + bWins + observedTies;
    if (total <= 0) continue;
    const d = (fit.logStrengths[i] ?? NaN) - (fit.logStrengths[j] ?? NaN);
    const p = davidsonProbabilities(d, nu);
    const expected = { aWins: total * p.win, bWins: total * p.loss, ties: total * p.tie };
    cell(aWins, expected.aWins);
    cell(bWins, expected.bWins);
    if (cellsPerPair === 3) cell(observedTies, expected.ties);
    freeCells += cellsPerPair - 1;
    const predictedScore = p.win + p.tie / 2;
    const scoreVariance = p.win + p.tie / 4 - predictedScore ** 2;
    const observedScore = (aWins + observedTies / 2) / total;
    pairs.push({
      a: counts.policies[i] ?? '',
      b: counts.policies[j] ?? '',
      comparisons: total,
      observed: { aWins, bWins, ties: observedTies },
      expected,
      observedScore,
      predictedScore,
      standardizedResidual: (observedScore - predictedScore) / Math.sqrt(scoreVariance / total),
    });
  }
  const parameters = fit.policies.length - fit.components.length + (cellsPerPair === 3 ? 1 : 0);
  const degreesOfFreedom = freeCells - parameters;
  const warnings: string[] = [];
  if (degreesOfFreedom <= 0) warnings.push('the model is saturated: there is nothing to test');
  const cellCount = freeCells + pairs.length;
  if (sparseCells > 0.2 * cellCount) {
    warnings.push(
      `${sparseCells} of ${cellCount} cells expect fewer than ${SPARSE_EXPECTED} results: ` +
        'the p-value is approximate',
    );
  }
  return {
    method,
    statistic,
    degreesOfFreedom,
    pValue: degreesOfFreedom > 0 ? chiSquareSurvival(statistic, degreesOfFreedom) : NaN,
    sparseCells,
    pairs,
    warnings,
  };
}
