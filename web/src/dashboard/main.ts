// The ranking dashboard: campaigns with progress and the selected campaign's leaderboard, win
// probabilities, rating history and recent comparisons. It refetches when the services' event
// stream says a campaign changed, and polls slowly in case the stream is down.
import { requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import { campaignTabs, renderTabs, tabBreakdown, type TabKey } from './breakdown-tabs.ts';
import { renderCampaignProgress } from './campaign-progress.ts';
import { renderCampaigns } from './campaigns-table.ts';
import type {
  BreakdownGroup,
  CampaignJudges,
  CampaignThroughput,
  CampaignView,
  ComparisonSummary,
  RatingHistoryPoint,
  RatingSnapshot,
} from './dashboard-types.ts';
import { renderHistoryChart } from './history-chart.ts';
import { renderJudgesTable } from './judges-table.ts';
import { renderGroupLeaderboard, renderLeaderboard } from './leaderboard-table.ts';
import { watchLiveEvents, type LiveState } from './live-updates.ts';
import { renderRecentComparisons } from './recent-comparisons.ts';
import { renderWinHeatmap } from './win-heatmap.ts';

/** While the event stream is up the poll is only a safety net; without it, the page polls. */
const pollMs: Record<LiveState, number> = { live: 30_000, polling: 3_000 };
/**
 * Notices arriving close together (comparisons recorded by many workers, then a refit) cause one
 * refetch per this interval: a throttle, not a debounce, so a steady stream cannot starve it.
 */
const coalesceMs = 250;
const recentShown = 12;

const hashParams = new URLSearchParams(location.hash.slice(1));
let selectedCampaignId = hashParams.get('campaign');
let selectedTab: TabKey = 'all';
let trustedOnly = false;
let liveState: LiveState = 'polling';
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let coalesceTimer: ReturnType<typeof setTimeout> | null = null;
let running: Promise<void> | null = null;
let again = false;

function select(campaignId: string): void {
  if (campaignId !== selectedCampaignId) selectedTab = 'all';
  selectedCampaignId = campaignId;
  location.hash = `campaign=${campaignId}`;
  requestRefresh();
}

function selectTab(tab: TabKey): void {
  selectedTab = tab;
  requestRefresh();
}

/** Runs one refresh at a time; a request during one runs another right after it. */
function requestRefresh(): void {
  if (running !== null) {
    again = true;
    return;
  }
  running = refresh().finally(() => {
    running = null;
    if (again) {
      again = false;
      requestRefresh();
    } else schedulePoll();
  });
}

function schedulePoll(): void {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(requestRefresh, pollMs[liveState]);
}

async function refresh(): Promise<void> {
  const status = requireElement('status', HTMLSpanElement);
  try {
    const { campaigns } = await getJson<{ campaigns: CampaignView[] }>('/api/campaigns');
    if (selectedCampaignId === null && campaigns[0] !== undefined)
      selectedCampaignId = campaigns[0].id;
    renderCampaigns(campaigns, selectedCampaignId, select);
    const selected = campaigns.find((c) => c.id === selectedCampaignId);
    if (selected !== undefined) await renderSelected(selected);
    document.body.dataset['refreshedAt'] = String(Date.now());
    status.textContent =
      `updated ${new Date().toLocaleTimeString()}` +
      (liveState === 'live' ? ' · live' : ' · polling (live updates unavailable)');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    status.textContent = `cannot reach the API (${reason}); retrying`;
  }
}

async function renderSelected(campaign: CampaignView): Promise<void> {
  const base = `/api/campaigns/${encodeURIComponent(campaign.id)}`;
  const breakdown = tabBreakdown(selectedTab);
  const humanJudged = campaign.judgementSources.some((s) => s !== 'auto');
  const [{ snapshot }, { points }, { progress }, { comparisons }, groups, judges] =
    await Promise.all([
      getJson<{ snapshot: RatingSnapshot | null }>(
        `${base}/leaderboard${trustedOnly && humanJudged ? '?judges=trusted' : ''}`,
      ),
      getJson<{ points: RatingHistoryPoint[] }>(`${base}/history`),
      getJson<{ progress: CampaignThroughput }>(`${base}/progress`),
      getJson<{ comparisons: ComparisonSummary[] }>(`${base}/comparisons?limit=${recentShown}`),
      breakdown === null
        ? Promise.resolve(null)
        : getJson<{ groups: BreakdownGroup[] }>(`${base}/breakdown?by=${breakdown.by}`),
      humanJudged ? getJson<CampaignJudges>(`${base}/judges`) : Promise.resolve(null),
    ]);
  // Breakdown tabs rank their own group's votes; the filter applies to the campaign-wide ranking.
  requireElement('trusted-toggle', HTMLLabelElement).hidden = !humanJudged || breakdown !== null;
  renderJudgesTable(
    requireElement('judges-section', HTMLElement),
    requireElement('judges', HTMLTableElement).tBodies[0]!,
    requireElement('judges-summary', HTMLElement),
    judges ?? { alpha: 0, minVotes: 0, judges: [] },
  );
  if (!campaignTabs(campaign).some((t) => t.key === selectedTab)) selectedTab = 'all';
  renderTabs(requireElement('tabs', HTMLElement), campaign, selectedTab, selectTab);
  if (breakdown === null || groups === null) renderLeaderboard(campaign, snapshot);
  else {
    const label = campaignTabs(campaign).find((t) => t.key === selectedTab)?.label ?? '';
    renderGroupLeaderboard(
      campaign,
      label,
      groups.groups.find((g) => g.key === breakdown.key),
    );
  }
  renderCampaignProgress(requireElement('progress', HTMLElement), progress);
  renderWinHeatmap(requireElement('heatmap', SVGSVGElement), snapshot?.matchups ?? null);
  requireElement('heatmap-section', HTMLElement).hidden = (snapshot?.matchups ?? null) === null;
  renderHistoryChart(
    requireElement('history', SVGSVGElement),
    requireElement('history-legend', HTMLUListElement),
    points,
  );
  requireElement('history-section', HTMLElement).hidden = points.length === 0;
  renderRecentComparisons(requireElement('recent', HTMLUListElement), comparisons);
  requireElement('recent-section', HTMLElement).hidden = false;
}

// The trusted leaderboard is refitted per request, so it is fetched only while asked for.
requireElement('trusted-only', HTMLInputElement).addEventListener('change', (event) => {
  trustedOnly = (event.target as HTMLInputElement).checked;
  requestRefresh();
});

watchLiveEvents(
  // Any campaign's change is shown: its row in the campaigns table moves too.
  () => {
    if (coalesceTimer !== null) return;
    coalesceTimer = setTimeout(() => {
      coalesceTimer = null;
      requestRefresh();
    }, coalesceMs);
  },
  (state) => {
    if (state === liveState) return;
    liveState = state;
    document.body.dataset['live'] = state;
    // Reconnected: refetch at once, a notice may have been missed while the stream was down.
    if (state === 'live') requestRefresh();
    else schedulePoll();
  },
);
requestRefresh();
