import { PoissonSampler } from './poisson-sampler.ts';

/**
 * Exact multinomial resampling of comparison patterns: drawing N comparisons with replacement
 * from N observed ones gives the patterns' counts a Multinomial(N, m / N) distribution, where m
 * are their multiplicities. Drawing N items one by one costs O(N) per round (a million random
 * numbers for a million battles); this costs O(patterns + sqrt(N)):
 *
 * 1. draw independent Poisson(m_p) counts, whose total T is Poisson(N); given T = t they are
 *    Multinomial(t, m / N);
 * 2. if t < N, add N - t further independent draws from m / N, which gives Multinomial(N, m / N);
 *    if t > N, remove t - N of the drawn units uniformly at random without replacement, which
 *    leaves a uniform subsample of i.i.d. draws: again Multinomial(N, m / N).
 *
 * So the distribution is exactly that of the classic "resample N comparisons" bootstrap; only
 * the stream of random numbers differs.
 */
export class MultinomialResampler {
  private readonly samplers: PoissonSampler;
  /** Cumulative multiplicities, for drawing one more unit proportionally to m. */
  private readonly cumulative: Float64Array;
  private readonly total: number;
  /** Fenwick tree over the current round's counts, for removing units uniformly. */
  private readonly tree: Float64Array;

  constructor(multiplicity: Float64Array) {
    this.samplers = new PoissonSampler(multiplicity);
    this.cumulative = new Float64Array(multiplicity.length);
    let sum = 0;
    multiplicity.forEach((m, p) => (this.cumulative[p] = sum += m));
    this.total = Math.round(sum);
    this.tree = new Float64Array(multiplicity.length + 1);
  }

  /** Overwrites `out` (one entry per pattern) with a multinomial resample of the counts. */
  draw(out: Float64Array, random: () => number): void {
    let drawn = this.samplers.drawAll(out, random);
    for (; drawn < this.total; drawn++) {
      const p = this.proportionalPattern(random() * this.total);
      out[p] = (out[p] ?? 0) + 1;
    }
    if (drawn > this.total) this.removeUniformly(out, drawn - this.total, drawn, random);
  }

  /** The pattern whose cumulative range holds `u` (binary search). */
  private proportionalPattern(u: number): number {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private removeUniformly(out: Float64Array, excess: number, drawn: number, random: () => number) {
    const tree = this.tree;
    const size = out.length;
    // Linear-time Fenwick build over 1-based positions.
    tree.fill(0);
    for (let i = 1; i <= size; i++) {
      tree[i] = (tree[i] ?? 0) + (out[i - 1] ?? 0);
      const parent = i + (i & -i);
      if (parent <= size) tree[parent] = (tree[parent] ?? 0) + (tree[i] ?? 0);
    }
    let highBit = 1;
    while (highBit * 2 <= size) highBit *= 2;
    for (let left = drawn; excess > 0; excess--, left--) {
      // Find the pattern holding unit number `target` (0-based) among the `left` units.
      let target = Math.floor(random() * left);
      let position = 0;
      for (let step = highBit; step > 0; step >>= 1) {
        const next = position + step;
        if (next <= size && (tree[next] ?? 0) <= target) {
          position = next;
          target -= tree[next] ?? 0;
        }
      }
      // The unit sits at 1-based position + 1, i.e. 0-based pattern `position`.
      const p = position;
      out[p] = (out[p] ?? 0) - 1;
      for (let i = p + 1; i <= size; i += i & -i) tree[i] = (tree[i] ?? 0) - 1;
    }
  }
}
