import { element, requireChild, requireElement } from '../shared/dom.ts';
import type {
  BreakdownGroup,
  CampaignView,
  FitCheck,
  LeaderboardRow,
  RatingSnapshot,
} from './dashboard-types.ts';
import { renderIntervalPlot } from './interval-plot.ts';

/** A p-value below this says the data are not Bradley-Terry. */
const fitRejectP = 0.01;

/** "2" when the policy holds one rank in 95% of bootstrap rounds, "1–3" when it moves. */
function rankRange(row: LeaderboardRow): string {
  if (row.rankBest === null) return '—';
  return row.rankBest === row.rankWorst ? String(row.rankBest) : `${row.rankBest}–${row.rankWorst}`;
}

/** How many more comparisons would tell this policy from the next one down. */
function separation(further: number | null): string {
  if (further === null) return 'indistinguishable';
  return further === 0 ? 'separated' : `~${further} more`;
}

/** Score rate: wins plus half the ties, over comparisons, the figure BT ratings summarise. */
function winRate(row: LeaderboardRow): string {
  if (row.comparisons === 0) return '—';
  return `${(((row.wins + row.ties / 2) / row.comparisons) * 100).toFixed(0)}%`;
}

/** The selected campaign's leaderboard: meta line, interval plot, table and fit check. */
export function renderLeaderboard(campaign: CampaignView, snapshot: RatingSnapshot | null): void {
  requireElement('leaderboard-section', HTMLElement).hidden = false;
  requireElement('leaderboard-title', HTMLSpanElement).textContent = campaign.name;
  requireElement('leaderboard-meta', HTMLParagraphElement).textContent =
    snapshot === null
      ? 'No judgements yet: the first ratings appear after the first comparisons complete.'
      : `Bradley-Terry (Davidson ties, ν = ${snapshot.tieParameter?.toFixed(2) ?? '–'}) on ${snapshot.judgementCount} judgements · ` +
        `Elo scale, mean 1000 · 95% bootstrap intervals · fitted ${new Date(snapshot.fittedAt).toLocaleTimeString()}`;
  renderRows(snapshot?.leaderboard ?? []);
  renderFitCheck(snapshot?.fit ?? null);
}

/**
 * One tab's leaderboard (a task or a judgement source), fitted on that group's judgements
 * alone: its ratings compare only within the group. It has no rank ranges or planning figures.
 */
export function renderGroupLeaderboard(
  campaign: CampaignView,
  tabLabel: string,
  group: BreakdownGroup | undefined,
): void {
  requireElement('leaderboard-section', HTMLElement).hidden = false;
  requireElement('leaderboard-title', HTMLSpanElement).textContent = campaign.name;
  requireElement('leaderboard-meta', HTMLParagraphElement).textContent =
    group === undefined
      ? `${tabLabel}: no judgements yet.`
      : `${tabLabel}: fitted on its ${group.judgementCount} judgements alone (ratings compare within this tab only) · 95% bootstrap intervals`;
  renderRows(
    (group?.leaderboard ?? []).map((row) => ({
      ...row,
      policyId: row.policy,
      analyticLow: null,
      analyticHigh: null,
      rankBest: null,
      rankWorst: null,
      toSeparateFromNext: null,
    })),
    { planning: false },
  );
  renderFitCheck(null);
}

function renderRows(
  rows: readonly LeaderboardRow[],
  { planning = true }: { planning?: boolean } = {},
): void {
  const tbody = requireChild(document, '#leaderboard tbody', HTMLTableSectionElement);
  tbody.replaceChildren();
  rows.forEach((row, i) => {
    const tr = element('tr');
    const interval =
      row.ciLow === null || row.ciHigh === null
        ? '—'
        : hasSpread(row.ciLow, row.ciHigh)
          ? `${row.ciLow.toFixed(0)} – ${row.ciHigh.toFixed(0)}`
          : 'too few data';
    tr.append(
      element('td', 'num', String(i + 1)),
      element('td', undefined, row.policy),
      element('td', 'num', row.rating.toFixed(0)),
      element('td', 'num', interval),
      element('td', 'num', rankRange(row)),
      element('td', 'num', String(row.comparisons)),
      element('td', 'num', String(row.wins)),
      element('td', 'num', String(row.losses)),
      element('td', 'num', String(row.ties)),
      element(
        'td',
        'num',
        i === rows.length - 1 || !planning ? '' : separation(row.toSeparateFromNext),
      ),
      element('td', 'num', winRate(row)),
    );
    tbody.append(tr);
  });
  renderIntervalPlot(requireElement('interval-plot', SVGSVGElement), rows);
}

/**
 * Whether a bootstrap interval says anything. With a handful of judgements every resample can
 * give the same fit, and an interval of zero width would read as certainty where there is none.
 */
function hasSpread(low: number, high: number): boolean {
  return high - low >= 0.5;
}

/** The goodness-of-fit test in one line, with the pairs that stray most when it fails. */
function renderFitCheck(fit: FitCheck | null): void {
  const line = requireElement('fit-check', HTMLParagraphElement);
  if (fit === null) {
    line.textContent = '';
    return;
  }
  const rejected = fit.pValue < fitRejectP;
  const verdict = rejected
    ? 'the data are NOT well described by Bradley-Terry'
    : 'consistent with Bradley-Terry';
  let text = `Fit test: χ² = ${fit.statistic.toFixed(1)} on ${fit.degreesOfFreedom} df, p = ${fit.pValue.toPrecision(2)}: ${verdict}.`;
  if (rejected) {
    const pairs = fit.worstPairs.map(
      (p) =>
        `${p.a} vs ${p.b}: observed ${(p.observedScore * 100).toFixed(0)}%, predicted ${(p.predictedScore * 100).toFixed(0)}%`,
    );
    text += ` Largest misfits: ${pairs.join('; ')}.`;
  }
  line.textContent = text;
}
