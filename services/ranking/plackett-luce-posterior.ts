import type { PlackettLuceStages } from './plackett-luce-stages.ts';

/**
 * Plackett-Luce log-likelihood of the compiled rankings plus the Gaussian prior
 * −(λ/2)·|θ|², at log-strengths θ. When `gradient` is given it is overwritten with the gradient;
 * when `negativeHessian` is given too, with the negated Hessian (row-major, positive
 * semi-definite: each choice set adds weight·(diag(q) − q qᵀ) with q its softmax), as the Newton
 * fit needs. The bootstrap's chord steps ask for the gradient alone.
 */
export function evaluatePlackettLuce(
  stages: PlackettLuceStages,
  priorPrecision: number,
  theta: Float64Array,
  gradient?: Float64Array,
  negativeHessian?: Float64Array,
): number {
  const n = stages.policies.length;
  const { appearances, weight, start, members } = stages;
  let value = 0;
  for (let p = 0; p < n; p++) {
    const t = theta[p] ?? 0;
    value += (appearances[p] ?? 0) * t - 0.5 * priorPrecision * t * t;
  }
  if (gradient !== undefined) {
    for (let p = 0; p < n; p++) {
      gradient[p] = (appearances[p] ?? 0) - priorPrecision * (theta[p] ?? 0);
    }
  }
  if (negativeHessian !== undefined) {
    negativeHessian.fill(0);
    for (let p = 0; p < n; p++) negativeHessian[p * n + p] = priorPrecision;
  }
  const probability: number[] = [];
  for (let s = 0; s + 1 < start.length; s++) {
    const w = weight[s] ?? 0;
    if (w === 0) continue; // a choice set this resample does not hold
    const from = start[s] ?? 0;
    const to = start[s + 1] ?? 0;
    let shift = -Infinity;
    for (let k = from; k < to; k++) shift = Math.max(shift, theta[members[k] ?? 0] ?? 0);
    probability.length = 0;
    let sum = 0;
    for (let k = from; k < to; k++) {
      const e = Math.exp((theta[members[k] ?? 0] ?? 0) - shift);
      probability.push(e);
      sum += e;
    }
    value -= w * (shift + Math.log(sum));
    if (gradient === undefined) continue;
    for (let k = 0; k < probability.length; k++) probability[k] = (probability[k] ?? 0) / sum;
    for (let k = from; k < to; k++) {
      const r = members[k] ?? 0;
      const qr = probability[k - from] ?? 0;
      gradient[r] = (gradient[r] ?? 0) - w * qr;
      if (negativeHessian === undefined) continue;
      negativeHessian[r * n + r] = (negativeHessian[r * n + r] ?? 0) + w * qr;
      for (let l = from; l < to; l++) {
        const c = members[l] ?? 0;
        negativeHessian[r * n + c] =
          (negativeHessian[r * n + c] ?? 0) - w * qr * (probability[l - from] ?? 0);
      }
    }
  }
  return value;
}

/**
 * The gradient alone, for the bootstrap's chord steps, which need nothing else: strengths are
 * exponentiated once per policy (`scratch`, one entry per policy) against the largest, so a
 * choice set costs no exp and no log. False when that underflows a whole choice set (strengths
 * hundreds of log units apart), and the caller falls back to evaluatePlackettLuce's per-set
 * shifts.
 */
export function plackettLuceGradient(
  stages: PlackettLuceStages,
  priorPrecision: number,
  theta: Float64Array,
  gradient: Float64Array,
  scratch: Float64Array,
): boolean {
  const n = stages.policies.length;
  const { appearances, weight, start, members } = stages;
  let largest = -Infinity;
  for (let p = 0; p < n; p++) largest = Math.max(largest, theta[p] ?? 0);
  for (let p = 0; p < n; p++) {
    scratch[p] = Math.exp((theta[p] ?? 0) - largest);
    gradient[p] = (appearances[p] ?? 0) - priorPrecision * (theta[p] ?? 0);
  }
  for (let s = 0; s + 1 < start.length; s++) {
    const w = weight[s] ?? 0;
    if (w === 0) continue;
    const from = start[s] ?? 0;
    const to = start[s + 1] ?? 0;
    let sum = 0;
    for (let k = from; k < to; k++) sum += scratch[members[k] ?? 0] ?? 0;
    if (!(sum > 0)) return false;
    const scale = w / sum;
    for (let k = from; k < to; k++) {
      const r = members[k] ?? 0;
      gradient[r] = (gradient[r] ?? 0) - scale * (scratch[r] ?? 0);
    }
  }
  return Number.isFinite(largest);
}
