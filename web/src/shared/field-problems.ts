import { element } from './dom.ts';
import type { Problem } from './post-json.ts';

/**
 * Shows each problem next to the element whose `data-field` is the longest prefix of the
 * problem's field (`tasks[0].perturbations.objectMassScale` lands on that sweep's row, `policies[1]`
 * on the policies fieldset). Problems with no such element go to `fallback`.
 */
export function showProblems(
  form: HTMLElement,
  problems: readonly Problem[],
  fallback: HTMLElement,
): void {
  clearProblems(form, fallback);
  const targets = [...form.querySelectorAll<HTMLElement>('[data-field]')];
  for (const { field, problem } of problems) {
    const target = targets
      .filter((t) => isPrefix(t.dataset['field']!, field))
      .sort((a, b) => b.dataset['field']!.length - a.dataset['field']!.length)[0];
    const message = element(
      'p',
      'field-problem',
      target === undefined ? `${field}: ${problem}` : problem,
    );
    message.setAttribute('role', 'alert');
    if (target === undefined) {
      fallback.append(message);
      continue;
    }
    message.dataset['problemFor'] = target.dataset['field']!;
    target.classList.add('has-problem');
    target.append(message);
  }
}

export function clearProblems(form: HTMLElement, fallback: HTMLElement): void {
  for (const old of form.querySelectorAll('.field-problem')) old.remove();
  for (const marked of form.querySelectorAll('.has-problem'))
    marked.classList.remove('has-problem');
  fallback.replaceChildren();
}

function isPrefix(prefix: string, field: string): boolean {
  return field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);
}
