import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EpisodeSide, Policy } from '../db/schema.ts';
import { nowIso } from '../ids.ts';

/**
 * The opaque handles of a comparison's two policies, created on first use. Inserting with
 * ON CONFLICT and reading back makes a retried scheduling step get the same handles.
 */
export async function ensurePolicyHandles(
  db: Kysely<Database>,
  comparisonId: string,
): Promise<Record<EpisodeSide, string>> {
  await db
    .insertInto('policy_handles')
    .values(
      (['A', 'B'] as const).map((side) => ({
        // 128 random bits: a station cannot guess another comparison's handle.
        token: randomBytes(16).toString('base64url'),
        comparison_id: comparisonId,
        side,
        created_at: nowIso(),
      })),
    )
    .onConflict((oc) => oc.columns(['comparison_id', 'side']).doNothing())
    .execute();
  const rows = await db
    .selectFrom('policy_handles')
    .select(['token', 'side'])
    .where('comparison_id', '=', comparisonId)
    .execute();
  const token = (side: EpisodeSide): string => rows.find((r) => r.side === side)!.token;
  return { A: token('A'), B: token('B') };
}

/**
 * The policy behind a handle, or undefined for a token nobody issued or whose comparison is no
 * longer queued: a finished comparison's handles must not serve as a way to probe its policies.
 */
export async function livePolicyForHandle(
  db: Kysely<Database>,
  token: string,
): Promise<{ comparisonId: string; side: EpisodeSide; policy: Policy } | undefined> {
  const handle = await db
    .selectFrom('policy_handles')
    .innerJoin('comparisons', 'comparisons.id', 'policy_handles.comparison_id')
    .select([
      'policy_handles.comparison_id',
      'policy_handles.side',
      'comparisons.policy_a_id',
      'comparisons.policy_b_id',
    ])
    .where('policy_handles.token', '=', token)
    .where('comparisons.status', '=', 'queued')
    .executeTakeFirst();
  if (handle === undefined) return undefined;
  const policy = await db
    .selectFrom('policies')
    .selectAll()
    .where('id', '=', handle.side === 'A' ? handle.policy_a_id : handle.policy_b_id)
    .executeTakeFirstOrThrow();
  return { comparisonId: handle.comparison_id, side: handle.side, policy };
}

/** Where the services relay a handle's openpi connection to its policy. */
export const policyRelayPath = '/policy-relay/';

export function policyRelayUrl(relayBaseUrl: string, token: string): string {
  return `${relayBaseUrl.replace(/\/$/, '')}${policyRelayPath}${token}`;
}
