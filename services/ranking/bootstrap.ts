import {
  MIN_RELIABLE_CLUSTERS,
  clusterJudgements,
  fewClustersWarning,
} from './cluster-judgements.ts';
import { connectedComponents } from './connectivity.ts';
import { toEloRatings } from './elo-scale.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { buildPosteriorModel, fitBradleyTerry } from './fit-bradley-terry.ts';
import { resolveFitOptions } from './fit-options.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { addComparison, comparisonCount, emptyCounts, indexJudgements } from './judgement-index.ts';
import type { JudgementIndex } from './judgement-index.ts';
import { maximizePosterior } from './newton.ts';
import { percentileIntervals } from './percentile.ts';
import { mulberry32 } from '../../lib/seeded-random.ts';
import type { BootstrapOptions, BootstrapResult, Judgement, PairCounts } from './types.ts';

export const DEFAULT_BOOTSTRAP_ROUNDS = 1000;
export const DEFAULT_SEED = 1;
export const DEFAULT_CONFIDENCE = 0.95;

function resolveBootstrapOptions(options: BootstrapOptions) {
  const rounds = options.rounds ?? DEFAULT_BOOTSTRAP_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new InvalidRankingOptionError('rounds must be a positive integer');
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new InvalidRankingOptionError('seed must be an integer');
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidRankingOptionError('confidence must be between 0 and 1');
  }
  return { rounds, seed, confidence };
}

/** Resamples whole comparisons with replacement into `counts` (zeroed first). */
function resample(index: JudgementIndex, counts: PairCounts, random: () => number): void {
  const total = comparisonCount(index);
  const multiplicity = new Int32Array(total);
  for (let draw = 0; draw < total; draw++) {
    const c = Math.floor(random() * total);
    multiplicity[c] = (multiplicity[c] ?? 0) + 1;
  }
  counts.firstWins.fill(0);
  counts.secondWins.fill(0);
  counts.ties.fill(0);
  for (let c = 0; c < total; c++) {
    const m = multiplicity[c] ?? 0;
    if (m > 0) addComparison(index, counts, c, m);
  }
}

/**
 * Percentile bootstrap intervals of every policy's rating. Each round draws as many comparisons
 * as there are, with replacement (judgements sharing a comparisonId travel together), refits the
 * same model warm-started from the full-data fit, and rescales to the same Elo reference (mean
 * or anchor = 1000). Deterministic for a given seed and input.
 *
 * A policy absent from a resample contributes no value to its own interval for that round (and
 * if it is the anchor the whole round is dropped); such rounds and rounds whose graph fell apart
 * are counted in `degenerateRounds`. With `clusterBy` the unit drawn is a whole cluster (all
 * judgements of one judge or task), as many as there are clusters, so that correlation within a
 * cluster widens the interval as it should; fewer than 20 units draws a warning. The result keeps
 * every round's ratings and nu (`samples`, `tieParameterSamples`) for rank ranges and
 * predictions. Throws InvalidJudgementError, InvalidRankingOptionError or UnknownPolicyError.
 */
export function bootstrapIntervals(
  judgements: readonly Judgement[],
  options: BootstrapOptions = {},
): BootstrapResult {
  const { rounds, seed, confidence } = resolveBootstrapOptions(options);
  // Each "comparison" of the index is one resampling unit: a cluster when clusterBy asks for it.
  const index = indexJudgements(clusterJudgements(judgements, options.clusterBy));
  const clusters = comparisonCount(index);
  const counts = emptyCounts(index);
  for (let c = 0; c < comparisonCount(index); c++) addComparison(index, counts, c, 1);
  const pointEstimate = fitBradleyTerry(counts, options);
  const resolved = resolveFitOptions(options, index.policies);
  const n = index.policies.length;
  const tieStart = pointEstimate.tieParameter ? Math.log(pointEstimate.tieParameter) : 0;

  const samples = new Float64Array(n * rounds);
  const tieParameterSamples = resolved.ties === 'half' ? null : new Float64Array(rounds);
  const roundCounts = emptyCounts(index);
  const random = mulberry32(seed);
  let degenerateRounds = 0;
  let unconvergedRounds = 0;
  for (let round = 0; round < rounds; round++) {
    resample(index, roundCounts, random);
    const components = connectedComponents(roundCounts);
    if (components.length > pointEstimate.components.length) degenerateRounds++;
    const present = new Uint8Array(n);
    for (let k = 0; k < roundCounts.first.length; k++) {
      const total =
        (roundCounts.firstWins[k] ?? 0) +
        (roundCounts.secondWins[k] ?? 0) +
        (roundCounts.ties[k] ?? 0);
      if (total > 0) present[roundCounts.first[k] ?? 0] = present[roundCounts.second[k] ?? 0] = 1;
    }
    const model = buildPosteriorModel(roundCounts, resolved.ties, resolved.priorPrecision);
    const start = new Float64Array(n + (model.hasTieParameter ? 1 : 0));
    start.set(pointEstimate.logStrengths);
    if (model.hasTieParameter) start[n] = tieStart;
    const fit = maximizePosterior(model, start, { ...resolved, components });
    const noEstimate =
      resolved.priorPrecision === 0 &&
      missingMaximumLikelihood(roundCounts, resolved.ties, components) !== null;
    if (!fit.converged || noEstimate) unconvergedRounds++;
    const anchorLost = resolved.anchorIndex !== null && present[resolved.anchorIndex] !== 1;
    const ratings = toEloRatings(
      fit.x.subarray(0, n),
      resolved.anchorIndex,
      (i) => !anchorLost && present[i] === 1,
    );
    samples.set(ratings, round * n);
    if (tieParameterSamples !== null) {
      tieParameterSamples[round] = model.hasTieParameter ? Math.exp(fit.x[n] ?? 0) : 0;
    }
  }

  const intervals = percentileIntervals(index.policies, samples, confidence);

  const warnings = [...pointEstimate.warnings];
  if (clusters < MIN_RELIABLE_CLUSTERS) {
    warnings.push(fewClustersWarning(clusters));
  }
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
  return {
    pointEstimate,
    intervals,
    rounds,
    degenerateRounds,
    unconvergedRounds,
    warnings,
    clusters,
    samples,
    tieParameterSamples,
  };
}
