import { InvalidJudgementError } from './errors.ts';
import type { Judgement, RatingInterval } from './types.ts';
import { wilsonInterval } from './wilson-interval.ts';

export interface AgreementRate {
  /** Pairs counted (the denominator). */
  readonly pairs: number;
  readonly agreements: number;
  /** agreements / pairs; NaN when there are none. */
  readonly rate: number;
  /** Wilson interval of the rate. */
  readonly interval: RatingInterval;
}

export interface AutoHumanAgreement {
  /** Comparisons holding an automatic outcome and at least one human judgement. */
  readonly comparisons: number;
  /** Every (automatic, human) pair: agreement means the same winner, or a tie on both sides. */
  readonly exact: AgreementRate;
  /** Only pairs where both sides picked a winner: do they pick the same one? */
  readonly decisive: AgreementRate;
  /** The pairs by kind; they sum to exact.pairs. */
  readonly counts: {
    readonly sameWinner: number;
    readonly oppositeWinner: number;
    readonly bothTie: number;
    /** The automatic outcome was decisive, the human called a tie. */
    readonly humanTie: number;
    /** The automatic outcome was a tie, the human picked a winner. */
    readonly autoTie: number;
  };
}

/** The winning policy id, or null for a tie. */
const winnerOf = (j: Judgement): string | null =>
  j.outcome === 'tie' ? null : j.outcome === 'A' ? j.a : j.b;

/**
 * How often the automatic outcome of a comparison agrees with the human judgements of the same
 * comparison (matched by comparisonId; source 'auto' against 'evaluator' and 'crowd'; judgements
 * without a comparisonId or a source cannot be matched and are ignored). Outcomes are compared
 * by winning policy, so A/B order does not matter. Ties are explicit: `exact` counts a tie on both
 * sides as agreement and a tie on one side as disagreement, `decisive` leaves out every pair with
 * a tie, and `counts` shows all five kinds. Each human judgement is one pair, so a comparison with
 * three crowd judges weighs three times; the Wilson interval treats pairs as independent, which
 * overstates precision when judges of one comparison agree with each other.
 * Throws InvalidJudgementError when a comparison has two automatic judgements that disagree.
 */
export function autoHumanAgreement(
  judgements: readonly Judgement[],
  confidence = 0.95,
): AutoHumanAgreement {
  const automatic = new Map<string, string | null>();
  judgements.forEach((j, index) => {
    if (j.source !== 'auto' || j.comparisonId === undefined) return;
    const winner = winnerOf(j);
    const previous = automatic.get(j.comparisonId);
    if (previous !== undefined && previous !== winner) {
      throw new InvalidJudgementError(`two automatic outcomes of ${j.comparisonId} differ`, index);
    }
    automatic.set(j.comparisonId, winner);
  });
  const counts = { sameWinner: 0, oppositeWinner: 0, bothTie: 0, humanTie: 0, autoTie: 0 };
  const matched = new Set<string>();
  for (const j of judgements) {
    if ((j.source !== 'evaluator' && j.source !== 'crowd') || j.comparisonId === undefined)
      continue;
    const auto = automatic.get(j.comparisonId);
    if (auto === undefined) continue;
    matched.add(j.comparisonId);
    const human = winnerOf(j);
    if (auto === null && human === null) counts.bothTie++;
    else if (auto === null) counts.autoTie++;
    else if (human === null) counts.humanTie++;
    else if (auto === human) counts.sameWinner++;
    else counts.oppositeWinner++;
  }
  const rate = (agreements: number, pairs: number): AgreementRate => ({
    pairs,
    agreements,
    rate: pairs > 0 ? agreements / pairs : NaN,
    interval: wilsonInterval(agreements, pairs, confidence),
  });
  const all =
    counts.sameWinner + counts.oppositeWinner + counts.bothTie + counts.humanTie + counts.autoTie;
  return {
    comparisons: matched.size,
    exact: rate(counts.sameWinner + counts.bothTie, all),
    decisive: rate(counts.sameWinner, counts.sameWinner + counts.oppositeWinner),
    counts,
  };
}
