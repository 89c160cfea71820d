import { InvalidRankingOptionError } from './errors.ts';
import type { BootstrapOptions } from './types.ts';

export const DEFAULT_BOOTSTRAP_ROUNDS = 1000;
export const DEFAULT_SEED = 1;
export const DEFAULT_CONFIDENCE = 0.95;

export interface ResolvedBootstrapOptions {
  readonly rounds: number;
  readonly seed: number;
  readonly confidence: number;
}

/** Applies the bootstrap's defaults and checks ranges; throws InvalidRankingOptionError. */
export function resolveBootstrapOptions(
  options: Pick<BootstrapOptions, 'rounds' | 'seed' | 'confidence'>,
): ResolvedBootstrapOptions {
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

/** Rounds of a leaderboard's bootstrap (0: none); throws InvalidRankingOptionError. */
export function resolveBootstrapRounds(bootstrapRounds: number | undefined): number {
  const rounds = bootstrapRounds ?? DEFAULT_BOOTSTRAP_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 0) {
    throw new InvalidRankingOptionError('bootstrapRounds must be an integer >= 0');
  }
  return rounds;
}
