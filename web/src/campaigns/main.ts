// The campaign scheduling page: a form for new campaigns and the campaign list with start, pause
// and cancel, polled so progress and status changes show without a reload.
import type { CampaignView } from '../../../contract/campaign-view.ts';
import type { PolicyView } from '../../../contract/policy-view.ts';
import type { TaskView } from '../../../contract/task-view.ts';
import { requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import { ApiError, postJson } from '../shared/post-json.ts';
import { CampaignForm, taskChoices } from './campaign-form.ts';
import { renderCampaignList } from './campaign-list.ts';

const refreshMs = 2000;
const status = requireElement('status', HTMLSpanElement);
const notice = requireElement('notice', HTMLParagraphElement);

const form = new CampaignForm((message) => {
  notice.textContent = message;
  notice.className = 'ok';
  void refreshList();
});

async function loadCatalog(): Promise<void> {
  const [{ policies }, { tasks, simTasks }] = await Promise.all([
    getJson<{ policies: PolicyView[] }>('/api/policies'),
    getJson<{ tasks: TaskView[]; simTasks: { name: string; instruction: string }[] }>('/api/tasks'),
  ]);
  requireElement('no-policies', HTMLParagraphElement).hidden = policies.length > 0;
  form.render(policies, taskChoices(tasks, simTasks));
}

async function act(campaign: CampaignView, action: 'start' | 'pause' | 'cancel'): Promise<void> {
  try {
    await postJson(`/api/campaigns/${encodeURIComponent(campaign.id)}/${action}`);
    notice.textContent = `${action}: "${campaign.name}"`;
    notice.className = 'ok';
  } catch (error) {
    notice.textContent = error instanceof ApiError ? error.message : String(error);
    notice.className = 'bad';
  }
  await refreshList();
}

async function refreshList(): Promise<void> {
  try {
    const { campaigns } = await getJson<{ campaigns: CampaignView[] }>('/api/campaigns');
    renderCampaignList(campaigns, (campaign, action) => void act(campaign, action));
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    status.textContent = `cannot reach the API (${error instanceof Error ? error.message : String(error)}); retrying`;
  }
}

async function loop(): Promise<void> {
  await refreshList();
  setTimeout(() => void loop(), refreshMs);
}

void loadCatalog().catch((error: unknown) => {
  status.textContent = `cannot load policies and tasks: ${String(error)}`;
});
void loop();
