import { element } from '../shared/dom.ts';
import type { CampaignThroughput } from './dashboard-types.ts';

/** "3 min", "1 h 20 min": an ETA is a rough figure, seconds would pretend otherwise. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return '< 1 min';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} h ${minutes % 60} min`;
}

/** Queued and running apart when the server asked the queue; one figure when it could not. */
function inFlightFigures(progress: CampaignThroughput): [string, string, string][] {
  if (progress.running === null || progress.queued === null) {
    return [['in-flight', 'Queued or running', String(progress.inFlight)]];
  }
  return [
    ['queued', 'Queued', String(progress.queued)],
    ['running', 'Running', String(progress.running)],
  ];
}

/** The selected campaign's progress as a row of figures: counts, rate and ETA. */
export function renderCampaignProgress(box: HTMLElement, progress: CampaignThroughput): void {
  const figures: [string, string, string][] = [
    ['not-scheduled', 'Not yet scheduled', String(progress.notScheduled)],
    ...inFlightFigures(progress),
    ['done', 'Done', `${progress.completed} / ${progress.budget}`],
    ['failed', 'Failed', String(progress.failed)],
    [
      'throughput',
      'Throughput',
      progress.perMinute === null ? '—' : `${progress.perMinute.toFixed(1)} / min`,
    ],
    ['eta', 'ETA', progress.etaSeconds === null ? '—' : formatDuration(progress.etaSeconds)],
  ];
  box.replaceChildren(
    ...figures.map(([key, label, value]) => {
      const figure = element('div', 'figure');
      figure.dataset['figure'] = key;
      figure.append(element('span', 'label', label), element('span', 'value', value));
      return figure;
    }),
  );
  const behind = progress.policyShares.filter((s) => s.unreachable).map((s) => s.policy);
  if (progress.imbalanced || behind.length > 0) {
    // A lopsided campaign ranks its policies on unequal evidence: say so next to the figures.
    const shares = progress.policyShares
      .map((s) => `${s.policy} ${(100 * s.share).toFixed(0)}%`)
      .join(', ');
    const warning = element(
      'div',
      'imbalance-warning',
      `${behind.length > 0 ? `Server unreachable, left out for now: ${behind.join(', ')}. ` : ''}` +
        `Comparisons per policy are uneven: ${shares}`,
    );
    warning.setAttribute('role', 'status');
    box.append(warning);
  }
  box.title =
    progress.measuredOverSeconds === null
      ? 'no comparison completed in the last 10 minutes'
      : `throughput over the last ${formatDuration(progress.measuredOverSeconds)}`;
}
