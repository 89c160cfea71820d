import { invertSymmetric } from './active-matrix.ts';

/**
 * A leader's pair keeps full weight until its gap reaches this many standard errors: "the best
 * is identified" asks for a gap beyond 1.96 of them, so the weight must not fade before that.
 */
const LEADER_MARGIN = 1;

/**
 * Early on, the estimates that steer active selection rest on a handful of outcomes, and
 * following them concentrates comparisons on pairs whose gap looks large by chance: most of
 * active pairing's false identifications of the best in `arena study pairing` came within its
 * first 100 comparisons. Two comparisons of every pair first (56 for eight policies) give every
 * estimate some footing before it steers anything.
 */
const WARM_UP_PER_PAIR = 2;

/**
 * What the selector knows: current log-strength estimates, Davidson's nu, and how many
 * comparisons each pair already has (row-major n×n, symmetric).
 */
export interface ActiveState {
  readonly logStrengths: Float64Array;
  readonly tieParameter: number;
  readonly pairComparisons: Float64Array;
}

export interface ActiveOptions {
  /** Share of choices made uniformly at random, so no pair is starved. Default 0.1. */
  readonly epsilon?: number;
  /**
   * How fast a pair's weight fades as its order gets resolved: u = exp(-sharpness · z² / 2).
   * Default 3, so a pair is out of focus once its gap exceeds about one standard error (see
   * `chooseActivePairs`).
   */
  readonly sharpness?: number;
  /**
   * Extra weight on the pair of the current leader and runner-up, on top of the margin it always
   * gets. Default 0: the margin alone keeps that pair in focus until the best is identified;
   * extra weight there delays Kendall's τ and made early false identifications more frequent.
   */
  readonly leaderWeight?: number;
  /**
   * Comparisons every pair gets before the estimates steer anything: until then the least
   * compared pair is chosen. Default WARM_UP_PER_PAIR.
   */
  readonly warmUpPerPair?: number;
  /** Prior precision on each log-strength, as the fit's. Default 0.025 (priorStrength 0.1). */
  readonly priorPrecision?: number;
}

export interface PairChoice {
  readonly first: number;
  readonly second: number;
  readonly explored: boolean;
}

/**
 * Variance of the score (win 1, tie 1/2, loss 0) of one comparison: the Fisher information it
 * carries about the log-strength difference under ties-as-half-wins, p(1 - p) without ties.
 */
export function comparisonInformation(thetaI: number, thetaJ: number, nu: number): number {
  const ei = Math.exp(thetaI);
  const ej = Math.exp(thetaJ);
  const et = nu * Math.exp(0.5 * (thetaI + thetaJ));
  const sum = ei + ej + et;
  const win = ei / sum;
  const tie = et / sum;
  const mean = win + 0.5 * tie;
  return win + 0.25 * tie - mean * mean;
}

/**
 * Chooses the next `count` pairs greedily. The criterion: with Σ the (approximate posterior)
 * covariance of log-strengths, the inverse Fisher information of the comparisons so far, a
 * comparison of pair (k, l) shrinks every difference variance σ²_ij by a known amount whatever
 * its outcome (Sherman–Morrison). Each candidate is scored by
 *
 *   Σ_{neighbours i, j} u_ij · (σ²_ij - σ'²_ij) / σ²_ij,
 *   u_ij = exp(-s · z²_ij / 2),  z_ij = |Δ_ij| / σ_ij
 *
 * the relative variance reduction of the differences that decide the ranking, weighted by how
 * unresolved each still is. The estimated order is the true one exactly when every pair of
 * neighbours in it is in the right order, so only neighbours count: pairs with no estimate
 * strictly between theirs (n - 1 pairs when estimates differ, every pair when all are equal, as
 * before any data). A comparison of two non-neighbours still scores by what it tells about the
 * neighbours' differences. With the default sharpness s = 3 the weight is ≈ 1 while the
 * estimated gap Δ is well within its error, 0.22 at one standard error and 0.002 at two:
 * comparisons go to the neighbours whose order is still a coin flip, not to pairs that are merely
 * not yet significant (s = 1, the plain normal weight, spreads them over half-resolved pairs too,
 * and `arena study pairing` then needs more comparisons to reach τ >= 0.9; s from 2 to 3 did best
 * there, sharper no better). The leader and the runner-up use z - LEADER_MARGIN instead (and
 * (1 + leaderWeight) times the weight), since "who is best" is settled only once that gap clearly
 * exceeds its error. Because the update does not depend on outcomes, a batch is chosen by
 * updating Σ after each pick. With probability ε a pick is uniform instead. Deterministic given
 * `random`. O(n⁴) per pick: fine for tens of policies.
 */
export function chooseActivePairs(
  state: ActiveState,
  count: number,
  random: () => number,
  options: ActiveOptions = {},
): PairChoice[] {
  const n = state.logStrengths.length;
  if (n < 2) throw new RangeError('active selection needs at least two policies');
  const epsilon = options.epsilon ?? 0.1;
  const sharpness = options.sharpness ?? 3;
  const leaderWeight = options.leaderWeight ?? 0;
  const theta = state.logStrengths;
  const pairInformation = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j) {
        pairInformation[i * n + j] = comparisonInformation(
          theta[i] ?? 0,
          theta[j] ?? 0,
          state.tieParameter,
        );
      }
    }
  }
  const sigma = logStrengthCovariance(state, options.priorPrecision);
  let leader = 0;
  for (let i = 1; i < n; i++) if ((theta[i] ?? 0) > (theta[leader] ?? 0)) leader = i;
  // Neighbours in the estimated order: no estimate strictly between the pair's two.
  const neighbours = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const low = Math.min(theta[i] ?? 0, theta[j] ?? 0);
      const high = Math.max(theta[i] ?? 0, theta[j] ?? 0);
      let between = false;
      for (let k = 0; k < n && !between; k++) {
        between = (theta[k] ?? 0) > low && (theta[k] ?? 0) < high;
      }
      // The leader's pairs with every policy count too: "who is best" is settled only once the
      // leader is clearly ahead of all of them, and a policy estimated third with a wide error
      // (rarely compared, since it neighbours no one at the top) is often the true best.
      neighbours[i * n + j] = between && i !== leader && j !== leader ? 0 : 1;
    }
  }
  const weight = new Float64Array(n * n);
  const excessSquared = new Float64Array(n * n);
  const variances = new Float64Array(n * n);

  const choices: PairChoice[] = [];
  const column = new Float64Array(n);
  const warmUp = options.warmUpPerPair ?? WARM_UP_PER_PAIR;
  const planned = Float64Array.from(state.pairComparisons);
  // Counts only grow, so once every pair has its warm-up the scan is not needed again.
  let warming = warmUp > 0;
  for (let pick = 0; pick < count; pick++) {
    const leastCompared = warming ? leastComparedPair(planned, n) : null;
    if (leastCompared !== null) {
      const { first, second } = leastCompared;
      if ((planned[first * n + second] ?? 0) < warmUp) {
        choices.push(leastCompared);
        planned[first * n + second] = (planned[first * n + second] ?? 0) + 1;
        addComparison(sigma, n, first, second, pairInformation[first * n + second] ?? 0);
        continue;
      }
      warming = false;
    }
    // Uncertainty weights from the current Σ (they change as the batch shrinks variances).
    // Only their ratios matter, so they are taken relative to the least resolved neighbours:
    // once every pair is resolved by many standard errors they would otherwise underflow to 0.
    let leastExcess = Infinity;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (neighbours[i * n + j] === 0) continue;
        const variance = differenceVariance(sigma, n, i, j);
        variances[i * n + j] = variance;
        const z = Math.abs((theta[i] ?? 0) - (theta[j] ?? 0)) / Math.sqrt(variance);
        const excess = i === leader || j === leader ? Math.max(0, z - LEADER_MARGIN) : z;
        excessSquared[i * n + j] = excess * excess;
        leastExcess = Math.min(leastExcess, excess * excess);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (neighbours[i * n + j] === 0) continue;
        const leaderFactor = i === leader || j === leader ? 1 + leaderWeight : 1;
        const unresolved = Math.exp(
          -0.5 * sharpness * ((excessSquared[i * n + j] ?? 0) - leastExcess),
        );
        weight[i * n + j] = (unresolved * leaderFactor) / (variances[i * n + j] ?? 1);
      }
    }
    let best: PairChoice | null = null;
    if (random() < epsilon) {
      const first = Math.floor(random() * n);
      let second = Math.floor(random() * (n - 1));
      if (second >= first) second++;
      best = { first: Math.min(first, second), second: Math.max(first, second), explored: true };
    } else {
      let bestGain = -Infinity;
      for (let k = 0; k < n; k++) {
        for (let l = k + 1; l < n; l++) {
          for (let i = 0; i < n; i++) column[i] = (sigma[i * n + k] ?? 0) - (sigma[i * n + l] ?? 0);
          const v = pairInformation[k * n + l] ?? 0;
          const factor = v / (1 + v * ((column[k] ?? 0) - (column[l] ?? 0)));
          let gain = 0;
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
              const c = (column[i] ?? 0) - (column[j] ?? 0);
              gain += (weight[i * n + j] ?? 0) * factor * c * c;
            }
          }
          // Ties in gain go to the first pair in index order: deterministic.
          if (gain > bestGain) {
            bestGain = gain;
            best = { first: k, second: l, explored: false };
          }
        }
      }
    }
    if (best === null) break;
    choices.push(best);
    addComparison(
      sigma,
      n,
      best.first,
      best.second,
      pairInformation[best.first * n + best.second] ?? 0,
    );
  }
  return choices;
}

/** The first pair in index order with the fewest comparisons so far (planned ones included). */
function leastComparedPair(planned: Float64Array, n: number): PairChoice | null {
  let best: PairChoice | null = null;
  let fewest = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const count = planned[i * n + j] ?? 0;
      if (count < fewest) {
        fewest = count;
        best = { first: i, second: j, explored: true };
      }
    }
  }
  return best;
}

/**
 * The approximate posterior covariance of log-strengths: the inverse of the Fisher information
 * of the comparisons so far (each worth comparisonInformation) plus the prior precision.
 */
export function logStrengthCovariance(state: ActiveState, priorPrecision = 0.025): Float64Array {
  const n = state.logStrengths.length;
  const theta = state.logStrengths;
  const information = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    information[i * n + i] = priorPrecision;
    for (let j = 0; j < n; j++) {
      const comparisons = i === j ? 0 : (state.pairComparisons[i * n + j] ?? 0);
      if (comparisons === 0) continue;
      const total =
        comparisons * comparisonInformation(theta[i] ?? 0, theta[j] ?? 0, state.tieParameter);
      information[i * n + i] = (information[i * n + i] ?? 0) + total;
      information[i * n + j] = (information[i * n + j] ?? 0) - total;
    }
  }
  return invertSymmetric(information, n);
}

/** Variance of θ_i - θ_j under Σ. */
export function differenceVariance(sigma: Float64Array, n: number, i: number, j: number): number {
  return (sigma[i * n + i] ?? 0) + (sigma[j * n + j] ?? 0) - 2 * (sigma[i * n + j] ?? 0);
}

/** Σ ← Σ - v·Σd·dᵀΣ / (1 + v·dᵀΣd) with d = e_k - e_l: one more comparison of (k, l). */
function addComparison(sigma: Float64Array, n: number, k: number, l: number, v: number): void {
  const c = Float64Array.from(
    { length: n },
    (_, i) => (sigma[i * n + k] ?? 0) - (sigma[i * n + l] ?? 0),
  );
  const factor = v / (1 + v * ((c[k] ?? 0) - (c[l] ?? 0)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      sigma[i * n + j] = (sigma[i * n + j] ?? 0) - factor * (c[i] ?? 0) * (c[j] ?? 0);
    }
  }
}
