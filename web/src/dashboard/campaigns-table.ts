import { element, requireChild, requireElement } from '../shared/dom.ts';
import type { CampaignView } from './dashboard-types.ts';

/** Campaign rows with status and progress; clicking a row selects it. */
export function renderCampaigns(
  campaigns: readonly CampaignView[],
  selectedId: string | null,
  onSelect: (campaignId: string) => void,
): void {
  const tbody = requireChild(document, '#campaigns tbody', HTMLTableSectionElement);
  tbody.replaceChildren();
  requireElement('no-campaigns', HTMLParagraphElement).hidden = campaigns.length > 0;
  for (const campaign of campaigns) {
    const row = element('tr', 'campaign' + (campaign.id === selectedId ? ' selected' : ''));
    row.dataset['campaignId'] = campaign.id;
    const status = element('td');
    status.append(element('span', `badge ${campaign.status}`, campaign.status));
    row.append(
      element('td', undefined, campaign.name),
      status,
      progressCell(campaign.progress),
      element('td', 'num', String(campaign.policies.length)),
      element('td', 'num', String(campaign.progress.failed)),
    );
    row.addEventListener('click', () => onSelect(campaign.id));
    tbody.append(row);
  }
}

function progressCell({
  completed,
  budget,
  inFlight,
  fraction,
}: CampaignView['progress']): HTMLElement {
  const td = element('td');
  const progress = element('div', 'progress');
  const track = element('div', 'track');
  const fill = element('div', 'fill');
  fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  track.append(fill);
  progress.append(
    track,
    element(
      'span',
      undefined,
      `${completed}/${budget}` + (inFlight > 0 ? ` (${inFlight} running)` : ''),
    ),
  );
  td.append(progress);
  return td;
}
