/** Below this mean, inversion (walking up the probabilities) is cheaper than rejection. */
const INVERSION_LIMIT = 10;

/**
 * Poisson draws for a fixed list of means, with each mean's constants computed once: the
 * bootstrap draws the same means a thousand times. Inversion for small means; Hörmann's PTRS
 * (transformed rejection with squeeze, W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Math. Econ. 12, 1993) for means >= 10, where
 * about 9 draws in 10 are accepted by the squeeze without a logarithm.
 */
export class PoissonSampler {
  private readonly mean: Float64Array;
  private readonly expMinusMean: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly vr: Float64Array;
  private readonly logInvAlpha: Float64Array;
  private readonly logMean: Float64Array;

  constructor(means: Float64Array) {
    const n = means.length;
    this.mean = Float64Array.from(means);
    this.expMinusMean = Float64Array.from(means, (m) => Math.exp(-m));
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    this.vr = new Float64Array(n);
    this.logInvAlpha = new Float64Array(n);
    this.logMean = Float64Array.from(means, (m) => Math.log(m));
    means.forEach((m, p) => {
      const b = 0.931 + 2.53 * Math.sqrt(m);
      this.b[p] = b;
      this.a[p] = -0.059 + 0.02483 * b;
      this.vr[p] = 0.9277 - 3.6224 / (b - 2);
      this.logInvAlpha[p] = Math.log(1.1239 + 1.1328 / (b - 3.4));
    });
  }

  /**
   * One draw per mean into `out`, returning their sum. This is the bootstrap's hot loop, so the
   * uniforms of each first attempt come from a mulberry32 stream inlined here (seeded from
   * `random`, so still deterministic), which is about three times faster than calling `random`,
   * and the common squeeze-accepted case is inlined too.
   */
  drawAll(out: Float64Array, random: () => number): number {
    const { mean, a, b, vr } = this;
    let state = Math.floor(random() * 4294967296) >>> 0;
    let sum = 0;
    for (let p = 0; p < mean.length; p++) {
      const m = mean[p] ?? 0;
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      let x: number;
      if (m >= INVERSION_LIMIT) {
        state = (state + 0x6d2b79f5) >>> 0;
        t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        const v = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        const centred = u - 0.5;
        const us = 0.5 - Math.abs(centred);
        x =
          us >= 0.07 && v <= (vr[p] ?? 0)
            ? Math.floor(((2 * (a[p] ?? 0)) / us + (b[p] ?? 0)) * centred + m + 0.43)
            : this.rejection(p, centred, v, random);
      } else {
        x = this.inversion(p, u);
      }
      out[p] = x;
      sum += x;
    }
    return sum;
  }

  /** PTRS after its squeeze failed for the first pair (u, v). */
  private rejection(p: number, u: number, v: number, random: () => number): number {
    const mean = this.mean[p] ?? 0;
    const a = this.a[p] ?? 0;
    const b = this.b[p] ?? 0;
    const vr = this.vr[p] ?? 0;
    for (let first = true; ; first = false) {
      if (!first) {
        u = random() - 0.5;
        v = random();
      }
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const logAccept = (this.logInvAlpha[p] ?? 0) - Math.log(a / (us * us) + b);
      if (Math.log(v) + logAccept <= -mean + k * (this.logMean[p] ?? 0) - logFactorial(k)) {
        return k;
      }
    }
  }

  /** Inversion for a small mean: walk up the probabilities until they exceed u. */
  private inversion(p: number, u: number): number {
    const mean = this.mean[p] ?? 0;
    if (mean <= 0) return 0;
    let probability = this.expMinusMean[p] ?? 0;
    let cumulative = probability;
    let x = 0;
    // The cap only guards against u within rounding of 1; P(X > 1000) is nil below mean 10.
    while (u > cumulative && x < 1000) {
      x++;
      probability *= mean / x;
      cumulative += probability;
    }
    return x;
  }

  /** One Poisson draw with the p-th mean. */
  draw(p: number, random: () => number): number {
    const mean = this.mean[p] ?? 0;
    if (mean < INVERSION_LIMIT) return this.inversion(p, random());
    return this.rejection(p, random() - 0.5, random(), random);
  }
}

const TABLE_SIZE = 256;
const LOG_FACTORIALS = (() => {
  const table = new Float64Array(TABLE_SIZE);
  for (let k = 1; k < TABLE_SIZE; k++) table[k] = (table[k - 1] ?? 0) + Math.log(k);
  return table;
})();

/** log(k!): exact from a table for small k, else Stirling's series (error < 1e-14 for k >= 256). */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return LOG_FACTORIALS[k] ?? 0;
  const inverse = 1 / k;
  const inverse2 = inverse * inverse;
  return (
    (k + 0.5) * Math.log(k) -
    k +
    0.5 * Math.log(2 * Math.PI) +
    inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 / 1260))
  );
}
