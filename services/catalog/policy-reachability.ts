import type { Kysely } from 'kysely';
import { errorMessage } from '../../lib/error-message.ts';
import { checkOpenpiHealth } from '../../openpi/index.ts';
import type { Database } from '../db/schema.ts';
import { nowIso } from '../ids.ts';
import { remotePolicySpec } from './policy-store.ts';

/** A policy server's /healthz must answer within this to count as back. */
const healthTimeoutMs = 2_000;

/**
 * Marks a remote policy's server unreachable: the scheduler leaves the policy out of new
 * comparisons until `recheckUnreachablePolicies` sees its health check pass. Idempotent.
 */
export async function markPolicyUnreachable(
  db: Kysely<Database>,
  policyId: string,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable('policies')
    .set({ unreachable_since: nowIso(), unreachable_reason: reason })
    .where('id', '=', policyId)
    .where('unreachable_since', 'is', null)
    .executeTakeFirst();
  const marked = result.numUpdatedRows > 0n;
  if (marked) console.error(`policy ${policyId}: left out of scheduling: ${reason}`);
  return marked;
}

export async function unreachablePolicyIds(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('policies')
    .select('id')
    .where('unreachable_since', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Asks every policy marked unreachable for its server's /healthz and clears the mark of those
 * that answer, so their campaigns take them up again by themselves. Returns the ids cleared.
 */
export async function recheckUnreachablePolicies(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('policies')
    .select(['id', 'kind', 'config'])
    .where('unreachable_since', 'is not', null)
    .execute();
  const cleared: string[] = [];
  for (const row of rows) {
    let back = row.kind !== 'openpi';
    if (!back) {
      const spec = remotePolicySpec(row.config);
      const health = await checkOpenpiHealth(spec.url, {
        ...(spec.apiKey === undefined ? {} : { apiKey: spec.apiKey }),
        timeoutMs: healthTimeoutMs,
      }).catch((error: unknown) => ({ ok: false, error: errorMessage(error) }));
      back = health.ok;
    }
    if (!back) continue;
    await db
      .updateTable('policies')
      .set({ unreachable_since: null, unreachable_reason: null })
      .where('id', '=', row.id)
      .execute();
    console.error(`policy ${row.id}: its server answers again; scheduling it`);
    cleared.push(row.id);
  }
  return cleared;
}
