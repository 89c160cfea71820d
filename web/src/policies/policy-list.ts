import type { PolicyHealth } from '../../../contract/policy-health.ts';
import type { PolicyView } from '../../../contract/policy-view.ts';
import { element, requireChild, requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import { policyDefinition } from '../shared/policy-definition.ts';

/** Policy rows; each row's health is fetched on its own so one slow check delays only its row. */
export function renderPolicyList(policies: readonly PolicyView[]): void {
  const tbody = requireChild(document, '#policy-list tbody', HTMLTableSectionElement);
  tbody.replaceChildren();
  requireElement('no-policies', HTMLParagraphElement).hidden = policies.length > 0;
  for (const policy of policies) {
    const health = element('td', 'health muted', 'checking…');
    const latency = element('td', 'num', '');
    const row = element('tr');
    row.dataset['policy'] = policy.name;
    row.append(
      element('td', undefined, policy.name),
      element('td', undefined, policy.kind),
      element('td', 'definition', policyDefinition(policy) ?? ''),
      health,
      latency,
    );
    tbody.append(row);
    void showHealth(policy, health, latency);
  }
}

async function showHealth(
  policy: PolicyView,
  cell: HTMLElement,
  latency: HTMLElement,
): Promise<void> {
  try {
    const { health } = await getJson<{ health: PolicyHealth }>(
      `/api/policies/${encodeURIComponent(policy.id)}/health`,
    );
    cell.className = `health ${health.ok ? 'ok' : 'bad'}`;
    cell.textContent = health.ok
      ? `ok · ${health.task}: ${health.success === true ? 'success' : 'ran'} in ${health.steps} steps`
      : `failing: ${health.error ?? 'unknown error'}`;
    cell.title = `checked ${new Date(health.checkedAt).toLocaleTimeString()}`;
    latency.textContent = `${health.latencyMs} ms`;
  } catch (error) {
    cell.className = 'health bad';
    cell.textContent = `cannot check: ${error instanceof Error ? error.message : String(error)}`;
  }
}
