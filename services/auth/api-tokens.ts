import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { newId, nowIso } from '../ids.ts';
import type { Principal, Role } from './principal.ts';

/** 256 random bits; the database keeps only their SHA-256, so a leaked table grants nothing. */
const tokenBytes = 32;
/** Every token starts with this, so one is recognisable in a log or a secret scanner. */
const tokenPrefix = 'arena_';

export interface TokenSpec {
  role: Role;
  /** Required for evaluator and station tokens: the one station they act for. */
  station?: string | undefined;
  label?: string | undefined;
}

export interface TokenInfo {
  id: string;
  role: Role;
  station: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token; the secret itself is returned once and never stored. */
export async function createToken(
  db: Kysely<Database>,
  spec: TokenSpec,
): Promise<{ token: string; info: TokenInfo }> {
  const needsStation = spec.role === 'evaluator' || spec.role === 'station';
  if (needsStation !== (spec.station !== undefined)) {
    throw new TypeError(
      needsStation
        ? `${spec.role} tokens act for one station: name it`
        : `${spec.role} tokens are not bound to a station`,
    );
  }
  const token = `${tokenPrefix}${randomBytes(tokenBytes).toString('base64url')}`;
  const info: TokenInfo = {
    id: newId('tok'),
    role: spec.role,
    station: spec.station ?? null,
    label: spec.label ?? null,
    createdAt: nowIso(),
    revokedAt: null,
  };
  await db
    .insertInto('api_tokens')
    .values({
      id: info.id,
      token_hash: hashToken(token),
      role: info.role,
      station: info.station,
      label: info.label,
      created_at: info.createdAt,
      revoked_at: null,
    })
    .execute();
  return { token, info };
}

export async function listTokens(db: Kysely<Database>): Promise<TokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    station: r.station,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a token at once for bearer use and for every session made from it. */
export async function revokeToken(db: Kysely<Database>, id: string): Promise<void> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const exists = await db.selectFrom('api_tokens').select('id').where('id', '=', id).execute();
    if (exists.length === 0) throw new NotFoundError('token', id);
  }
}

/** Who a presented secret belongs to, or null for an unknown or revoked one. */
export async function principalOfToken(
  db: Kysely<Database>,
  token: string,
): Promise<Principal | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'station'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row === undefined ? null : { tokenId: row.id, role: row.role, station: row.station };
}

/** The principal of a live (unrevoked) token id, as a session cookie names it. */
export async function principalOfTokenId(
  db: Kysely<Database>,
  id: string,
): Promise<Principal | null> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'station'])
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row === undefined ? null : { tokenId: row.id, role: row.role, station: row.station };
}
