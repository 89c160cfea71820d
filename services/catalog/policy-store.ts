import type { Kysely } from 'kysely';
import { redactUrl, type RemotePolicySpec } from '../../openpi/index.ts';
import type { JobSecret } from '../../queue/job-secret.ts';
import type { RolloutPolicy } from '../../queue/rollout-job.ts';
import { sealRemotePolicy } from '../../queue/sealed-remote-policy.ts';
import type { Database, Policy, PolicyKind } from '../db/schema.ts';
import { FieldError, NotFoundError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { PolicyView } from '../../contract/policy-view.ts';
export type { PolicyView };

/** A built-in simulator policy by name, or a policy an openpi server serves. */
export type PolicyInput =
  | { name: string; kind: 'builtin'; builtin: string }
  | { name: string; kind: 'openpi'; remote: RemotePolicySpec };

/**
 * Registers a policy by name. Registering the same name with the same definition again returns
 * the stored one (`created: false`), so a retried request is harmless; a different definition
 * under a taken name is a conflict.
 */
export async function registerPolicy(
  db: Kysely<Database>,
  input: PolicyInput,
): Promise<{ policy: PolicyView; created: boolean }> {
  const config = JSON.stringify(
    input.kind === 'builtin' ? { builtin: input.builtin } : input.remote,
  );
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
export async function getPolicyRow(db: Kysely<Database>, ref: string): Promise<Policy> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', ref), eb('name', '=', ref)]))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('policy', ref);
  return row;
}

export async function getPolicy(db: Kysely<Database>, ref: string): Promise<PolicyView> {
  return toPolicyView(await getPolicyRow(db, ref));
}

export function toPolicyView(row: Policy): PolicyView {
  const common = { id: row.id, name: row.name, kind: row.kind, createdAt: row.created_at };
  if (row.kind === 'builtin') {
    return {
      ...common,
      builtin: builtinPolicyName(row.config),
      endpoint: null,
      observation: null,
      hasApiKey: false,
    };
  }
  const spec = remotePolicySpec(row.config);
  return {
    ...common,
    builtin: null,
    endpoint: redactUrl(spec.url),
    observation:
      typeof spec.observation === 'string' ? spec.observation : Object.keys(spec.observation),
    hasApiKey: spec.apiKey !== undefined,
  };
}

/** The sim/ policy a builtin policy's stored config names. */
export function builtinPolicyName(config: string): string {
  return (JSON.parse(config) as { builtin: string }).builtin;
}

/** A remote policy's stored config: the spec as validated when it was registered. */
export function remotePolicySpec(config: string): RemotePolicySpec {
  return JSON.parse(config) as RemotePolicySpec;
}

/** A stored policy, ready to run in this process (credentials included). */
export type RunnablePolicy =
  { kind: 'builtin'; name: string } | { kind: 'openpi'; spec: RemotePolicySpec };

export function runnablePolicy(kind: PolicyKind, config: string): RunnablePolicy {
  return kind === 'builtin'
    ? { kind: 'builtin', name: builtinPolicyName(config) }
    : { kind: 'openpi', spec: remotePolicySpec(config) };
}

/**
 * What a rollout job carries to run a stored policy: a remote one's spec sealed with the
 * deployment secret, which services without one (tests of built-ins only) need not have.
 */
export function rolloutPolicy(
  kind: PolicyKind,
  config: string,
  secret: JobSecret | undefined,
): RolloutPolicy {
  if (kind === 'builtin') return { kind: 'builtin', name: builtinPolicyName(config) };
  if (secret === undefined) {
    throw new Error('a remote policy travels sealed: the scheduler needs the deployment secret');
  }
  return sealRemotePolicy(remotePolicySpec(config), secret);
}
