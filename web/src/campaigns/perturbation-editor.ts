import {
  defaultPerturbation,
  perturbationFields,
} from '../../../sim/perturbations/perturbation.ts';
import type { Perturbation } from '../../../sim/perturbations/perturbation.ts';
import {
  InvalidPerturbationError,
  resolvePerturbation,
} from '../../../sim/perturbations/validate-perturbation.ts';
import { element } from '../shared/dom.ts';
import type { Problem } from '../shared/post-json.ts';

type Field = keyof Perturbation;

/** A sweep as the API takes it, or the client-side problems that stop it being sent. */
export type SweepResult =
  { ok: true; axes: Record<string, unknown[]> | undefined } | { ok: false; problems: Problem[] };

/**
 * One task's perturbation sweep: pick fields (their defaults shown) and type comma-separated
 * values. Values are checked here with the simulator's own validator, because it is cheap and the
 * same rules the server applies; the server's answer is still shown if it disagrees.
 */
export class PerturbationEditor {
  readonly root = element('div', 'sweep');
  private readonly rows = new Map<Field, { row: HTMLElement; input: HTMLInputElement }>();
  private readonly picker = element('select');

  constructor(private readonly taskName: string) {
    this.picker.setAttribute('aria-label', `add a perturbation to ${taskName}`);
    this.picker.dataset['sweepPicker'] = taskName;
    this.refreshPicker();
    this.picker.addEventListener('change', () => {
      const field = this.picker.value as Field | '';
      if (field !== '') this.addRow(field);
    });
    this.root.append(this.picker);
  }

  /** Gives rows the field paths the server uses, for the task's index in the request. */
  setIndex(taskIndex: number): void {
    this.root.dataset['field'] = `tasks[${taskIndex}].perturbations`;
    for (const [field, { row }] of this.rows)
      row.dataset['field'] = `tasks[${taskIndex}].perturbations.${field}`;
  }

  collect(): SweepResult {
    if (this.rows.size === 0) return { ok: true, axes: undefined };
    const axes: Record<string, unknown[]> = {};
    const problems: Problem[] = [];
    for (const [field, { row, input }] of this.rows) {
      const parsed = parseValues(field, input.value);
      if (typeof parsed === 'string')
        problems.push({ field: row.dataset['field'] ?? field, problem: parsed });
      else axes[field] = parsed;
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, axes };
  }

  private addRow(field: Field): void {
    const row = element('div', 'sweep-row');
    const input = element('input');
    input.type = 'text';
    input.name = `${this.taskName}.${field}`;
    input.placeholder = isColour(field) ? 'r g b, r g b (0–1)' : 'values, comma-separated';
    input.setAttribute('aria-label', `${field} values for ${this.taskName}`);
    const remove = element('button', undefined, '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', `remove ${field}`);
    remove.addEventListener('click', () => {
      row.remove();
      this.rows.delete(field);
      this.refreshPicker();
    });
    row.append(
      element('code', undefined, field),
      element('span', 'muted', `default ${formatValue(defaultPerturbation[field])}`),
      input,
      remove,
    );
    this.root.append(row);
    this.rows.set(field, { row, input });
    this.refreshPicker();
    input.focus();
  }

  private refreshPicker(): void {
    this.picker.replaceChildren(new Option('+ perturbation…', ''));
    for (const field of perturbationFields) {
      if (this.rows.has(field)) continue;
      this.picker.append(
        new Option(`${field} (default ${formatValue(defaultPerturbation[field])})`, field),
      );
    }
    this.picker.value = '';
  }
}

/** The typed values of one axis, or why they cannot be sent. */
function parseValues(field: Field, text: string): unknown[] | string {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return 'enter at least one value, or remove this perturbation';
  const values: unknown[] = [];
  for (const part of parts) {
    const value = isColour(field) ? part.split(/\s+/).map(Number) : Number(part);
    if (Array.isArray(value) ? value.some((n) => Number.isNaN(n)) : Number.isNaN(value)) {
      return `"${part}" is not ${isColour(field) ? 'three numbers' : 'a number'}`;
    }
    try {
      resolvePerturbation({ [field]: value });
    } catch (error) {
      if (error instanceof InvalidPerturbationError)
        return error.message.replace(/^perturbation field "[^"]+" /, '');
      throw error;
    }
    values.push(value);
  }
  return values;
}

function isColour(field: Field): boolean {
  return field === 'tableRgb' || field === 'floorRgb';
}

function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.join(' ') : String(value);
}
