import { InvalidRankingOptionError } from './errors.ts';

function checkPaired(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) {
    throw new InvalidRankingOptionError(
      `paired values differ in length (${x.length}, ${y.length})`,
    );
  }
}

/**
 * Pearson's r of paired values (e.g. each policy's sim and real rating). NaN with fewer than two
 * pairs or when either side is constant: a correlation is then undefined, and 0 or 1 would be
 * a claim. Throws InvalidRankingOptionError when the lengths differ.
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y);
  const n = x.length;
  if (n < 2) return NaN;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += (x[i] ?? NaN) / n;
    meanY += (y[i] ?? NaN) / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? NaN) - meanX;
    const dy = (y[i] ?? NaN) - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Ranks 1..n with tied values sharing their average rank (what Spearman's rho needs). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (i, j) => (values[i] ?? NaN) - (values[j] ?? NaN),
  );
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    const value = values[order[start] ?? 0];
    while (end < order.length && values[order[end] ?? 0] === value) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] ?? 0] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho: Pearson's r of the average ranks, so ties are handled exactly. It asks only
 * whether sim orders policies as real does; see meanMaximumRankViolation for how much a wrong
 * order costs. NaN with fewer than two pairs or a constant side.
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y);
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}
