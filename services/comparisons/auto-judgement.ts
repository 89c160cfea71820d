import type { JudgementOutcome } from '../db/schema.ts';

/** Progress differences at or below this are too small to call a winner. */
export const progressTieMargin = 0.05;

export interface EpisodeScore {
  success: boolean;
  progress: number;
  /** Why the episode ended; only `policy-error` matters here. */
  termination?: string | undefined;
}

/**
 * The automatic preference between two episodes from the same initial state: an episode ended
 * by its policy's own error (bad output, an error frame, a timeout) loses to one that was not,
 * whatever the other's progress, so a policy that always fails cannot tie with a weak one that
 * runs; two such episodes tie. Otherwise success beats failure; with equal success the higher
 * progress wins, unless the two are within `progressTieMargin`, which is a tie.
 */
export function autoJudgement(a: EpisodeScore, b: EpisodeScore): JudgementOutcome {
  const aFailed = policyFailed(a);
  if (aFailed !== policyFailed(b)) return aFailed ? 'B' : 'A';
  if (a.success !== b.success) return a.success ? 'A' : 'B';
  const difference = a.progress - b.progress;
  // A small epsilon so that e.g. 0.80 vs 0.75 (0.05000000000000004 in float64) stays a tie.
  if (Math.abs(difference) <= progressTieMargin + 1e-9) return 'tie';
  return difference > 0 ? 'A' : 'B';
}

export function policyFailed(episode: EpisodeScore): boolean {
  return episode.termination === 'policy-error';
}
