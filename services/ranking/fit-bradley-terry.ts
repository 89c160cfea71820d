import { connectedComponents } from './connectivity.ts';
import type { PosteriorModel } from './davidson-posterior.ts';
import { toEloRatings } from './elo-scale.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { resolveFitOptions } from './fit-options.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { maximizePosterior } from './newton.ts';
import type { FitOptions, FitResult, PairCounts, TieModel } from './types.ts';

/**
 * The posterior to maximise for `counts`. Under 'half' each tie becomes half a win for each side
 * and there is no tie parameter; under 'davidson' nu is fitted unless the data hold no ties, in
 * which case its maximum-likelihood value is exactly 0 and the model reduces to plain BT.
 */
export function buildPosteriorModel(
  counts: PairCounts,
  ties: TieModel,
  priorPrecision: number,
): PosteriorModel {
  if (ties === 'half') {
    const firstWins = counts.firstWins.map((w, k) => w + 0.5 * (counts.ties[k] ?? 0));
    const secondWins = counts.secondWins.map((w, k) => w + 0.5 * (counts.ties[k] ?? 0));
    const noTies = new Float64Array(counts.ties.length);
    return {
      counts: { ...counts, firstWins, secondWins, ties: noTies },
      hasTieParameter: false,
      priorPrecision,
    };
  }
  const hasTieParameter = counts.ties.some((t) => t > 0);
  return { counts, hasTieParameter, priorPrecision };
}

/** Start of the log-nu search: the nu that explains the observed tie rate between equals. */
function initialLogTieParameter(counts: PairCounts): number {
  let ties = 0;
  let total = 0;
  for (let k = 0; k < counts.ties.length; k++) {
    ties += counts.ties[k] ?? 0;
    total += (counts.firstWins[k] ?? 0) + (counts.secondWins[k] ?? 0) + (counts.ties[k] ?? 0);
  }
  const rate = total > 0 ? ties / total : 0;
  // Between equal policies P(tie) = nu / (2 + nu).
  return rate > 0 && rate < 1 ? Math.log((2 * rate) / (1 - rate)) : 0;
}

/**
 * Fits Bradley-Terry strengths (with Davidson ties, or ties as half wins) by maximising the
 * log-likelihood plus a weak Gaussian prior with a damped Newton method on log-strengths, in
 * float64, until a full Newton step moves no parameter by more than `tolerance` (default 1e-9,
 * a relative change of strengths of 1e-9); `iterations` and `converged` report how that went.
 * Ratings are on the Elo scale, 400·log10(strength), with mean (or anchor) 1000.
 *
 * A disconnected comparison graph is fitted per component, each centred on its own, and flagged
 * with `disconnected`, `components` and a warning: ratings in different components are not
 * comparable. With priorStrength 0 the estimate may not exist (e.g. a policy that never lost);
 * `converged` is then false and a warning says why. Throws InvalidRankingOptionError or
 * UnknownPolicyError for bad options.
 */
export function fitBradleyTerry(counts: PairCounts, options: FitOptions = {}): FitResult {
  const resolved = resolveFitOptions(options, counts.policies);
  const componentIndices = connectedComponents(counts);
  const model = buildPosteriorModel(counts, resolved.ties, resolved.priorPrecision);
  const n = counts.policies.length;
  const start = new Float64Array(n + (model.hasTieParameter ? 1 : 0));
  if (options.initialLogStrengths !== undefined) {
    if (options.initialLogStrengths.length !== n) {
      throw new InvalidRankingOptionError(`initialLogStrengths must have ${n} entries`);
    }
    start.set(options.initialLogStrengths);
  }
  if (model.hasTieParameter) {
    start[n] = options.initialLogTieParameter ?? initialLogTieParameter(counts);
  }

  const outcome = maximizePosterior(model, start, {
    maxIterations: resolved.maxIterations,
    tolerance: resolved.tolerance,
    components: componentIndices,
  });

  const warnings: string[] = [];
  const disconnected = componentIndices.length > 1;
  if (disconnected) {
    warnings.push(
      `the comparison graph has ${componentIndices.length} disconnected components; ` +
        'ratings are only comparable within a component (each is centred on its own)',
    );
  }
  const missing =
    resolved.priorPrecision === 0
      ? missingMaximumLikelihood(counts, resolved.ties, componentIndices)
      : null;
  if (missing !== null) {
    warnings.push(`no maximum-likelihood estimate exists (${missing}); use priorStrength > 0`);
  } else if (!outcome.converged) {
    warnings.push(`the fit did not converge within ${outcome.iterations} iterations`);
  }
  const logStrengths = outcome.x.slice(0, n);
  return {
    policies: counts.policies,
    ratings: toEloRatings(logStrengths, resolved.anchorIndex),
    logStrengths,
    tieParameter:
      resolved.ties === 'half' ? null : model.hasTieParameter ? Math.exp(outcome.x[n] ?? 0) : 0,
    logPosterior: outcome.value,
    converged: outcome.converged && missing === null,
    iterations: outcome.iterations,
    disconnected,
    components: componentIndices.map((c) => c.map((i) => counts.policies[i] ?? '')),
    warnings,
  };
}
