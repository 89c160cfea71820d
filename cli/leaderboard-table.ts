import type { LeaderboardRow } from '../services/ranker/campaign-leaderboard.ts';

/** The leaderboard as an aligned text table, best first, with the 95% interval of each rating. */
export function formatLeaderboard(rows: readonly LeaderboardRow[]): string {
  const header = ['rank', 'policy', 'rating', '95% interval', 'comparisons', 'W / L / T'];
  const body = rows.map((row, i) => [
    String(i + 1),
    row.policy,
    row.rating.toFixed(0),
    row.ciLow === null || row.ciHigh === null
      ? '—'
      : `${row.ciLow.toFixed(0)} – ${row.ciHigh.toFixed(0)}`,
    String(row.comparisons),
    `${row.wins} / ${row.losses} / ${row.ties}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  return [format(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(format)].join(
    '\n',
  );
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
