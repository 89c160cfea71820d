import type { Express } from 'express';
import type { Page } from 'playwright-core';
import type { Kysely } from 'kysely';
import request from 'supertest';
import type { ApiRole } from '../../contract/literals.ts';
import { createToken } from '../../services/auth/api-tokens.ts';
import type { Database } from '../../services/db/schema.ts';

/** A fresh token of `role` (for `station` when the role needs one), as `arena token create` makes. */
export async function tokenFor(
  db: Kysely<Database>,
  role: ApiRole,
  station?: string,
): Promise<string> {
  return (await createToken(db, { role, station, label: `test ${role}` })).token;
}

/** Headers of a request made with `token`, as a program (not a browser) sends them. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A supertest agent that sends `token` as a bearer on every request. */
export function agentWith(app: Express, token: string): ReturnType<typeof request.agent> {
  return request.agent(app).set('authorization', `Bearer ${token}`);
}

/** A supertest agent signed in as a new researcher. */
export async function researcherAgent(
  app: Express,
  db: Kysely<Database>,
): Promise<ReturnType<typeof request.agent>> {
  return agentWith(app, await tokenFor(db, 'researcher'));
}

/**
 * Signs a browser page in the way a person does: it opens the sign-in link, whose page trades
 * the token for a session cookie and moves on to the role's page.
 */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/login#token=${token}`);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
