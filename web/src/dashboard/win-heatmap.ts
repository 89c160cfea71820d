import type { MatchupMatrix } from './dashboard-types.ts';
import { shorten, svgElement } from './svg-element.ts';

const maxCellPx = 56;
const minCellPx = 26;

/**
 * Red (row scores less) through white (even) to blue (row scores more), so the eye finds the
 * lopsided pairs. The colour follows the expected score, not the win probability: with ties
 * common, two equal policies win each other far less than half the time, and a win probability
 * of 50% would be a clear edge, yet drawn white.
 */
function cellColour(p: number): string {
  const t = Math.max(-1, Math.min(1, (p - 0.5) * 2));
  const [r, g, b] = t >= 0 ? [47, 111, 219] : [200, 60, 50];
  const k = Math.abs(t);
  const mix = (c: number): number => Math.round(255 + (c - 255) * k);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

/**
 * The row policy's predicted expected score against the column policy (win probability plus half
 * the tie probability, so 50 means even), for every pair, in leaderboard order. Columns are labelled by rank number rather than name: names do not fit
 * above narrow columns on a phone, and the rows name each rank.
 */
export function renderWinHeatmap(plot: SVGSVGElement, matchups: MatchupMatrix | null): void {
  plot.replaceChildren();
  const n = matchups?.policies.length ?? 0;
  if (matchups === null || n < 2) {
    plot.setAttribute('height', '0');
    return;
  }
  const width = plot.clientWidth || 600;
  const labelWidth = Math.min(150, Math.max(90, width * 0.3));
  const cell = Math.max(minCellPx, Math.min(maxCellPx, (width - labelWidth - 4) / n));
  const top = 20;
  const height = top + n * cell + 4;
  plot.setAttribute('viewBox', `0 0 ${Math.max(width, labelWidth + n * cell + 4)} ${height}`);
  plot.setAttribute('height', String(height));
  const maxChars = Math.floor(labelWidth / 7.5);
  matchups.policies.forEach((name, i) => {
    plot.append(
      svgElement(
        'text',
        { x: labelWidth + i * cell + cell / 2, y: 14, 'text-anchor': 'middle', class: 'col' },
        String(i + 1),
      ),
    );
    plot.append(
      svgElement(
        'text',
        { x: labelWidth - 6, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'end' },
        `${i + 1}. ${shorten(name, maxChars - 3)}`,
      ),
    );
  });
  matchups.win.forEach((row, i) => {
    row.forEach((win, j) => {
      const tie = matchups.tie[i]?.[j] ?? null;
      const p = win === null ? null : win + (tie ?? 0) / 2;
      const x = labelWidth + j * cell;
      const y = top + i * cell;
      const rect = svgElement('rect', {
        x: x + 1,
        y: y + 1,
        width: cell - 2,
        height: cell - 2,
        rx: 3,
        class: p === null ? 'cell empty' : 'cell',
        fill: p === null ? '#eceff3' : cellColour(p),
      });
      const title =
        p === null
          ? i === j
            ? matchups.policies[i]!
            : `${matchups.policies[i]} and ${matchups.policies[j]} were never connected by comparisons`
          : `${matchups.policies[i]} against ${matchups.policies[j]}: expected score ` +
            `${(p * 100).toFixed(1)}% (wins ${((win ?? 0) * 100).toFixed(1)}%` +
            (tie !== null && tie > 0 ? `, ties ${(tie * 100).toFixed(1)}%)` : ')');
      rect.append(svgElement('title', {}, title));
      plot.append(rect);
      if (p !== null) {
        plot.append(
          svgElement(
            'text',
            {
              x: x + cell / 2,
              y: y + cell / 2 + 4,
              'text-anchor': 'middle',
              class: Math.abs(p - 0.5) > 0.3 ? 'value strong' : 'value',
            },
            (p * 100).toFixed(0),
          ),
        );
      }
    });
  });
}
