import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FieldError } from '../errors.ts';

/**
 * Turns a list of ids-or-names into ids, in order, rejecting unknown and repeated entries with
 * the index of the offending item (`policies[2]`).
 */
export async function resolveRefs(
  db: Kysely<Database>,
  table: 'policies' | 'tasks',
  refs: string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('id', 'in', refs), eb('name', 'in', refs)]))
    .execute();
  const ids: string[] = [];
  refs.forEach((ref, index) => {
    const row = rows.find((r) => r.id === ref || r.name === ref);
    if (row === undefined)
      throw new FieldError(`${table}[${index}]`, `unknown ${singular(table)} "${ref}"`);
    if (ids.includes(row.id))
      throw new FieldError(`${table}[${index}]`, `"${ref}" is listed twice`);
    ids.push(row.id);
  });
  return ids;
}

function singular(table: 'policies' | 'tasks'): string {
  return table === 'policies' ? 'policy' : 'task';
}
