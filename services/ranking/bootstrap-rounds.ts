import { MIN_RELIABLE_CLUSTERS, fewClustersWarning } from './cluster-judgements.ts';
import { connectedComponents } from './connectivity.ts';
import { toEloRatings } from './elo-scale.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { MultinomialResampler } from './multinomial-resampler.ts';
import { presentPolicies } from './pair-counts.ts';
import { percentileIntervals } from './percentile.ts';
import { mulberry32 } from '../../lib/seeded-random.ts';
import type { BootstrapResult, FitResult, PairCounts, TieModel } from './types.ts';

/** A bootstrap over resampling patterns always carries its draws (for rank ranges, predictions). */
export interface TableBootstrapResult extends BootstrapResult {
  readonly samples: Float64Array;
  readonly tieParameterSamples: Float64Array | null;
  readonly clusters: number;
}

/** What the bootstrap loop needs of a model fitted to weighted resampling patterns. */
export interface ResampledModel {
  readonly policies: readonly string[];
  /** How many units (comparisons, rankings or clusters) have each pattern. */
  readonly multiplicity: Float64Array;
  readonly pointEstimate: FitResult;
  /** The tie rule of the pairwise relations, for the check that a finite estimate exists. */
  readonly ties: TieModel;
  readonly priorPrecision: number;
  readonly anchorIndex: number | null;
  /** Whether rounds report a tie parameter (Davidson's nu); null samples otherwise. */
  readonly hasTieParameter: boolean;
  /** Loads the round whose patterns are taken `weights[p]` times; returns its pair relations. */
  loadRound(weights: Float64Array): PairCounts;
  /**
   * Fits the loaded round; log-strengths come first in `x`. `split` says the round's graph has
   * more components than the full data's (then a warm-started shortcut may not apply).
   */
  fitRound(
    components: readonly (readonly number[])[],
    split: boolean,
  ): { readonly x: Float64Array; readonly converged: boolean; readonly tieParameter: number };
}

/**
 * The percentile bootstrap loop shared by Bradley-Terry (bootstrapTable) and Plackett-Luce
 * (bootstrapRankingTable): each round draws as many units as there are, with replacement (an
 * exact multinomial over patterns), refits, and rescales to the same Elo reference (mean or
 * anchor = 1000); a policy absent from a round gets NaN there, and a round that lost the anchor
 * is NaN throughout. Rounds that lost a policy or split the graph count as degenerate, fits that
 * did not converge or (without a prior) have no finite estimate as unconverged. Deterministic for
 * a seed.
 */
export function runBootstrapRounds(
  model: ResampledModel,
  settings: { readonly rounds: number; readonly seed: number; readonly confidence: number },
): TableBootstrapResult {
  const { rounds, seed, confidence } = settings;
  const { policies, pointEstimate, anchorIndex } = model;
  const n = policies.length;
  const fullComponents = pointEstimate.components.length;
  const samples = new Float64Array(n * rounds);
  const tieParameterSamples = model.hasTieParameter ? new Float64Array(rounds) : null;
  const resampler = new MultinomialResampler(model.multiplicity);
  const weights = new Float64Array(model.multiplicity.length);
  const random = mulberry32(seed);
  let degenerateRounds = 0;
  let unconvergedRounds = 0;
  for (let round = 0; round < rounds; round++) {
    resampler.draw(weights, random);
    const roundCounts = model.loadRound(weights);
    const components = connectedComponents(roundCounts);
    const split = components.length > fullComponents;
    if (split) degenerateRounds++;
    const present = presentPolicies(roundCounts);
    const fit = model.fitRound(components, split);
    const noEstimate =
      model.priorPrecision === 0 &&
      missingMaximumLikelihood(roundCounts, model.ties, components) !== null;
    if (!fit.converged || noEstimate) unconvergedRounds++;
    const anchorLost = anchorIndex !== null && present[anchorIndex] !== 1;
    const ratings = toEloRatings(
      fit.x.subarray(0, n),
      anchorIndex,
      (i) => !anchorLost && present[i] === 1,
    );
    samples.set(ratings, round * n);
    if (tieParameterSamples !== null) tieParameterSamples[round] = fit.tieParameter;
  }

  let clusters = 0;
  for (const m of model.multiplicity) clusters += m;
  return {
    pointEstimate,
    intervals: percentileIntervals(policies, samples, confidence),
    rounds,
    degenerateRounds,
    unconvergedRounds,
    warnings: bootstrapWarnings(pointEstimate.warnings, {
      rounds,
      clusters,
      degenerateRounds,
      unconvergedRounds,
    }),
    clusters,
    samples,
    tieParameterSamples,
  };
}

/** The fit's warnings, then what the bootstrap found doubtful. */
function bootstrapWarnings(
  fitWarnings: readonly string[],
  found: { rounds: number; clusters: number; degenerateRounds: number; unconvergedRounds: number },
): string[] {
  const { rounds, clusters, degenerateRounds, unconvergedRounds } = found;
  const warnings = [...fitWarnings];
  if (clusters < MIN_RELIABLE_CLUSTERS) warnings.push(fewClustersWarning(clusters));
  if (degenerateRounds > 0) {
    warnings.push(
      `${degenerateRounds} of ${rounds} bootstrap resamples lost a policy or split the comparison graph`,
    );
  }
  if (unconvergedRounds > 0) {
    warnings.push(
      `${unconvergedRounds} of ${rounds} bootstrap fits did not converge or had no finite estimate`,
    );
  }
  return warnings;
}

/** A chord solver, or null when the full data's Hessian cannot be factorised. */
export function tryChord<T>(make: () => T): T | null {
  try {
    return make();
  } catch {
    return null;
  }
}
