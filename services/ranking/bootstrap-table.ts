import { fillTableCounts, tableComparisons } from './battle-table.ts';
import type { BattleTable } from './battle-table.ts';
import { resolveBootstrapOptions } from './bootstrap-options.ts';
import { ChordRefitter } from './chord-refitter.ts';
import { MIN_RELIABLE_CLUSTERS, fewClustersWarning } from './cluster-judgements.ts';
import { connectedComponents } from './connectivity.ts';
import { toEloRatings } from './elo-scale.ts';
import { buildPosteriorModel, fitBradleyTerry } from './fit-bradley-terry.ts';
import { resolveFitOptions } from './fit-options.ts';
import { missingMaximumLikelihood } from './identifiability.ts';
import { MultinomialResampler } from './multinomial-resampler.ts';
import { maximizePosterior } from './newton.ts';
import { emptyPairCounts, presentPolicies } from './pair-counts.ts';
import { percentileIntervals } from './percentile.ts';
import { mulberry32 } from '../../lib/seeded-random.ts';
import type { BootstrapOptions, BootstrapResult } from './types.ts';

/** A bootstrap over a battle table always carries its draws (for rank ranges, predictions). */
export interface TableBootstrapResult extends BootstrapResult {
  readonly samples: Float64Array;
  readonly tieParameterSamples: Float64Array | null;
  readonly clusters: number;
}

/**
 * The ranking library's bootstrap (bootstrapIntervals and `arena rank` both run it): each round
 * resamples as many whole comparisons (units) as there are, with replacement (exactly, as a
 * multinomial over comparison patterns), refits the same model from the full data's optimum
 * (chord steps, Newton when they do not settle), and rescales to the same Elo reference;
 * policies absent from a round get NaN there. Costs O(patterns + pairs) per round rather than
 * O(comparisons), so 1000 rounds over a million battles take about a second. Deterministic for
 * a seed. Throws InvalidRankingOptionError or UnknownPolicyError.
 */
export function bootstrapTable(
  table: BattleTable,
  options: BootstrapOptions = {},
): TableBootstrapResult {
  const { rounds, seed, confidence } = resolveBootstrapOptions(options);
  const counts = fillTableCounts(table, emptyPairCounts(table));
  const pointEstimate = fitBradleyTerry(counts, options);
  const resolved = resolveFitOptions(options, table.policies);
  const n = table.policies.length;
  const fullComponents = connectedComponents(counts);
  const fullModel = buildPosteriorModel(counts, resolved.ties, resolved.priorPrecision);
  const optimum = new Float64Array(n + (fullModel.hasTieParameter ? 1 : 0));
  optimum.set(pointEstimate.logStrengths);
  if (fullModel.hasTieParameter) optimum[n] = Math.log(pointEstimate.tieParameter ?? 1);
  const chord = pointEstimate.converged
    ? tryChord(() => new ChordRefitter(fullModel, optimum, fullComponents, resolved.tolerance))
    : null;

  const samples = new Float64Array(n * rounds);
  const tieParameterSamples = resolved.ties === 'half' ? null : new Float64Array(rounds);
  const resampler = new MultinomialResampler(table.multiplicity);
  const weights = new Float64Array(table.multiplicity.length);
  const roundCounts = emptyPairCounts(table);
  const x = new Float64Array(optimum.length);
  const random = mulberry32(seed);
  let degenerateRounds = 0;
  let unconvergedRounds = 0;
  for (let round = 0; round < rounds; round++) {
    resampler.draw(weights, random);
    fillTableCounts(table, roundCounts, weights);
    const components = connectedComponents(roundCounts);
    const split = components.length > fullComponents.length;
    if (split) degenerateRounds++;
    const present = presentPolicies(roundCounts);
    const model = buildPosteriorModel(roundCounts, resolved.ties, resolved.priorPrecision);
    let solution: Float64Array;
    let converged: boolean;
    if (!split && chord !== null && chord.refit(model, x)) {
      solution = x;
      converged = true;
    } else {
      const start = new Float64Array(n + (model.hasTieParameter ? 1 : 0));
      start.set(pointEstimate.logStrengths);
      if (model.hasTieParameter) start[n] = optimum[n] ?? 0;
      const fit = maximizePosterior(model, start, { ...resolved, components });
      solution = fit.x;
      converged = fit.converged;
    }
    const noEstimate =
      resolved.priorPrecision === 0 &&
      missingMaximumLikelihood(roundCounts, resolved.ties, components) !== null;
    if (!converged || noEstimate) unconvergedRounds++;
    const anchorLost = resolved.anchorIndex !== null && present[resolved.anchorIndex] !== 1;
    const ratings = toEloRatings(
      solution.subarray(0, n),
      resolved.anchorIndex,
      (i) => !anchorLost && present[i] === 1,
    );
    samples.set(ratings, round * n);
    if (tieParameterSamples !== null) {
      tieParameterSamples[round] = model.hasTieParameter ? Math.exp(solution[n] ?? 0) : 0;
    }
  }

  const clusters = tableComparisons(table);
  return {
    pointEstimate,
    intervals: percentileIntervals(table.policies, samples, confidence),
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

/** The chord refitter, or null when the full data's Hessian cannot be factorised. */
function tryChord(make: () => ChordRefitter): ChordRefitter | null {
  try {
    return make();
  } catch {
    return null;
  }
}
