import type { PolicyView } from '../../../contract/policy-view.ts';
import type { TaskView } from '../../../contract/task-view.ts';
import { element, requireChild, requireElement } from '../shared/dom.ts';
import { clearProblems, showProblems } from '../shared/field-problems.ts';
import { ApiError, postJson, type Problem } from '../shared/post-json.ts';
import { policyDefinition } from '../shared/policy-definition.ts';
import { PerturbationEditor } from './perturbation-editor.ts';

export interface TaskChoice {
  /** The name a campaign refers to it by. */
  name: string;
  simTask: string;
  instruction: string;
  /** False for a simulator task nobody registered yet: it is registered on create. */
  registered: boolean;
}

/** Registered tasks, then every simulator task not registered under any name. */
export function taskChoices(
  tasks: readonly TaskView[],
  simTasks: readonly { name: string; instruction: string }[],
): TaskChoice[] {
  const choices: TaskChoice[] = tasks.map((t) => ({ ...t, registered: true }));
  for (const sim of simTasks) {
    if (!tasks.some((t) => t.simTask === sim.name)) {
      choices.push({
        name: sim.name,
        simTask: sim.name,
        instruction: sim.instruction,
        registered: false,
      });
    }
  }
  return choices;
}

/**
 * The new-campaign form: policies, tasks each with a perturbation sweep, budget, concurrency,
 * pairing and judgement sources. Problems, the client's or the server's, appear at their field.
 */
export class CampaignForm {
  private readonly form = requireElement('campaign-form', HTMLFormElement);
  private readonly fallback = requireElement('form-problems', HTMLDivElement);
  private readonly editors = new Map<string, PerturbationEditor>();
  private tasks: TaskChoice[] = [];

  constructor(private readonly onCreated: (message: string) => void) {
    // Only an evaluator judges a station's comparisons: say so in the form as soon as a station
    // is named, rather than in an error after submitting.
    this.input('stations').addEventListener('input', () => {
      const onStations = this.input('stations').value.trim() !== '';
      const source = (value: string): HTMLInputElement =>
        requireChild(this.form, `input[name="source"][value="${value}"]`, HTMLInputElement);
      source('evaluator').checked = onStations || source('evaluator').checked;
      if (onStations) source('auto').checked = false;
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  render(policies: readonly PolicyView[], tasks: TaskChoice[]): void {
    this.tasks = tasks;
    const policyBox = requireChild(this.form, '[data-field="policies"] .choices', HTMLDivElement);
    policyBox.replaceChildren(
      ...policies.map((p) => checkbox('policy', p.name, `${p.name}`, policyDefinition(p, p.name))),
    );
    const taskBox = requireChild(this.form, '[data-field="tasks"] .choices', HTMLDivElement);
    taskBox.replaceChildren();
    for (const task of tasks) {
      const editor = new PerturbationEditor(task.name);
      this.editors.set(task.name, editor);
      const label = checkbox(
        'task',
        task.name,
        task.name,
        task.registered ? task.instruction : `${task.instruction} · registered on create`,
      );
      const box = requireChild(label, 'input', HTMLInputElement);
      editor.root.hidden = true;
      box.addEventListener('change', () => (editor.root.hidden = !box.checked));
      const block = element('div', 'task-choice');
      block.append(label, editor.root);
      taskBox.append(block);
    }
  }

  private async submit(): Promise<void> {
    const chosen = this.tasks.filter((t) => this.checked('task').includes(t.name));
    const problems: Problem[] = [];
    const taskItems = chosen.map((task, i) => {
      const editor = this.editors.get(task.name)!;
      editor.setIndex(i);
      const sweep = editor.collect();
      if (!sweep.ok) {
        problems.push(...sweep.problems);
        return task.name;
      }
      return sweep.axes === undefined ? task.name : { task: task.name, perturbations: sweep.axes };
    });
    // Client checks stop only what the server would refuse anyway; it stays the authority.
    if (problems.length > 0) {
      showProblems(this.form, problems, this.fallback);
      return;
    }
    const body: Record<string, unknown> = {
      name: this.input('name').value.trim(),
      policies: this.checked('policy'),
      tasks: taskItems,
      budget: Number(this.input('budget').value),
      maxInFlight: Number(this.input('maxInFlight').value),
      pairing: requireChild(this.form, 'select[name="pairing"]', HTMLSelectElement).value,
      judgementSources: this.checked('source'),
      start: this.input('start').checked,
    };
    const seed = this.input('seed').value.trim();
    if (seed !== '') body['seed'] = Number(seed);
    const stations = this.input('stations')
      .value.split(/[\s,]+/)
      .filter((name) => name !== '');
    if (stations.length > 0) body['stations'] = stations;
    const episodeS = this.input('stationEpisodeS').value.trim();
    if (episodeS !== '') body['stationEpisodeS'] = Number(episodeS);
    const submit = requireChild(this.form, 'button[type="submit"]', HTMLButtonElement);
    submit.disabled = true;
    try {
      clearProblems(this.form, this.fallback);
      for (const task of chosen.filter((t) => !t.registered)) {
        await postJson('/api/tasks', { name: task.name, simTask: task.simTask });
        task.registered = true;
      }
      const { campaign } = await postJson<{ campaign: { name: string; status: string } }>(
        '/api/campaigns',
        body,
      );
      this.onCreated(`Campaign "${campaign.name}" created (${campaign.status}).`);
    } catch (error) {
      if (error instanceof ApiError) {
        const placed =
          error.problems.length > 0
            ? error.problems
            : [{ field: '(request)', problem: error.message }];
        showProblems(this.form, placed, this.fallback);
      } else {
        showProblems(this.form, [{ field: '(network)', problem: String(error) }], this.fallback);
      }
    } finally {
      submit.disabled = false;
    }
  }

  private input(name: string): HTMLInputElement {
    return requireChild(this.form, `input[name="${name}"]`, HTMLInputElement);
  }

  private checked(name: string): string[] {
    return [...this.form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
      (i) => i.value,
    );
  }
}

function checkbox(name: string, value: string, text: string, hint?: string): HTMLLabelElement {
  const label = element('label');
  const input = element('input');
  input.type = 'checkbox';
  input.name = name;
  input.value = value;
  label.append(input, element('span', undefined, text));
  if (hint !== undefined) label.append(element('span', 'muted', hint));
  return label;
}
