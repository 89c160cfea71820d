import type { PlackettLuceStages } from './plackett-luce-stages.ts';

/**
 * Plackett-Luce log-likelihood of the compiled rankings plus the Gaussian prior
 * −(λ/2)·|θ|², at log-strengths θ. When `gradient` and `negativeHessian` are given they are
 * overwritten with the gradient and the negated Hessian (row-major, positive semi-definite:
 * each choice set adds weight·(diag(q) − q qᵀ) with q its softmax), as the Newton fit needs.
 */
export function evaluatePlackettLuce(
  stages: PlackettLuceStages,
  priorPrecision: number,
  theta: Float64Array,
  gradient?: Float64Array,
  negativeHessian?: Float64Array,
): number {
  const n = stages.policies.length;
  const withDerivatives = gradient !== undefined && negativeHessian !== undefined;
  let value = 0;
  for (let p = 0; p < n; p++) {
    const t = theta[p] ?? 0;
    value += (stages.appearances[p] ?? 0) * t - 0.5 * priorPrecision * t * t;
  }
  if (withDerivatives) {
    negativeHessian.fill(0);
    for (let p = 0; p < n; p++) {
      gradient[p] = (stages.appearances[p] ?? 0) - priorPrecision * (theta[p] ?? 0);
      negativeHessian[p * n + p] = priorPrecision;
    }
  }
  const probability: number[] = [];
  for (let s = 0; s + 1 < stages.start.length; s++) {
    const from = stages.start[s] ?? 0;
    const to = stages.start[s + 1] ?? 0;
    const w = stages.weight[s] ?? 0;
    let shift = -Infinity;
    for (let k = from; k < to; k++) shift = Math.max(shift, theta[stages.members[k] ?? 0] ?? 0);
    let sum = 0;
    for (let k = from; k < to; k++) sum += Math.exp((theta[stages.members[k] ?? 0] ?? 0) - shift);
    value -= w * (shift + Math.log(sum));
    if (!withDerivatives) continue;
    probability.length = 0;
    for (let k = from; k < to; k++) {
      probability.push(Math.exp((theta[stages.members[k] ?? 0] ?? 0) - shift) / sum);
    }
    for (let k = from; k < to; k++) {
      const r = stages.members[k] ?? 0;
      const qr = probability[k - from] ?? 0;
      gradient[r] = (gradient[r] ?? 0) - w * qr;
      negativeHessian[r * n + r] = (negativeHessian[r * n + r] ?? 0) + w * qr;
      for (let l = from; l < to; l++) {
        const c = stages.members[l] ?? 0;
        negativeHessian[r * n + c] =
          (negativeHessian[r * n + c] ?? 0) - w * qr * (probability[l - from] ?? 0);
      }
    }
  }
  return value;
}
