import { connectedComponents } from './connectivity.ts';
import { toEloRatings } from './elo-scale.ts';
import { resolveFitOptions } from './fit-options.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { NotPositiveDefiniteError, solvePositiveDefinite } from './linear-algebra.ts';
import { evaluatePlackettLuce } from './plackett-luce-posterior.ts';
import { compileRankings } from './plackett-luce-stages.ts';
import type { FitOptions, FitResult, Judgement, RankingJudgement } from './types.ts';

export type PlackettLuceOptions = Pick<
  FitOptions,
  'priorStrength' | 'anchor' | 'maxIterations' | 'tolerance'
>;

const MAX_STEP_HALVINGS = 40;

/**
 * A pairwise judgement as a ranking of two (a tie is a tied group), so pairwise and K-wise data
 * can be fitted together by fitPlackettLuce.
 */
export function toRankingJudgement(judgement: Judgement): RankingJudgement {
  const { a, b, outcome, ...rest } = judgement;
  const ranking = outcome === 'A' ? [a, b] : outcome === 'B' ? [b, a] : [[a, b]];
  return { ...rest, ranking };
}

/**
 * Fits Plackett-Luce strengths to K-wise rankings (best first) by maximising the likelihood plus
 * the same weak Gaussian prior as fitBradleyTerry (priorStrength virtual comparisons per
 * policy) with a damped Newton method, to the same 1e-9 step tolerance; ratings on the same Elo
 * scale (mean or anchor 1000). Newton rather than Hunter's MM: MM converges linearly and would
 * need thousands of iterations for 1e-9. For K = 2 the likelihood is Bradley-Terry's, and a tie
 * (tied group) is averaged over its orderings, which for K = 2 is exactly "a tie is half a win
 * each way": pairwise data give fitBradleyTerry's ratings under ties 'half' (see
 * compileRankings for the general rule). tieParameter is null: there is none.
 *
 * Components, non-existence of the maximum-likelihood estimate (priorStrength 0) and
 * non-convergence are reported exactly as by fitBradleyTerry, from the pairwise relations the
 * rankings imply. Throws InvalidJudgementError, InvalidRankingOptionError, UnknownPolicyError.
 */
export function fitPlackettLuce(
  judgements: readonly RankingJudgement[],
  options: PlackettLuceOptions = {},
): FitResult {
  const stages = compileRankings(judgements);
  const resolved = resolveFitOptions({ ...options, ties: 'half' }, stages.policies);
  const n = stages.policies.length;
  const components = connectedComponents(stages.impliedCounts);
  const gaugeFree = resolved.priorPrecision === 0;
  const theta = new Float64Array(n);
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  const candidate = new Float64Array(n);
  const evaluate = (x: Float64Array, g?: Float64Array, h?: Float64Array) =>
    evaluatePlackettLuce(stages, resolved.priorPrecision, x, g, h);
  let value = evaluate(theta, gradient, hessian);
  let converged = false;
  let iterations = 0;
  search: while (iterations < resolved.maxIterations) {
    iterations++;
    if (gaugeFree) addGauge(hessian, n, components);
    const step = newtonStep(hessian, gradient, n);
    let stepSize = 0;
    for (const s of step) stepSize = Math.max(stepSize, Math.abs(s));
    const slack = 1e-12 * (1 + Math.abs(value));
    let scale = 1;
    for (let halving = 0; ; halving++) {
      for (let p = 0; p < n; p++) candidate[p] = (theta[p] ?? 0) + scale * (step[p] ?? 0);
      if (stepSize < resolved.tolerance || evaluate(candidate) >= value - slack) break;
      if (halving === MAX_STEP_HALVINGS) break search;
      scale /= 2;
    }
    theta.set(candidate);
    if (gaugeFree) recentre(theta, components);
    value = evaluate(theta, gradient, hessian);
    if (stepSize < resolved.tolerance) {
      converged = true;
      break;
    }
  }

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
  } else if (!converged) {
    warnings.push(`the fit did not converge within ${iterations} iterations`);
  }
  return {
    policies: stages.policies,
    ratings: toEloRatings(theta, resolved.anchorIndex),
    logStrengths: theta,
    tieParameter: null,
    logPosterior: value,
    converged: converged && missing === null,
    iterations,
    disconnected,
    components: components.map((c) => c.map((i) => stages.policies[i] ?? '')),
    warnings,
  };
}

/** Solves H·step = gradient, adding a growing ridge if H is numerically singular. */
function newtonStep(hessian: Float64Array, gradient: Float64Array, n: number): Float64Array {
  let largest = 0;
  for (let p = 0; p < n; p++) largest = Math.max(largest, hessian[p * n + p] ?? 0);
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 * (1 + largest) : ridge * 100) {
    const matrix = Float64Array.from(hessian);
    for (let p = 0; p < n; p++) matrix[p * n + p] = (matrix[p * n + p] ?? 0) + ridge;
    const step = Float64Array.from(gradient);
    try {
      solvePositiveDefinite(matrix, step, n);
      return step;
    } catch (error) {
      if (!(error instanceof NotPositiveDefiniteError) || ridge > largest + 1) throw error;
    }
  }
}

/** Without a prior, fixes each component's origin (see newton.ts for why this is unbiased). */
function addGauge(hessian: Float64Array, n: number, components: readonly (readonly number[])[]) {
  for (const component of components) {
    for (const r of component) {
      for (const c of component)
        hessian[r * n + c] = (hessian[r * n + c] ?? 0) + 1 / component.length;
    }
  }
}

function recentre(x: Float64Array, components: readonly (readonly number[])[]): void {
  for (const component of components) {
    let mean = 0;
    for (const i of component) mean += (x[i] ?? 0) / component.length;
    for (const i of component) x[i] = (x[i] ?? 0) - mean;
  }
}
