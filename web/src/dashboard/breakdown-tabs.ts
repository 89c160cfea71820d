import { element } from '../shared/dom.ts';
import type { CampaignView } from './dashboard-types.ts';

/** 'all', or a breakdown group: `task:<task id>` or `source:<auto|crowd|evaluator>`. */
export type TabKey = 'all' | `task:${string}` | `source:${string}`;

/** The breakdown query and group key a tab stands for; null for the campaign-wide ranking. */
export function tabBreakdown(tab: TabKey): { by: 'task' | 'source'; key: string } | null {
  if (tab === 'all') return null;
  const [by, ...rest] = tab.split(':');
  return { by: by === 'task' ? 'task' : 'source', key: rest.join(':') };
}

/** One tab for the whole campaign, one per task and one per judgement source it counts. */
export function campaignTabs(campaign: CampaignView): { key: TabKey; label: string }[] {
  return [
    { key: 'all', label: 'All judgements' },
    ...campaign.tasks.map((t) => ({ key: `task:${t.id}` as const, label: `Task: ${t.name}` })),
    ...campaign.judgementSources.map((s) => ({
      key: `source:${s}` as const,
      label: `Source: ${s}`,
    })),
  ];
}

/** Renders the tab bar; `onSelect` is called with the clicked tab's key. */
export function renderTabs(
  bar: HTMLElement,
  campaign: CampaignView,
  selected: TabKey,
  onSelect: (tab: TabKey) => void,
): void {
  bar.replaceChildren(
    ...campaignTabs(campaign).map(({ key, label }) => {
      const button = element('button', key === selected ? 'tab selected' : 'tab', label);
      button.type = 'button';
      button.setAttribute('role', 'tab');
      button.setAttribute('aria-selected', String(key === selected));
      button.dataset['tab'] = key;
      button.addEventListener('click', () => onSelect(key));
      return button;
    }),
  );
}
