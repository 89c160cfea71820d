import { InvalidRankingOptionError, UnknownPolicyError } from './errors.ts';
import type { FitOptions, TieModel } from './types.ts';

export const DEFAULT_PRIOR_STRENGTH = 0.1;
export const DEFAULT_MAX_ITERATIONS = 100;
export const DEFAULT_TOLERANCE = 1e-9;

/**
 * Fisher information about a log-strength difference carried by one comparison between two
 * equal policies under plain Bradley-Terry (p·(1-p) at p = 1/2); converts "virtual comparisons"
 * into a prior precision.
 */
const INFORMATION_PER_EVEN_COMPARISON = 0.25;

export interface ResolvedFitOptions {
  readonly ties: TieModel;
  readonly priorPrecision: number;
  readonly anchorIndex: number | null;
  readonly maxIterations: number;
  readonly tolerance: number;
}

/** Applies defaults and checks ranges; throws InvalidRankingOptionError or UnknownPolicyError. */
export function resolveFitOptions(
  options: FitOptions,
  policies: readonly string[],
): ResolvedFitOptions {
  const ties = options.ties ?? 'davidson';
  if (ties !== 'davidson' && ties !== 'half') {
    throw new InvalidRankingOptionError(`ties must be 'davidson' or 'half'`);
  }
  const priorStrength = options.priorStrength ?? DEFAULT_PRIOR_STRENGTH;
  if (!Number.isFinite(priorStrength) || priorStrength < 0) {
    throw new InvalidRankingOptionError('priorStrength must be a finite number >= 0');
  }
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new InvalidRankingOptionError('maxIterations must be a positive integer');
  }
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance > 0)) throw new InvalidRankingOptionError('tolerance must be positive');
  let anchorIndex: number | null = null;
  if (options.anchor !== undefined) {
    anchorIndex = policies.indexOf(options.anchor);
    if (anchorIndex < 0) throw new UnknownPolicyError(options.anchor);
  }
  return {
    ties,
    priorPrecision: priorStrength * INFORMATION_PER_EVEN_COMPARISON,
    anchorIndex,
    maxIterations,
    tolerance,
  };
}
