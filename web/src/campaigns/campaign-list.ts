import type { CampaignView } from '../../../contract/campaign-view.ts';
import { element, requireChild } from '../shared/dom.ts';

type Action = 'start' | 'pause' | 'cancel';

/** Which actions the server accepts from each status (mirrors campaign-store's rules). */
const allowed: Record<CampaignView['status'], readonly Action[]> = {
  draft: ['start', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['start', 'cancel'],
  completed: [],
  cancelled: [],
};

/** Campaign rows with status, progress and start / pause / cancel buttons. */
export function renderCampaignList(
  campaigns: readonly CampaignView[],
  onAction: (campaign: CampaignView, action: Action) => void,
): void {
  const tbody = requireChild(document, '#campaign-list tbody', HTMLTableSectionElement);
  tbody.replaceChildren();
  for (const campaign of campaigns) {
    const row = element('tr');
    row.dataset['campaign'] = campaign.name;
    const status = element('td');
    status.append(element('span', `badge ${campaign.status}`, campaign.status));
    const { completed, budget, inFlight, failed } = campaign.progress;
    const actions = element('td', 'actions');
    for (const action of ['start', 'pause', 'cancel'] as const) {
      const button = element('button', undefined, action);
      button.type = 'button';
      button.dataset['action'] = action;
      button.disabled = !allowed[campaign.status].includes(action);
      button.addEventListener('click', () => {
        if (action === 'cancel' && !confirm(`Cancel "${campaign.name}"? It cannot be restarted.`))
          return;
        button.disabled = true;
        onAction(campaign, action);
      });
      actions.append(button);
    }
    row.append(
      element('td', undefined, campaign.name),
      status,
      element(
        'td',
        'num',
        `${completed}/${budget}` +
          (inFlight > 0 ? ` · ${inFlight} running` : '') +
          (failed > 0 ? ` · ${failed} failed` : ''),
      ),
      element(
        'td',
        undefined,
        [
          campaign.pairing,
          campaign.judgementSources.join(', '),
          ...(campaign.stations.length > 0 ? [`on ${campaign.stations.join(', ')}`] : []),
        ].join(' · '),
      ),
      actions,
    );
    tbody.append(row);
  }
  requireChild(document, '#no-campaigns', HTMLParagraphElement).hidden = campaigns.length > 0;
}
