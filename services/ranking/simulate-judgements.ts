import { InvalidRankingOptionError } from './errors.ts';
import type { Judgement } from './types.ts';

export interface SimulationSpec {
  /**
   * True Bradley-Terry strengths pi > 0 per policy id (only ratios matter); an Elo rating r is
   * the strength 10 ** (r / 400). Strengths rather than ratings keep a simulation independent
   * of the library's own scale conversion, so tests can catch an error in it.
   */
  readonly strengths: Readonly<Record<string, number>>;
  /** Davidson's nu; 0 simulates plain Bradley-Terry without ties. */
  readonly tieParameter: number;
  readonly comparisons: number;
  /** Uniform [0, 1) source, e.g. mulberry32(seed). */
  readonly random: () => number;
}

/**
 * Draws judgements from a known Davidson model: each comparison picks a uniformly random pair of
 * distinct policies in random order, then an outcome with P(a wins) = pi_a / D,
 * P(tie) = nu·sqrt(pi_a·pi_b) / D. Ground truth for tests and benchmarks; comparison ids are
 * `c0`, `c1`, ... Throws InvalidRankingOptionError for fewer than two policies, a strength
 * that is not positive, or a negative nu.
 */
export function simulateJudgements(spec: SimulationSpec): Judgement[] {
  const policies = Object.keys(spec.strengths);
  if (policies.length < 2) throw new InvalidRankingOptionError('need at least two policies');
  if (!(spec.tieParameter >= 0)) throw new InvalidRankingOptionError('tieParameter must be >= 0');
  if (!Object.values(spec.strengths).every((s) => s > 0 && Number.isFinite(s))) {
    throw new InvalidRankingOptionError('strengths must be positive and finite');
  }
  const strength = (policy: string) => spec.strengths[policy] ?? NaN;
  const pick = (count: number) => Math.min(count - 1, Math.floor(spec.random() * count));
  const judgements: Judgement[] = [];
  for (let c = 0; c < spec.comparisons; c++) {
    const ia = pick(policies.length);
    let ib = pick(policies.length - 1);
    if (ib >= ia) ib++;
    const a = policies[ia] ?? '';
    const b = policies[ib] ?? '';
    const pa = strength(a);
    const pb = strength(b);
    const tie = spec.tieParameter * Math.sqrt(pa * pb);
    const u = spec.random() * (pa + pb + tie);
    const outcome = u < pa ? 'A' : u < pa + pb ? 'B' : 'tie';
    judgements.push({ a, b, outcome, comparisonId: `c${c}` });
  }
  return judgements;
}
