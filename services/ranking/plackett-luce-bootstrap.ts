import { resolveBootstrapOptions } from './bootstrap-options.ts';
import { runBootstrapRounds, tryChord } from './bootstrap-rounds.ts';
import type { ResampledModel, TableBootstrapResult } from './bootstrap-rounds.ts';
import { ChordSolver } from './chord-solver.ts';
import { clusterJudgements } from './cluster-judgements.ts';
import { connectedComponents } from './connectivity.ts';
import { fitRankingTable } from './fit-plackett-luce.ts';
import type { PlackettLuceOptions } from './fit-plackett-luce.ts';
import { resolveFitOptions } from './fit-options.ts';
import { maximizeConcave } from './newton.ts';
import { evaluatePlackettLuce, plackettLuceGradient } from './plackett-luce-posterior.ts';
import {
  emptyRankingStages,
  fillRankingStages,
  rankingTableFromJudgements,
} from './ranking-table.ts';
import type { RankingTable } from './ranking-table.ts';
import type { BootstrapOptions, ClusterBy, RankingJudgement } from './types.ts';

export interface PlackettLuceBootstrapOptions
  extends PlackettLuceOptions, Pick<BootstrapOptions, 'rounds' | 'seed' | 'confidence'> {
  /**
   * The resampling unit. Default 'comparison': a ranking, or all rankings sharing a
   * comparisonId; 'judge' or 'task' resample whole judges or tasks (see clusterJudgements).
   */
  readonly clusterBy?: ClusterBy<RankingJudgement>;
}

/**
 * Percentile bootstrap intervals of Plackett-Luce ratings: each round draws as many whole
 * rankings (or comparisons, or clusters under `clusterBy`) as there are, with replacement,
 * refits from the full data's optimum and rescales to the same Elo reference, exactly as
 * bootstrapIntervals does for Bradley-Terry; `samples` keeps every round for rankIntervals.
 * Pairwise judgements enter as rankings of two (toRankingJudgement). Deterministic for a seed.
 * Throws InvalidJudgementError, InvalidRankingOptionError or UnknownPolicyError.
 */
export function bootstrapPlackettLuce(
  rankings: readonly RankingJudgement[],
  options: PlackettLuceBootstrapOptions = {},
): TableBootstrapResult {
  resolveBootstrapOptions(options); // bad options fail before any work, whatever the data
  return bootstrapRankingTable(
    rankingTableFromJudgements(clusterJudgements(rankings, options.clusterBy)),
    options,
  );
}

/**
 * bootstrapPlackettLuce on a ranking table, whose patterns are the resampling units. A round
 * costs a multinomial draw over patterns, a pass over their choice-set terms and a few chord
 * steps over the distinct choice sets (Newton when the round lost a policy or split the graph,
 * or the steps do not settle).
 */
export function bootstrapRankingTable(
  table: RankingTable,
  options: Omit<PlackettLuceBootstrapOptions, 'clusterBy'> = {},
): TableBootstrapResult {
  const { rounds, seed, confidence } = resolveBootstrapOptions(options);
  const pointEstimate = fitRankingTable(table, options);
  const resolved = resolveFitOptions({ ...options, ties: 'half' }, table.policies);
  const { priorPrecision } = resolved;
  const gaugeFree = priorPrecision === 0;
  const n = table.policies.length;
  const full = fillRankingStages(table, emptyRankingStages(table));
  const optimum = pointEstimate.logStrengths;
  const chord = pointEstimate.converged
    ? tryChord(() => {
        const hessian = new Float64Array(n * n);
        evaluatePlackettLuce(full, priorPrecision, optimum, new Float64Array(n), hessian);
        const components = connectedComponents(full.impliedCounts);
        return new ChordSolver(hessian, optimum, components, resolved.tolerance, gaugeFree);
      })
    : null;

  const round = emptyRankingStages(table);
  const x = new Float64Array(n);
  const scratch = new Float64Array(n);
  const gradientAt = (at: Float64Array, gradient: Float64Array) =>
    plackettLuceGradient(round, priorPrecision, at, gradient, scratch);
  const resampled: ResampledModel = {
    policies: table.policies,
    multiplicity: table.multiplicity,
    pointEstimate,
    ties: 'half',
    priorPrecision,
    anchorIndex: resolved.anchorIndex,
    hasTieParameter: false,
    loadRound: (weights) => fillRankingStages(table, round, weights).impliedCounts,
    fitRound(components, split) {
      if (!split && chord !== null && chord.refit(gradientAt, x)) {
        return { x, converged: true, tieParameter: 0 };
      }
      const fit = maximizeConcave(
        (at, gradient, negativeHessian) =>
          evaluatePlackettLuce(round, priorPrecision, at, gradient, negativeHessian),
        optimum,
        { ...resolved, components, gaugeFree },
      );
      return { x: fit.x, converged: fit.converged, tieParameter: 0 };
    },
  };
  return runBootstrapRounds(resampled, { rounds, seed, confidence });
}
