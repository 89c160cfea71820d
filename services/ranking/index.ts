/** Public API of the ranking library: pure functions from pairwise judgements to ratings. */
export { rankPolicies } from './rank-policies.ts';
export { fitBradleyTerry } from './fit-bradley-terry.ts';
export { bootstrapIntervals } from './bootstrap.ts';
export { aggregateCounts, tallyPolicies } from './pair-counts.ts';
export type { PolicyTally } from './pair-counts.ts';
export { mulberry32 } from '../../lib/seeded-random.ts';
export { simulateJudgements } from './simulate-judgements.ts';
export type { SimulationSpec } from './simulate-judgements.ts';
export { BASE_RATING, ELO_PER_LOG_STRENGTH } from './elo-scale.ts';
export { InvalidJudgementError, InvalidRankingOptionError, UnknownPolicyError } from './errors.ts';
export type * from './types.ts';
