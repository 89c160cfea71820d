import type { LeaderboardRow } from './dashboard-types.ts';

const svgNs = 'http://www.w3.org/2000/svg';
const rowHeightPx = 28;
const topPx = 10;
/** Round tick steps in rating points, smallest first. */
const tickSteps = [25, 50, 100, 200, 250, 500, 1000, 2000];
const minTickGapPx = 60;

function svg(tag: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const created = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, String(value));
  if (text !== undefined) created.textContent = text;
  return created;
}

/** One line per policy: a dot at its rating and a whisker over its 95% interval. */
export function renderIntervalPlot(plot: SVGSVGElement, rows: readonly LeaderboardRow[]): void {
  plot.replaceChildren();
  if (rows.length === 0) {
    plot.setAttribute('height', '0');
    return;
  }
  const width = plot.clientWidth || 800;
  const labelWidth = Math.min(140, width * 0.3);
  const height = topPx + rows.length * rowHeightPx + 30;
  plot.setAttribute('viewBox', `0 0 ${width} ${height}`);
  plot.setAttribute('height', String(height));
  const values = rows.flatMap((r) => [r.rating, r.ciLow ?? r.rating, r.ciHigh ?? r.rating]);
  const plotWidth = width - labelWidth - 20;
  const span = Math.max(...values) - Math.min(...values) + 40;
  // The smallest round step that keeps tick labels at least ~60 px apart.
  const step = tickSteps.find((s) => (s / span) * plotWidth >= minTickGapPx) ?? 5000;
  const low = Math.floor((Math.min(...values) - 20) / step) * step;
  const high = Math.ceil((Math.max(...values) + 20) / step) * step;
  const x = (value: number): number => labelWidth + ((value - low) / (high - low)) * plotWidth;
  const axis = svg('g', { class: 'axis' });
  for (let tick = low; tick <= high; tick += step) {
    axis.append(
      svg('line', { class: 'grid', x1: x(tick), x2: x(tick), y1: topPx, y2: height - 24 }),
    );
    axis.append(svg('text', { x: x(tick), y: height - 8, 'text-anchor': 'middle' }, String(tick)));
  }
  plot.append(axis);
  rows.forEach((row, i) => {
    const y = topPx + i * rowHeightPx + rowHeightPx / 2;
    plot.append(svg('text', { x: 0, y: y + 4 }, row.policy));
    if (row.ciLow !== null && row.ciHigh !== null) {
      plot.append(
        svg('line', { class: 'whisker', x1: x(row.ciLow), x2: x(row.ciHigh), y1: y, y2: y }),
      );
    }
    plot.append(svg('circle', { class: 'point', cx: x(row.rating), cy: y, r: 5 }));
  });
}
