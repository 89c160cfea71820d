import {
  actionLength,
  createBuiltinPolicy,
  defaultActionMode,
  type PolicyOutput,
} from '../sim/index.ts';
import { readArenaObservation } from './arena-layout.ts';
import { ndarray, type NdArray } from './msgpack-numpy.ts';
import type { OpenpiMap } from './openpi-map.ts';
import {
  startOpenpiServer,
  type OpenpiServer,
  type OpenpiServerOptions,
  type OpenpiServiceOptions,
  type OpenpiSession,
} from './openpi-server.ts';

/**
 * What a connection is told about a built-in policy. It must not name the policy: stations reach
 * it through a relay and judge blind.
 */
export function builtinPolicyMetadata(name: string): OpenpiMap {
  const policy = createBuiltinPolicy(name);
  return { action_dim: actionLength, action_mode: policy.actionMode ?? defaultActionMode };
}

/**
 * One episode of a built-in policy, fed arena-layout observations. The policy is reset on the
 * first observation, from the seed and task it carries: there is no reset message in openpi.
 */
export function createBuiltinPolicySession(name: string): OpenpiSession {
  const policy = createBuiltinPolicy(name);
  let started = false;
  return {
    async infer(map) {
      const { observation, seed, context } = readArenaObservation(map);
      if (!started) {
        await policy.reset(seed, context);
        started = true;
      }
      return { actions: actionsArray(await policy.act(observation)) };
    },
    async close() {
      await policy.dispose?.();
    },
  };
}

/** The metadata and sessions of a built-in policy, for an openpi server or upgrade handler. */
export function builtinPolicyService(
  name: string,
): Pick<OpenpiServiceOptions, 'metadata' | 'createSession'> {
  const metadata = builtinPolicyMetadata(name);
  return { metadata, createSession: () => createBuiltinPolicySession(name) };
}

/** Serves a built-in policy on its own port; throws UnknownPolicyError for an unknown name. */
export async function serveBuiltinPolicy(
  name: string,
  options: Omit<OpenpiServerOptions, 'metadata' | 'createSession'>,
): Promise<OpenpiServer> {
  return startOpenpiServer({ ...options, ...builtinPolicyService(name) });
}

/**
 * An (H, A) float64 array of the policy's action or chunk. Doubles, so the client gets the very
 * numbers the policy computed; judging them (finite, 7 per row) is the episode runner's job.
 */
function actionsArray(output: PolicyOutput): NdArray {
  const entries: unknown[] = Array.from(output as ArrayLike<unknown>);
  const isChunk = entries.length > 0 && entries.every((entry) => typeof entry !== 'number');
  const rows = (isChunk ? entries : [entries]).map((row) => Array.from(row as ArrayLike<unknown>));
  const width = rows[0]?.length ?? 0;
  if (rows.some((row) => row.length !== width || row.some((value) => typeof value !== 'number'))) {
    throw new TypeError('the policy returned a ragged or non-numeric action chunk');
  }
  return ndarray(Float64Array.from(rows.flat() as number[]), [rows.length, width], '<f8');
}
