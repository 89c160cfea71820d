import { mulberry32 } from '../../lib/seeded-random.ts';
import type { CampaignOutcome, PairingStrategy } from './pairing-study.ts';

export interface GoalSummary {
  /** Mean comparisons over repetitions; a run that never got there counts as the budget. */
  readonly mean: number;
  /** 95% interval of the mean (normal approximation). */
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly median: number;
  /** Runs that did not reach the goal within the budget. */
  readonly censored: number;
}

export interface RatioSummary {
  /** mean(active) / mean(uniform). */
  readonly value: number;
  /** 95% percentile bootstrap interval over repetitions. */
  readonly ciLow: number;
  readonly ciHigh: number;
}

export interface PairingStudySummary {
  readonly repetitions: number;
  readonly strategies: Record<
    PairingStrategy,
    { tau: GoalSummary; best: GoalSummary; falseIdentifications: number }
  >;
  readonly ratio: { tau: RatioSummary; best: RatioSummary };
}

const Z95 = 1.959963984540054;

function values(outcomes: readonly CampaignOutcome[], goal: 'tau' | 'best', budget: number) {
  return outcomes.map((o) => (goal === 'tau' ? o.tauReached : o.bestIdentified) ?? budget);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function summarise(xs: readonly number[], censored: number): GoalSummary {
  const m = mean(xs);
  const variance = xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);
  const half = Z95 * Math.sqrt(variance / xs.length);
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(mid)] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { mean: m, ciLow: m - half, ciHigh: m + half, median, censored };
}

/** Ratio of means with a bootstrap interval, each arm resampled on its own (independent runs). */
function ratio(active: readonly number[], uniform: readonly number[], seed: number): RatioSummary {
  const random = mulberry32(seed);
  const draw = (xs: readonly number[]) => {
    let s = 0;
    for (let k = 0; k < xs.length; k++) s += xs[Math.floor(random() * xs.length)] ?? 0;
    return s / xs.length;
  };
  const ratios = Array.from({ length: 2000 }, () => draw(active) / draw(uniform)).sort(
    (a, b) => a - b,
  );
  return {
    value: mean(active) / mean(uniform),
    ciLow: ratios[Math.floor(0.025 * (ratios.length - 1))] ?? NaN,
    ciHigh: ratios[Math.ceil(0.975 * (ratios.length - 1))] ?? NaN,
  };
}

/** Means, intervals and the active/uniform ratios of a study's outcomes. */
export function summarisePairingStudy(
  results: Record<PairingStrategy, readonly CampaignOutcome[]>,
  budget: number,
  seed: number,
): PairingStudySummary {
  const arm = (outcomes: readonly CampaignOutcome[]) => ({
    tau: summarise(
      values(outcomes, 'tau', budget),
      outcomes.filter((o) => o.tauReached === null).length,
    ),
    best: summarise(
      values(outcomes, 'best', budget),
      outcomes.filter((o) => o.bestIdentified === null).length,
    ),
    falseIdentifications: outcomes.filter((o) => o.falseIdentification).length,
  });
  return {
    repetitions: results.uniform.length,
    strategies: { uniform: arm(results.uniform), active: arm(results.active) },
    ratio: {
      tau: ratio(
        values(results.active, 'tau', budget),
        values(results.uniform, 'tau', budget),
        seed,
      ),
      best: ratio(
        values(results.active, 'best', budget),
        values(results.uniform, 'best', budget),
        seed + 1,
      ),
    },
  };
}
