// The ranking dashboard: campaigns with progress and the selected campaign's leaderboard, polled
// from the JSON API so it updates without a reload.
import { requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import { renderCampaigns } from './campaigns-table.ts';
import type { CampaignView, RatingSnapshot } from './dashboard-types.ts';
import { renderLeaderboard } from './leaderboard-table.ts';

const refreshMs = 2000;

let selectedCampaignId = new URLSearchParams(location.hash.slice(1)).get('campaign');

function select(campaignId: string): void {
  selectedCampaignId = campaignId;
  location.hash = `campaign=${campaignId}`;
  void refresh();
}

async function refresh(): Promise<void> {
  const status = requireElement('status', HTMLSpanElement);
  try {
    const { campaigns } = await getJson<{ campaigns: CampaignView[] }>('/api/campaigns');
    if (selectedCampaignId === null && campaigns[0] !== undefined)
      selectedCampaignId = campaigns[0].id;
    renderCampaigns(campaigns, selectedCampaignId, select);
    const selected = campaigns.find((c) => c.id === selectedCampaignId);
    if (selected !== undefined) {
      const { snapshot } = await getJson<{ snapshot: RatingSnapshot | null }>(
        `/api/campaigns/${encodeURIComponent(selected.id)}/leaderboard`,
      );
      renderLeaderboard(selected, snapshot);
    }
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    status.textContent = `cannot reach the API (${reason}); retrying`;
  }
}

async function loop(): Promise<void> {
  await refresh();
  setTimeout(() => void loop(), refreshMs);
}

void loop();
