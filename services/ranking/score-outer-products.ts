import type { PosteriorModel } from './davidson-posterior.ts';
import { parameterCount } from './davidson-posterior.ts';
import { Slot, comparisonCount } from './judgement-index.ts';
import type { JudgementIndex } from './judgement-index.ts';

/**
 * The "meat" of the sandwich: J = Σ_units s_u s_uᵀ, with s_u the gradient of the
 * log-likelihood contributed by all judgements of one unit (a comparison, or a cluster), at the
 * parameters x of `model` (log-strengths, then log nu if the model has it). `index` must list the
 * same policies and pairs as `model.counts`. Summing scores within a unit before the outer
 * product is what makes the covariance robust to correlation inside a unit. Under 'half' ties a
 * tie scores half a win for each side, as in the fitted likelihood. Row-major, size m×m.
 *
 * Each judgement's score touches at most three parameters, so a unit costs O(t²) for the t
 * parameters it touches, not O(m²).
 */
export function scoreOuterProducts(
  index: JudgementIndex,
  model: PosteriorModel,
  x: Float64Array,
): Float64Array {
  const m = parameterCount(model);
  const n = model.counts.policies.length;
  const pairs = index.first.length;
  // Per pair: the expected score of each side, E[y_i] = p_i + p_t/2, and the tie probability.
  const expectedFirst = new Float64Array(pairs);
  const expectedSecond = new Float64Array(pairs);
  const tieProbability = new Float64Array(pairs);
  const phi = model.hasTieParameter ? (x[n] ?? 0) : -Infinity;
  for (let p = 0; p < pairs; p++) {
    const ui = x[index.first[p] ?? 0] ?? 0;
    const uj = x[index.second[p] ?? 0] ?? 0;
    const ut = phi + 0.5 * (ui + uj);
    const shift = Math.max(ui, uj, ut);
    const ei = Math.exp(ui - shift);
    const ej = Math.exp(uj - shift);
    const et = Math.exp(ut - shift);
    const sum = ei + ej + et;
    tieProbability[p] = et / sum;
    expectedFirst[p] = (ei + 0.5 * et) / sum;
    expectedSecond[p] = (ej + 0.5 * et) / sum;
  }

  const outer = new Float64Array(m * m);
  const score = new Float64Array(m);
  const touched = new Uint8Array(m);
  const touchedList: number[] = [];
  const add = (parameter: number, value: number) => {
    if (touched[parameter] === 0) {
      touched[parameter] = 1;
      touchedList.push(parameter);
    }
    score[parameter] = (score[parameter] ?? 0) + value;
  };
  for (let unit = 0; unit < comparisonCount(index); unit++) {
    const end = index.comparisonStart[unit + 1] ?? 0;
    for (let k = index.comparisonStart[unit] ?? 0; k < end; k++) {
      const p = index.judgementPair[k] ?? 0;
      const slot = index.judgementSlot[k];
      const yi = slot === Slot.FirstWins ? 1 : slot === Slot.Tie ? 0.5 : 0;
      add(index.first[p] ?? 0, yi - (expectedFirst[p] ?? 0));
      add(index.second[p] ?? 0, 1 - yi - (expectedSecond[p] ?? 0));
      if (model.hasTieParameter) add(n, (slot === Slot.Tie ? 1 : 0) - (tieProbability[p] ?? 0));
    }
    for (const r of touchedList) {
      const sr = score[r] ?? 0;
      for (const c of touchedList)
        outer[r * m + c] = (outer[r * m + c] ?? 0) + sr * (score[c] ?? 0);
    }
    for (const r of touchedList) {
      score[r] = 0;
      touched[r] = 0;
    }
    touchedList.length = 0;
  }
  return outer;
}
