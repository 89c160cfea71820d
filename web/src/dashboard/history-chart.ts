import { element } from '../shared/dom.ts';
import type { RatingHistoryPoint } from './dashboard-types.ts';
import { seriesColour } from './series-colours.ts';
import { svgElement } from './svg-element.ts';

const padding = { left: 44, right: 12, top: 10, bottom: 38 };

/** Round steps for ticks, so labels read "1000, 1100" rather than "1003.7". */
function niceStep(span: number, targetTicks: number): number {
  const raw = span / Math.max(1, targetTicks);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return step ?? 10 * magnitude;
}

/**
 * Each policy's rating against the number of judgements it was fitted on, one line per policy
 * coloured as in the legend below the chart. Policies are followed by id, so a policy that joins
 * late starts its line where its first rating is.
 */
export function renderHistoryChart(
  plot: SVGSVGElement,
  legend: HTMLElement,
  points: readonly RatingHistoryPoint[],
): void {
  plot.replaceChildren();
  legend.replaceChildren();
  if (points.length < 2) {
    plot.setAttribute('height', '0');
    legend.textContent =
      points.length === 0 ? '' : 'The chart appears after the ratings have been refitted twice.';
    return;
  }
  const width = plot.clientWidth || 600;
  const height = Math.round(Math.min(320, Math.max(200, width * 0.5)));
  plot.setAttribute('viewBox', `0 0 ${width} ${height}`);
  plot.setAttribute('height', String(height));
  const last = points.at(-1)!;
  const order = last.ratings.map((r) => r.policyId);
  const names = new Map(last.ratings.map((r) => [r.policyId, r.policy]));
  for (const point of points)
    for (const r of point.ratings) {
      if (!names.has(r.policyId)) {
        names.set(r.policyId, r.policy);
        order.push(r.policyId);
      }
    }
  const ratings = points.flatMap((p) => p.ratings.map((r) => r.rating));
  const yLowRaw = Math.min(...ratings);
  const yHighRaw = Math.max(...ratings);
  const yStep = niceStep(Math.max(20, yHighRaw - yLowRaw), 4);
  const yLow = Math.floor(yLowRaw / yStep) * yStep;
  const yHigh = Math.max(yLow + yStep, Math.ceil(yHighRaw / yStep) * yStep);
  const xLow = points[0]!.judgementCount;
  const xHigh = Math.max(xLow + 1, last.judgementCount);
  const plotW = width - padding.left - padding.right;
  const plotH = height - padding.top - padding.bottom;
  const x = (v: number): number => padding.left + ((v - xLow) / (xHigh - xLow)) * plotW;
  const y = (v: number): number => padding.top + (1 - (v - yLow) / (yHigh - yLow)) * plotH;

  const axis = svgElement('g', { class: 'axis' });
  for (let tick = yLow; tick <= yHigh + 1e-9; tick += yStep) {
    axis.append(
      svgElement('line', {
        class: 'grid',
        x1: padding.left,
        x2: width - padding.right,
        y1: y(tick),
        y2: y(tick),
      }),
    );
    axis.append(
      svgElement(
        'text',
        { x: padding.left - 6, y: y(tick) + 4, 'text-anchor': 'end' },
        tick.toFixed(0),
      ),
    );
  }
  // Judgement counts are whole numbers: a step below 1 would label the same count twice.
  const xStep = Math.max(1, niceStep(xHigh - xLow, Math.max(2, Math.floor(plotW / 80))));
  for (let tick = Math.ceil(xLow / xStep) * xStep; tick <= xHigh; tick += xStep) {
    axis.append(
      svgElement(
        'text',
        { x: x(tick), y: height - 22, 'text-anchor': 'middle' },
        String(Math.round(tick)),
      ),
    );
  }
  axis.append(
    svgElement(
      'text',
      { x: width - padding.right, y: height - 1, 'text-anchor': 'end' },
      'judgements',
    ),
  );
  plot.append(axis);

  order.forEach((policyId, index) => {
    const coordinates = points.flatMap((p) => {
      const r = p.ratings.find((rating) => rating.policyId === policyId);
      return r === undefined ? [] : [`${x(p.judgementCount).toFixed(1)},${y(r.rating).toFixed(1)}`];
    });
    const colour = seriesColour(index);
    const line = svgElement('polyline', {
      class: 'series',
      points: coordinates.join(' '),
      fill: 'none',
      stroke: colour,
      'stroke-width': 2,
    });
    line.append(svgElement('title', {}, names.get(policyId) ?? policyId));
    plot.append(line);
    const item = element('li');
    const swatch = element('span', 'swatch');
    swatch.style.background = colour;
    const latest = last.ratings.find((r) => r.policyId === policyId);
    item.append(
      swatch,
      `${names.get(policyId) ?? policyId}${latest === undefined ? '' : ` ${latest.rating.toFixed(0)}`}`,
    );
    legend.append(item);
  });
}
