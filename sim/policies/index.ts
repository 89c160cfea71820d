import { DegradedExpertPolicy, type ExpertSkillParams } from './degraded-expert.ts';
import { ExpertPolicy } from './expert.ts';
import type { Policy } from './policy.ts';
import { RandomPolicy } from './random.ts';

export type { EpisodeContext, Policy, PolicyOutput } from './policy.ts';
export type { ExpertSkillParams } from './degraded-expert.ts';

/** Reference policies, best first: the quality order is known, which makes them test fixtures. */
export const builtinPolicyNames = ['expert', 'noisy-expert', 'lagged-expert', 'random'] as const;
export type BuiltinPolicyName = (typeof builtinPolicyNames)[number];

/** The named degraded experts' settings. */
export const noisyExpertParams: ExpertSkillParams = {
  actionNoiseStdM: 0.012,
  graspFailureProbability: 0.25,
};
export const laggedExpertParams: ExpertSkillParams = { latencySteps: 3, actionNoiseStdM: 0.005 };

/** `degraded-expert` takes any ExpertSkillParams; `skill` in [0, 1] sets all three at once. */
export const parameterisedPolicyName = 'degraded-expert';
const skillKnobAtZero: Required<ExpertSkillParams> = {
  actionNoiseStdM: 0.02,
  latencySteps: 6,
  graspFailureProbability: 0.6,
};

export interface BuiltinPolicyParams extends ExpertSkillParams {
  /** 1 is the expert, 0 the worst of the family; explicit knobs override it. */
  skill?: number;
}

export class UnknownPolicyError extends Error {
  override name = 'UnknownPolicyError';
  constructor(readonly policy: string) {
    super(
      `unknown built-in policy "${policy}"; known policies: ${builtinPolicyNames.join(', ')} ` +
        `and ${parameterisedPolicyName}?skill=0.5 (or ?noise=…&latency=…&graspFailure=…)`,
    );
  }
}

export class InvalidPolicyParamError extends Error {
  override name = 'InvalidPolicyParamError';
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`policy parameter "${param}" ${problem}`);
  }
}

export function isBuiltinPolicyName(name: string): name is BuiltinPolicyName {
  return (builtinPolicyNames as readonly string[]).includes(name);
}

/**
 * A fresh policy instance; instances keep per-episode state, so use one per running episode.
 * `name` is a built-in name, `degraded-expert` with `params`, or `degraded-expert?skill=0.4`
 * (also `noise` in metres, `latency` in control steps, `graspFailure` as a probability).
 */
export function createBuiltinPolicy(name: string, params?: BuiltinPolicyParams): Policy {
  const [base = '', query] = name.split('?', 2);
  if (base === parameterisedPolicyName) {
    return new DegradedExpertPolicy(skillParams({ ...parseQuery(query ?? ''), ...params }));
  }
  if (!isBuiltinPolicyName(name)) throw new UnknownPolicyError(name);
  switch (name) {
    case 'expert':
      return new ExpertPolicy();
    case 'noisy-expert':
      return new DegradedExpertPolicy(noisyExpertParams);
    case 'lagged-expert':
      return new DegradedExpertPolicy(laggedExpertParams);
    case 'random':
      return new RandomPolicy();
  }
}

function skillParams(params: BuiltinPolicyParams): ExpertSkillParams {
  const skill = params.skill ?? 1;
  const rule = (param: string, value: number | undefined, max: number): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= max)) {
      throw new InvalidPolicyParamError(param, `must be a number from 0 to ${max} (got ${value})`);
    }
  };
  rule('skill', params.skill, 1);
  rule('actionNoiseStdM', params.actionNoiseStdM, 0.1);
  rule('latencySteps', params.latencySteps, 25);
  rule('graspFailureProbability', params.graspFailureProbability, 1);
  const lack = 1 - skill;
  return {
    actionNoiseStdM: params.actionNoiseStdM ?? lack * skillKnobAtZero.actionNoiseStdM,
    latencySteps: params.latencySteps ?? Math.round(lack * skillKnobAtZero.latencySteps),
    graspFailureProbability:
      params.graspFailureProbability ?? lack * skillKnobAtZero.graspFailureProbability,
  };
}

const queryKeys: Record<string, keyof BuiltinPolicyParams> = {
  skill: 'skill',
  noise: 'actionNoiseStdM',
  latency: 'latencySteps',
  graspFailure: 'graspFailureProbability',
};

function parseQuery(query: string): BuiltinPolicyParams {
  const params: BuiltinPolicyParams = {};
  for (const [key, raw] of new URLSearchParams(query)) {
    const field = queryKeys[key];
    if (!field) {
      throw new InvalidPolicyParamError(
        key,
        `is unknown; use ${Object.keys(queryKeys).join(', ')}`,
      );
    }
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      throw new InvalidPolicyParamError(key, `must be a number (got "${raw}")`);
    }
    params[field] = value;
  }
  return params;
}
