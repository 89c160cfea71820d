import { autoHumanAgreement } from './auto-human-agreement.ts';
import { InvalidRankingOptionError } from './errors.ts';
import { logGamma } from './special-functions.ts';
import type { Judgement, RatingInterval } from './types.ts';
import { wilsonInterval } from './wilson-interval.ts';

export interface JudgeQualityOptions {
  /** Family-wise error rate of the flags across all testable judges (Holm). Default 0.05. */
  readonly alpha?: number;
  /** Votes on decisive comparisons a judge needs before they can be flagged. Default 10. */
  readonly minVotes?: number;
  /** Confidence of each judge's Wilson interval. Default 0.95. */
  readonly confidence?: number;
}

export interface JudgeQuality {
  readonly judge: string;
  /** Every crowd or evaluator vote of this judge, whether or not an automatic outcome exists. */
  readonly votes: number;
  /** Votes on comparisons whose automatic outcome picked a winner (a tie vote counts as disagreeing). */
  readonly decisiveVotes: number;
  /** Of those, votes for the automatic winner. */
  readonly agreements: number;
  /** agreements / decisiveVotes; NaN without decisive votes. */
  readonly rate: number;
  readonly interval: RatingInterval;
  /** Pooled agreement of every other judge: the rate this judge is tested against. NaN if none. */
  readonly othersRate: number;
  /** One-sided binomial P(at most `agreements` | decisiveVotes, othersRate); null when untested. */
  readonly pValue: number | null;
  /** Holm-adjusted p-value across the tested judges; null when untested. */
  readonly adjustedPValue: number | null;
  readonly flagged: boolean;
}

/** ln P(X = i) for X ~ Binomial(n, p), 0 < p < 1. */
const logBinomialPmf = (i: number, n: number, p: number): number =>
  logGamma(n + 1) -
  logGamma(i + 1) -
  logGamma(n - i + 1) +
  i * Math.log(p) +
  (n - i) * Math.log1p(-p);

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so tiny tails stay exact. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  let max = -Infinity;
  const logs: number[] = [];
  for (let i = 0; i <= k; i++) {
    const value = logBinomialPmf(i, n, p);
    logs.push(value);
    if (value > max) max = value;
  }
  const sum = logs.reduce((acc, value) => acc + Math.exp(value - max), 0);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}

/** Holm's step-down adjustment: controls the family-wise error rate under any dependence. */
function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Each human judge's agreement with the automatic outcome, on comparisons where the automatic
 * outcome picked a winner, and LMArena's anomalous-user test: a judge is flagged when so few
 * of their votes agree that it is improbable under the pooled agreement of the other judges
 * (one-sided binomial test; Holm correction across every judge with at least `minVotes` decisive
 * votes, so the chance of flagging any honest judge is at most `alpha` when honest judges share
 * one agreement rate). Leaving the judge out of the pool keeps a heavy voter from hiding in their
 * own average. Counts come from autoHumanAgreement, one judge at a time, so both agree.
 */
export function judgeQuality(
  judgements: readonly Judgement[],
  { alpha = 0.05, minVotes = 10, confidence = 0.95 }: JudgeQualityOptions = {},
): JudgeQuality[] {
  if (!(alpha > 0 && alpha < 1)) throw new InvalidRankingOptionError('alpha must be in (0, 1)');
  if (!(Number.isInteger(minVotes) && minVotes >= 1)) {
    throw new InvalidRankingOptionError('minVotes must be a positive integer');
  }
  // Each judge is matched only with the automatic outcomes of the comparisons they voted on,
  // so the work grows with the votes, not with judges times comparisons.
  const automatic = new Map<string, Judgement[]>();
  for (const j of judgements) {
    if (j.source !== 'auto' || j.comparisonId === undefined) continue;
    const list = automatic.get(j.comparisonId) ?? [];
    list.push(j);
    automatic.set(j.comparisonId, list);
  }
  const byJudge = new Map<string, Judgement[]>();
  for (const j of judgements) {
    if ((j.source !== 'crowd' && j.source !== 'evaluator') || j.judge === undefined) continue;
    const list = byJudge.get(j.judge) ?? [];
    list.push(j);
    byJudge.set(j.judge, list);
  }
  const counts = [...byJudge].map(([judge, votes]) => {
    const voted = new Set(
      votes.flatMap((v) => (v.comparisonId === undefined ? [] : [v.comparisonId])),
    );
    const outcomes = [...voted].flatMap((id) => automatic.get(id) ?? []);
    const c = autoHumanAgreement([...outcomes, ...votes]).counts;
    return {
      judge,
      votes: votes.length,
      agreements: c.sameWinner,
      decisiveVotes: c.sameWinner + c.oppositeWinner + c.humanTie,
    };
  });
  const totalAgreements = counts.reduce((sum, c) => sum + c.agreements, 0);
  const totalDecisive = counts.reduce((sum, c) => sum + c.decisiveVotes, 0);
  const tested = counts.map((c) => {
    const otherVotes = totalDecisive - c.decisiveVotes;
    const othersRate = otherVotes > 0 ? (totalAgreements - c.agreements) / otherVotes : NaN;
    const testable = c.decisiveVotes >= minVotes && Number.isFinite(othersRate);
    return {
      ...c,
      othersRate,
      pValue: testable ? binomialCdf(c.agreements, c.decisiveVotes, othersRate) : null,
    };
  });
  const testedP = tested.flatMap((t) => (t.pValue === null ? [] : [t.pValue]));
  const adjusted = holmAdjust(testedP);
  let next = 0;
  return tested
    .map((t) => {
      const adjustedPValue = t.pValue === null ? null : (adjusted[next++] ?? 1);
      return {
        judge: t.judge,
        votes: t.votes,
        decisiveVotes: t.decisiveVotes,
        agreements: t.agreements,
        rate: t.decisiveVotes > 0 ? t.agreements / t.decisiveVotes : NaN,
        interval: wilsonInterval(t.agreements, t.decisiveVotes, confidence),
        othersRate: t.othersRate,
        pValue: t.pValue,
        adjustedPValue,
        flagged: adjustedPValue !== null && adjustedPValue < alpha,
      };
    })
    .sort((x, y) => (x.judge < y.judge ? -1 : x.judge > y.judge ? 1 : 0));
}

/** The judgements without the votes of flagged judges (automatic outcomes are kept). */
export function withoutFlaggedJudges(
  judgements: readonly Judgement[],
  quality: readonly JudgeQuality[],
): Judgement[] {
  const flagged = new Set(quality.filter((q) => q.flagged).map((q) => q.judge));
  return judgements.filter(
    (j) => j.source === 'auto' || j.judge === undefined || !flagged.has(j.judge),
  );
}
