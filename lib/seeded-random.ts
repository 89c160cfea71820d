/**
 * Deterministic pseudo-random numbers (mulberry32). Initial states, policy noise, pairings and
 * bootstraps must be reproducible from a seed on every machine, which Math.random cannot give.
 * Not cryptographic.
 */

const uint32Range = 4294967296;

/** A generator of floats uniform in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / uint32Range;
  };
}

/** Mixes a seed with a salt so independent streams (initial state, policy noise) do not correlate. */
export function deriveSeed(seed: number, salt: string): number {
  let hash = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  for (let i = 0; i < salt.length; i += 1) {
    hash = Math.imul(hash ^ salt.charCodeAt(i), 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  return Math.imul(hash, 0x7feb352d) >>> 0;
}

/** mulberry32 with the distributions the simulator and the scheduler need. */
export class SeededRandom {
  private readonly source: () => number;
  private spareGaussian: number | null = null;

  constructor(seed: number) {
    this.source = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source();
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  integer(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
  gaussian(): number {
    if (this.spareGaussian !== null) {
      const spare = this.spareGaussian;
      this.spareGaussian = null;
      return spare;
    }
    // 1 - next() lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}
