import type { Kysely } from 'kysely';
import { createToken, type TokenSpec } from '../services/auth/api-tokens.ts';
import type { Database } from '../services/db/schema.ts';

/**
 * A new token as the link a browser signs in with: `<base>/login#token=…`. The fragment never
 * reaches a server or a proxy log; the login page exchanges it for a session cookie.
 */
export async function mintSignInLink(
  db: Kysely<Database>,
  baseUrl: string,
  spec: TokenSpec,
): Promise<string> {
  const { token } = await createToken(db, spec);
  return `${baseUrl}/login#token=${token}`;
}
