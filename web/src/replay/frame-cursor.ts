/** Where a time falls between two recorded frames: `from`, `to` and the fraction between. */
export interface FrameCursor {
  from: number;
  to: number;
  alpha: number;
}

/**
 * The frames around `timeS` in increasing `timesS` (binary search, so uneven frame times are
 * fine). Before the first frame it holds the first; after the last, the last.
 */
export function frameCursorAt(timesS: Float32Array, timeS: number): FrameCursor {
  const last = timesS.length - 1;
  if (last <= 0 || timeS <= timesS[0]!) return { from: 0, to: 0, alpha: 0 };
  if (timeS >= timesS[last]!) return { from: last, to: last, alpha: 0 };
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (timesS[middle]! <= timeS) low = middle;
    else high = middle;
  }
  const span = timesS[high]! - timesS[low]!;
  return { from: low, to: high, alpha: span > 0 ? (timeS - timesS[low]!) / span : 0 };
}
