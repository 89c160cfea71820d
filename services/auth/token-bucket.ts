/**
 * Token buckets per key, in memory: each key may spend `burst` requests at once and regains
 * `perMinute` a minute. Per process: behind several API replicas a client gets the limit once
 * per replica, which still bounds ballot stuffing to a small multiple of one person's pace.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
    /** Beyond this many keys, full buckets are forgotten (they equal a fresh one). */
    private readonly maxKeys = 100_000,
  ) {}

  /** Spends one request of `key`; false when its bucket is empty. */
  take(key: string, nowMs = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: nowMs };
    const refilled = Math.min(
      this.burst,
      bucket.tokens + ((nowMs - bucket.at) / 60_000) * this.perMinute,
    );
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: nowMs });
      return false;
    }
    this.buckets.set(key, { tokens: refilled - 1, at: nowMs });
    if (this.buckets.size > this.maxKeys) this.forgetFull(nowMs);
    return true;
  }

  private forgetFull(nowMs: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((nowMs - b.at) / 60_000) * this.perMinute >= this.burst)
        this.buckets.delete(key);
  }
}
