import type { PolicyView } from '../../../contract/policy-view.ts';

/**
 * What a policy is, in a few words: the built-in it names or the server it lives on. Undefined
 * when that would only repeat `sameAs` (a built-in registered under its own name).
 */
export function policyDefinition(policy: PolicyView, sameAs?: string): string | undefined {
  const definition = policy.builtin ?? policy.endpoint ?? undefined;
  return definition === sameAs ? undefined : definition;
}
