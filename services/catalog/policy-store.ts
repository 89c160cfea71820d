import type { Kysely } from 'kysely';
import type { RolloutPolicy } from '../../queue/rollout-job.ts';
import type { Database, Policy, PolicyKind } from '../db/schema.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';

export interface PolicyInput {
  name: string;
  kind: 'builtin';
  builtin: string;
}

export interface PolicyView {
  id: string;
  name: string;
  kind: 'builtin';
  builtin: string;
  createdAt: string;
}

/**
 * Registers a policy by name. Registering the same name with the same definition again returns
 * the stored one (`created: false`), so a retried request is harmless; a different definition
 * under a taken name is a conflict.
 */
export async function registerPolicy(
  db: Kysely<Database>,
  input: PolicyInput,
): Promise<{ policy: PolicyView; created: boolean }> {
  const config = JSON.stringify({ builtin: input.builtin });
  const inserted = await db
    .insertInto('policies')
    .values({ id: newId('pol'), name: input.name, kind: input.kind, config, created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  const stored = await db
    .selectFrom('policies')
    .selectAll()
    .where('name', '=', input.name)
    .executeTakeFirstOrThrow();
  if (stored.kind !== input.kind || stored.config !== config) {
    throw new FieldError('name', `a different policy named "${input.name}" already exists`, 409);
  }
  return { policy: toPolicyView(stored), created: inserted !== undefined };
}

export async function listPolicies(db: Kysely<Database>): Promise<PolicyView[]> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('name').execute();
  return rows.map(toPolicyView);
}

/** One policy by id or name. */
export async function getPolicy(db: Kysely<Database>, ref: string): Promise<PolicyView> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('policy', ref);
  return toPolicyView(row);
}

export function toPolicyView(row: Policy): PolicyView {
  return {
    id: row.id,
    name: row.name,
    kind: 'builtin',
    builtin: builtinPolicyName(row.config),
    createdAt: row.created_at,
  };
}

/** The sim/ policy a builtin policy's stored config names. */
export function builtinPolicyName(config: string): string {
  return (JSON.parse(config) as { builtin: string }).builtin;
}

/** What a rollout job carries to run a stored policy. */
export function rolloutPolicy(kind: PolicyKind, config: string): RolloutPolicy {
  if (kind !== 'builtin') throw new Error(`cannot run a policy of kind "${kind}"`);
  return { kind: 'builtin', name: builtinPolicyName(config) };
}
