import { controlRateText, isLowControlRate } from '../shared/control-rate.ts';
import { element, requireChild, requireElement } from '../shared/dom.ts';
import type { ComparisonDetail, EpisodeMetrics, JudgementDetail } from './comparison-types.ts';

const outcomeWords = { A: 'A better', B: 'B better', tie: 'tie' } as const;

function fixed(value: number | null, digits: number, unit: string): string {
  return value === null ? '—' : `${value.toFixed(digits)} ${unit}`;
}

/** Rows of the metrics table: label and how to show one episode's value. */
const metricRows: [string, (e: EpisodeMetrics) => string | HTMLElement][] = [
  ['Success', (e) => element('span', e.success ? 'success' : 'failure', e.success ? 'yes' : 'no')],
  ['Progress', (e) => `${(e.progress * 100).toFixed(0)}%`],
  ['Steps', (e) => String(e.steps)],
  ['Episode time', (e) => fixed(e.durationMs / 1000, 2, 's')],
  [
    'Time to success',
    (e) => fixed(e.timeToSuccessMs === null ? null : e.timeToSuccessMs / 1000, 2, 's'),
  ],
  ['Path length', (e) => fixed(e.pathLengthM, 3, 'm')],
  ['Peak contact force', (e) => fixed(e.peakContactForceN, 1, 'N')],
  ['Control rate', controlRateCell],
  ['Error', (e) => e.error ?? '—'],
  ['Download', downloadLinks],
];

/** A station episode's achieved control rate, flagged when it fell short of its target. */
function controlRateCell(e: EpisodeMetrics): string | HTMLElement {
  if (e.controlRate === null) return '—';
  const low = isLowControlRate(e.controlRate);
  const span = element('span', low ? 'rate-low' : 'rate', controlRateText(e.controlRate));
  if (low) span.title = 'The station ran below 90% of its control rate in this episode.';
  return span;
}

/**
 * The episode as files for robotics tools: MCAP for Foxglove, and an MP4 of the replay. Both
 * live beside the trajectory the replay viewer reads.
 */
function downloadLinks(episode: EpisodeMetrics): string | HTMLElement {
  if (episode.trajectoryUrl === null) return '—';
  const base = episode.trajectoryUrl.replace(/\/trajectory$/, '');
  const links = element('span', 'downloads');
  for (const [format, label] of [
    ['mcap', 'MCAP'],
    ['mp4', 'MP4'],
  ] as const) {
    const link = element('a', undefined, label);
    link.href = `${base}/${format}`;
    link.download = '';
    link.dataset['format'] = format;
    if (links.childElementCount > 0) links.append(' · ');
    links.append(link);
  }
  return links;
}

function cell(content: string | HTMLElement, className?: string): HTMLTableCellElement {
  const td = element('td', className);
  td.append(content);
  return td;
}

/** Everything about the comparison except the replays: facts, metrics, judgements, outcome. */
export function renderComparison(detail: ComparisonDetail): void {
  const { A, B } = detail.policies;
  document.title = `policy-arena · ${A.name} vs ${B.name}`;
  requireElement('comparison-title', HTMLSpanElement).textContent =
    `${detail.campaign.name} #${detail.ordinal}`;
  requireElement('back', HTMLAnchorElement).href =
    `/#campaign=${encodeURIComponent(detail.campaign.id)}`;
  requireElement('instruction', HTMLParagraphElement).textContent = detail.task.instruction;
  requireElement('caption-a', HTMLElement).textContent = `A = ${A.name}`;
  requireElement('caption-b', HTMLElement).textContent = `B = ${B.name}`;
  requireElement('metrics-a', HTMLTableCellElement).textContent = `A = ${A.name}`;
  requireElement('metrics-b', HTMLTableCellElement).textContent = `B = ${B.name}`;

  const facts: [string, string][] = [
    ['Task', detail.task.name],
    ['Policies', `A = ${A.name}, B = ${B.name}`],
    ['Outcome', outcomeText(detail)],
    ['Status', detail.status + (detail.error === null ? '' : `: ${detail.error}`)],
    ['Perturbation', perturbationText(detail.perturbation)],
    ['Seed', String(detail.seed)],
    [
      'Completed',
      detail.completedAt === null ? '—' : new Date(detail.completedAt).toLocaleString(),
    ],
  ];
  requireElement('facts', HTMLElement).replaceChildren(
    ...facts.flatMap(([term, value]) => {
      const dt = element('dt', undefined, term);
      const dd = element('dd', undefined, value);
      dd.dataset['fact'] = term.toLowerCase();
      return [dt, dd];
    }),
  );

  const metrics = requireChild(document, '#metrics tbody', HTMLTableSectionElement);
  metrics.replaceChildren(
    ...metricRows.map(([label, show]) => {
      const tr = element('tr');
      tr.append(
        cell(label),
        cell(detail.episodes.A === null ? '—' : show(detail.episodes.A), 'num'),
        cell(detail.episodes.B === null ? '—' : show(detail.episodes.B), 'num'),
      );
      return tr;
    }),
  );

  requireElement('outcome', HTMLSpanElement).textContent = outcomeText(detail);
  const judgements = requireChild(document, '#judgements tbody', HTMLTableSectionElement);
  judgements.replaceChildren(...detail.judgements.map(judgementRow));
  if (detail.judgements.length === 0) {
    const tr = element('tr');
    const td = cell('No judgements yet.', 'muted');
    td.colSpan = 5;
    tr.append(td);
    judgements.append(tr);
  }
}

function judgementRow(j: JudgementDetail): HTMLTableRowElement {
  const tr = element('tr', 'judgement');
  tr.append(
    cell(new Date(j.createdAt).toLocaleString()),
    cell(j.source),
    cell(j.judge),
    cell(j.bothFailed ? 'both failed' : outcomeWords[j.outcome]),
    cell(
      [j.progress === null ? '' : `progress A ${j.progress.A}, B ${j.progress.B}`, j.comment ?? '']
        .filter((part) => part !== '')
        .join(' · '),
      'comment-text',
    ),
  );
  return tr;
}

/** The automatic verdict and the tally of every judgement. */
function outcomeText(detail: ComparisonDetail): string {
  const { auto, votes } = detail.outcome;
  const { A, B } = detail.policies;
  const verdict =
    auto === null
      ? 'no automatic outcome'
      : `automatic: ${auto === 'tie' ? 'tie' : `${auto} (${(auto === 'A' ? A : B).name}) better`}`;
  const total = votes.A + votes.B + votes.tie;
  return `${verdict} · ${total} judgement${total === 1 ? '' : 's'}: A ${votes.A}, B ${votes.B}, tie ${votes.tie}`;
}

function perturbationText(perturbation: Record<string, unknown> | null): string {
  if (perturbation === null) return 'none';
  const entries = Object.entries(perturbation);
  return entries.length === 0
    ? 'none'
    : entries.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(', ');
}
