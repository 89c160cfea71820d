import { connectedComponents } from './connectivity.ts';
import { toEloRatings } from './elo-scale.ts';
import { resolveFitOptions } from './fit-options.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { maximizeConcave } from './newton.ts';
import { evaluatePlackettLuce } from './plackett-luce-posterior.ts';
import {
  emptyRankingStages,
  fillRankingStages,
  rankingTableFromJudgements,
} from './ranking-table.ts';
import type { RankingTable } from './ranking-table.ts';
import type { FitOptions, FitResult, RankingJudgement } from './types.ts';

export type PlackettLuceOptions = Pick<
  FitOptions,
  'priorStrength' | 'anchor' | 'maxIterations' | 'tolerance'
>;

/**
 * Fits Plackett-Luce strengths to K-wise rankings (best first) by maximising the likelihood plus
 * the same weak Gaussian prior as fitBradleyTerry (priorStrength virtual comparisons per
 * policy) with a damped Newton method, to the same 1e-9 step tolerance; ratings on the same Elo
 * scale (mean or anchor 1000). Newton rather than Hunter's MM: MM converges linearly and would
 * need thousands of iterations for 1e-9. For K = 2 the likelihood is Bradley-Terry's, and a tie
 * (tied group) is averaged over its orderings, which for K = 2 is exactly "a tie is half a win
 * each way": pairwise data give fitBradleyTerry's ratings under ties 'half' (see
 * forEachChoiceSet for the general rule). tieParameter is null: there is none.
 *
 * Components, non-existence of the maximum-likelihood estimate (priorStrength 0) and
 * non-convergence are reported exactly as by fitBradleyTerry, from the pairwise relations the
 * rankings imply. Throws InvalidJudgementError, InvalidRankingOptionError, UnknownPolicyError.
 */
export function fitPlackettLuce(
  judgements: readonly RankingJudgement[],
  options: PlackettLuceOptions = {},
): FitResult {
  return fitRankingTable(rankingTableFromJudgements(judgements), options);
}

/** fitPlackettLuce on rankings already reduced to a table (the CLI and the bootstrap do that). */
export function fitRankingTable(table: RankingTable, options: PlackettLuceOptions = {}): FitResult {
  const stages = fillRankingStages(table, emptyRankingStages(table));
  const resolved = resolveFitOptions({ ...options, ties: 'half' }, stages.policies);
  const n = stages.policies.length;
  const components = connectedComponents(stages.impliedCounts);
  const gaugeFree = resolved.priorPrecision === 0;
  const outcome = maximizeConcave(
    (x, gradient, negativeHessian) =>
      evaluatePlackettLuce(stages, resolved.priorPrecision, x, gradient, negativeHessian),
    new Float64Array(n),
    { ...resolved, components, gaugeFree },
  );

  const warnings: string[] = [];
  const disconnected = components.length > 1;
  if (disconnected) {
    warnings.push(
      `the comparison graph has ${components.length} disconnected components; ` +
        'ratings are only comparable within a component (each is centred on its own)',
    );
  }
  const missing = gaugeFree
    ? missingMaximumLikelihood(stages.impliedCounts, 'half', components)
    : null;
  if (missing !== null) {
    warnings.push(`no maximum-likelihood estimate exists (${missing}); use priorStrength > 0`);
  } else if (!outcome.converged) {
    warnings.push(`the fit did not converge within ${outcome.iterations} iterations`);
  }
  return {
    policies: stages.policies,
    ratings: toEloRatings(outcome.x, resolved.anchorIndex),
    logStrengths: outcome.x,
    tieParameter: null,
    logPosterior: outcome.value,
    converged: outcome.converged && missing === null,
    iterations: outcome.iterations,
    disconnected,
    components: components.map((c) => c.map((i) => stages.policies[i] ?? '')),
    warnings,
  };
}
