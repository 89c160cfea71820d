import { ExpertPolicy } from './expert.ts';
import { LaggedExpertPolicy } from './lagged-expert.ts';
import { NoisyExpertPolicy } from './noisy-expert.ts';
import type { Policy } from './policy.ts';
import { RandomPolicy } from './random.ts';

export type { Policy } from './policy.ts';

/** Reference policies, best first: the quality order is known, which makes them test fixtures. */
export const builtinPolicyNames = ['expert', 'noisy-expert', 'lagged-expert', 'random'] as const;
export type BuiltinPolicyName = (typeof builtinPolicyNames)[number];

export class UnknownPolicyError extends Error {
  override name = 'UnknownPolicyError';
  constructor(readonly policy: string) {
    super(`unknown built-in policy "${policy}"; known policies: ${builtinPolicyNames.join(', ')}`);
  }
}

export function isBuiltinPolicyName(name: string): name is BuiltinPolicyName {
  return (builtinPolicyNames as readonly string[]).includes(name);
}

/** A fresh policy instance; instances keep per-episode state, so use one per running episode. */
export function createBuiltinPolicy(name: string): Policy {
  if (!isBuiltinPolicyName(name)) throw new UnknownPolicyError(name);
  switch (name) {
    case 'expert':
      return new ExpertPolicy();
    case 'noisy-expert':
      return new NoisyExpertPolicy();
    case 'lagged-expert':
      return new LaggedExpertPolicy();
    case 'random':
      return new RandomPolicy();
  }
}
