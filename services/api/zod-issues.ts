import type { z } from 'zod';

/**
 * A union's issue says only "Invalid input" at the union's path. When exactly one member of the
 * union had the right type (an object where a name or an object is allowed), its own issues are
 * the useful ones (`tasks[0].perturbations.objectMassScale: must sweep at most 100 values`), so
 * they replace the union's.
 */
export function specificIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const typed = issue.errors.filter(
      (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
    );
    if (typed.length !== 1) return [issue];
    return specificIssues(
      typed[0]!.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
    );
  });
}
