/** The ranks a policy takes across bootstrap rounds: best and worst of the central share. */
export interface RankRange {
  readonly best: number;
  readonly worst: number;
}

/**
 * Rank ranges from round-major bootstrap samples (`samples[round * n + i]`, NaN where a policy
 * was absent). In each round a policy's rank is 1 + the number of present policies rated
 * strictly higher; its range is the central `confidence` share of those ranks (order
 * statistics, so whole ranks). A policy absent from every round gets null.
 */
export function rankRangesFromSamples(
  samples: Float64Array,
  n: number,
  confidence: number,
): (RankRange | null)[] {
  const rounds = n > 0 ? samples.length / n : 0;
  const ranks: number[][] = Array.from({ length: n }, () => []);
  const order = new Int32Array(n);
  for (let round = 0; round < rounds; round++) {
    const base = round * n;
    let present = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(samples[base + i] ?? NaN)) order[present++] = i;
    const sorted = Array.from(order.subarray(0, present)).sort(
      (x, y) => (samples[base + y] ?? 0) - (samples[base + x] ?? 0),
    );
    let rank = 1;
    sorted.forEach((policy, position) => {
      const value = samples[base + policy] ?? 0;
      // Equal ratings share the better rank.
      if (position > 0 && value < (samples[base + (sorted[position - 1] ?? 0)] ?? 0)) {
        rank = position + 1;
      }
      ranks[policy]?.push(rank);
    });
  }
  const tail = (1 - confidence) / 2;
  return ranks.map((values) => {
    if (values.length === 0) return null;
    values.sort((x, y) => x - y);
    const last = values.length - 1;
    return {
      best: values[Math.floor(tail * last)] ?? NaN,
      worst: values[Math.ceil((1 - tail) * last)] ?? NaN,
    };
  });
}
