import { element } from '../shared/dom.ts';
import type { ComparisonSummary } from './dashboard-types.ts';

const outcomeText = { A: 'A won', B: 'B won', tie: 'tie' } as const;

/** The campaign's latest comparisons, each a link to its comparison page. */
export function renderRecentComparisons(
  list: HTMLElement,
  comparisons: readonly ComparisonSummary[],
): void {
  list.replaceChildren();
  if (comparisons.length === 0) {
    list.append(element('li', 'muted', 'No comparisons yet.'));
    return;
  }
  for (const c of comparisons) {
    const item = element('li');
    const link = element('a', undefined, `#${c.ordinal} ${c.policyA} vs ${c.policyB}`);
    link.href = `/comparison.html?id=${encodeURIComponent(c.id)}`;
    const result =
      c.status === 'completed'
        ? c.autoOutcome === null
          ? 'completed'
          : outcomeText[c.autoOutcome]
        : c.status;
    const when = c.completedAt === null ? '' : ` · ${new Date(c.completedAt).toLocaleTimeString()}`;
    item.append(
      link,
      element(
        'span',
        'muted',
        ` ${c.task} · ${result} · ${c.judgementCount} judgement${c.judgementCount === 1 ? '' : 's'}${when}`,
      ),
    );
    list.append(item);
  }
}
