// The policies page: register a built-in or a remote (openpi) policy and see each one's health,
// which the server checks by actually running the policy for one short episode.
import type { PolicyView } from '../../../contract/policy-view.ts';
import { requireChild, requireElement } from '../shared/dom.ts';
import { clearProblems, showProblems } from '../shared/field-problems.ts';
import { getJson } from '../shared/get-json.ts';
import { ApiError, postJson } from '../shared/post-json.ts';
import { builtinSpec } from './builtin-spec.ts';
import { renderPolicyList } from './policy-list.ts';

interface PolicyCatalog {
  policies: PolicyView[];
  builtins: string[];
  parameterisedBuiltin: string | null;
}

const form = requireElement('policy-form', HTMLFormElement);
const fallback = requireElement('form-problems', HTMLDivElement);
const notice = requireElement('notice', HTMLParagraphElement);
const status = requireElement('status', HTMLSpanElement);
const builtinSelect = requireChild(form, 'select[name="builtin"]', HTMLSelectElement);
const skillParams = requireElement('skill-params', HTMLFieldSetElement);
const remoteParams = requireElement('remote-params', HTMLFieldSetElement);
const kindSelect = requireChild(form, 'select[name="kind"]', HTMLSelectElement);
const select = (name: string): HTMLSelectElement =>
  requireChild(form, `select[name="${name}"]`, HTMLSelectElement);
let family: string | null = null;

const input = (name: string): HTMLInputElement =>
  requireChild(form, `input[name="${name}"]`, HTMLInputElement);

function currentBuiltin(): string {
  if (family === null || builtinSelect.value !== family) return builtinSelect.value;
  const knobs: Record<string, string> = {};
  for (const key of ['skill', 'noise', 'latency', 'graspFailure']) knobs[key] = input(key).value;
  return builtinSpec(family, knobs);
}

function updateParams(): void {
  const remote = kindSelect.value === 'openpi';
  remoteParams.hidden = !remote;
  builtinSelect.closest('label')!.hidden = remote;
  skillParams.hidden = remote || family === null || builtinSelect.value !== family;
  requireElement('skill-value', HTMLOutputElement).value = input('skill').value;
  requireElement('builtin-spec', HTMLElement).textContent = currentBuiltin();
}

async function load(): Promise<void> {
  const catalog = await getJson<PolicyCatalog>('/api/policies');
  family = catalog.parameterisedBuiltin;
  if (builtinSelect.options.length === 0) {
    const names = [...catalog.builtins, ...(family === null ? [] : [family])];
    for (const name of names) builtinSelect.append(new Option(name, name));
    updateParams();
  }
  renderPolicyList(catalog.policies);
  status.textContent = `updated ${new Date().toLocaleTimeString()}`;
}

/** The joint-state layout DROID-style servers read, in our observation's terms. */
const jointStateLayout = {
  'observation/joint_position': 'jointPositionsRad',
  'observation/gripper_position': 'gripperPosition',
  prompt: 'instruction',
};

function observationLayout(choice: string): 'arena' | 'droid' | Record<string, string> {
  if (choice === 'arena' || choice === 'droid') return choice;
  return jointStateLayout;
}

function requestBody(): Record<string, unknown> {
  const name = input('name').value.trim();
  if (kindSelect.value !== 'openpi') return { name, kind: 'builtin', builtin: currentBuiltin() };
  const body: Record<string, unknown> = {
    name,
    kind: 'openpi',
    endpoint: input('endpoint').value.trim(),
    observation: observationLayout(select('observationLayout').value),
  };
  // DROID's cameras are wide; openpi pads their frames to a square rather than cropping them.
  if (select('imageFraming').value === 'resize-with-pad') {
    body['images'] = { width: 320, height: 180, resizeWithPad: 224 };
  }
  const executeSteps = input('executeSteps').value.trim();
  if (executeSteps !== '') body['executeSteps'] = Number(executeSteps);
  const apiKey = input('apiKey').value;
  if (apiKey !== '') body['apiKey'] = apiKey;
  if (select('actionMode').value !== '') body['actionMode'] = select('actionMode').value;
  return body;
}

form.addEventListener('input', updateParams);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void (async () => {
    clearProblems(form, fallback);
    notice.textContent = '';
    try {
      const { policy } = await postJson<{ policy: PolicyView }>('/api/policies', requestBody());
      notice.textContent = `Registered "${policy.name}" (${policy.builtin ?? policy.endpoint}).`;
      notice.className = 'ok';
      await load();
    } catch (error) {
      if (error instanceof ApiError && error.problems.length > 0) {
        showProblems(form, error.problems, fallback);
      } else {
        showProblems(form, [{ field: '(request)', problem: String(error) }], fallback);
      }
    }
  })();
});

void load().catch((error: unknown) => {
  status.textContent = `cannot load policies: ${String(error)}`;
});
