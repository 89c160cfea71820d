/** Elo points per unit of natural-log strength: a rating is 400·log10(strength). */
export const ELO_PER_LOG_STRENGTH = 400 / Math.LN10;

/** The rating given to the mean policy, or to the anchor when there is one. */
export const BASE_RATING = 1000;

/**
 * Converts natural-log strengths to Elo ratings, shifted so that the anchor (when its index is
 * given) or else the mean of the included policies sits at BASE_RATING. Policies excluded by
 * `included` (e.g. absent from a bootstrap resample) get NaN.
 */
export function toEloRatings(
  logStrengths: ArrayLike<number>,
  anchorIndex: number | null,
  included?: (index: number) => boolean,
): Float64Array {
  const isIncluded = included ?? (() => true);
  let reference = 0;
  if (anchorIndex !== null) {
    reference = logStrengths[anchorIndex] ?? 0;
  } else {
    let count = 0;
    for (let i = 0; i < logStrengths.length; i++) {
      if (!isIncluded(i)) continue;
      reference += logStrengths[i] ?? 0;
      count++;
    }
    reference = count > 0 ? reference / count : 0;
  }
  return Float64Array.from({ length: logStrengths.length }, (_, i) =>
    isIncluded(i) ? BASE_RATING + ELO_PER_LOG_STRENGTH * ((logStrengths[i] ?? 0) - reference) : NaN,
  );
}
