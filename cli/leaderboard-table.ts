import type { LeaderboardRow } from '../services/ranker/campaign-leaderboard.ts';

/** What a text leaderboard shows of each policy; campaign snapshots and battle files both have it. */
export interface LeaderboardTableRow {
  policy: string;
  rating: number;
  ciLow: number | null;
  ciHigh: number | null;
  rankBest: number | null;
  rankWorst: number | null;
  comparisons: number;
  wins: number;
  losses: number;
  ties: number;
}

/**
 * The leaderboard as an aligned text table, best first: rating with its 95% interval, the range
 * of ranks it takes over the bootstrap, comparisons and wins / losses / ties.
 */
export function formatLeaderboard(
  rows: readonly LeaderboardTableRow[],
  { decimals = 0 }: { decimals?: number } = {},
): string {
  const header = [
    'rank',
    'policy',
    'rating',
    '95% interval',
    'rank range',
    'comparisons',
    'W / L / T',
  ];
  const body = rows.map((row, i) => [
    String(i + 1),
    row.policy,
    row.rating.toFixed(decimals),
    row.ciLow === null || row.ciHigh === null
      ? '—'
      : `${row.ciLow.toFixed(decimals)} – ${row.ciHigh.toFixed(decimals)}`,
    formatRankRange(row.rankBest, row.rankWorst),
    String(row.comparisons),
    `${row.wins} / ${row.losses} / ${row.ties}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(format)].join(
    '\n',
  );
}

/** "2" when a policy holds one rank in 95% of bootstrap rounds, "1 – 3" when it moves. */
function formatRankRange(best: number | null, worst: number | null): string {
  if (best === null || worst === null || Number.isNaN(best)) return '—';
  return best === worst ? String(best) : `${best} – ${worst}`;
}

/** The `--json` form: snake_case fields in the order the leaderboard is published. */
export function leaderboardJson(rows: readonly LeaderboardRow[]): string {
  return JSON.stringify(
    rows.map((r) => ({
      policy: r.policy,
      rating: round(r.rating),
      ci_low: r.ciLow === null ? null : round(r.ciLow),
      ci_high: r.ciHigh === null ? null : round(r.ciHigh),
      comparisons: r.comparisons,
      wins: r.wins,
      losses: r.losses,
      ties: r.ties,
    })),
    null,
    2,
  );
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
