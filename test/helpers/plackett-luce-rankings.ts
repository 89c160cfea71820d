import type { RankingJudgement } from '../../services/ranking/index.ts';

const eloPerNaturalLog = 400 / Math.LN10;

/**
 * `count` Plackett-Luce rankings of `k` policies drawn without replacement from `trueRatings`
 * (Elo), by the Gumbel-max property: sorting log-strength + Gumbel noise is a Plackett-Luce draw.
 * Independent of the library it tests. `label` adds fields (task, judge) to the i-th ranking.
 */
export function simulateRankings(
  trueRatings: Readonly<Record<string, number>>,
  count: number,
  k: number,
  random: () => number,
  label: (i: number) => Partial<RankingJudgement> = () => ({}),
): RankingJudgement[] {
  const policies = Object.keys(trueRatings);
  return Array.from({ length: count }, (_, i) => {
    const pool = [...policies];
    const chosen: string[] = [];
    while (chosen.length < k) chosen.push(...pool.splice(Math.floor(random() * pool.length), 1));
    const keyed = chosen.map((p) => ({
      p,
      key: (trueRatings[p] ?? NaN) / eloPerNaturalLog - Math.log(-Math.log(1 - random())),
    }));
    keyed.sort((x, y) => y.key - x.key);
    return { ...label(i), ranking: keyed.map(({ p }) => p) };
  });
}
