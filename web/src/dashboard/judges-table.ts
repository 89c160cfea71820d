import { element } from '../shared/dom.ts';
import type { CampaignJudges } from './dashboard-types.ts';

const percent = (value: number | null): string =>
  value === null ? '–' : `${(100 * value).toFixed(0)}%`;

/**
 * Each human judge's agreement with the automatic outcome, flagged judges first, so a researcher
 * sees whom the trusted leaderboard leaves out. Hidden when the campaign has no human judges.
 */
export function renderJudgesTable(
  section: HTMLElement,
  body: HTMLTableSectionElement,
  summary: HTMLElement,
  { judges, minVotes }: CampaignJudges,
): void {
  section.hidden = judges.length === 0;
  const flagged = judges.filter((j) => j.flagged).length;
  summary.textContent =
    `${flagged} of ${judges.length} judge${judges.length === 1 ? '' : 's'} flagged: agreement ` +
    "improbably low against the other judges' (tested from " +
    `${minVotes} votes on decisive comparisons).`;
  const ordered = [...judges].sort((x, y) => Number(y.flagged) - Number(x.flagged));
  body.replaceChildren(
    ...ordered.map((j) => {
      const row = element('tr', j.flagged ? 'flagged' : undefined);
      row.dataset['judge'] = j.judge;
      row.append(
        element('td', undefined, j.judge),
        element('td', 'num', String(j.votes)),
        element('td', 'num', String(j.decisiveVotes)),
        element('td', 'num', percent(j.rate)),
        element('td', 'num', `${percent(j.interval.low)} – ${percent(j.interval.high)}`),
        element('td', 'num', j.adjustedPValue === null ? 'untested' : j.adjustedPValue.toFixed(3)),
        element('td', undefined, j.flagged ? 'flagged' : ''),
      );
      return row;
    }),
  );
}
