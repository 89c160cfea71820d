import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ArtifactStore } from './artifact-store.ts';

/**
 * Copies into `into` the trajectories that episodes name but `into` lacks, from `directory`:
 * earlier versions kept them as files on the machine that recorded them. Runs at start-up; once
 * the files are in, it costs one query. Returns how many it copied; keys found in neither
 * place stay as they are (the replay answers 404, as it did on other machines before).
 */
export async function importDirectoryArtifacts(
  db: Kysely<Database>,
  directory: ArtifactStore,
  into: ArtifactStore,
): Promise<number> {
  const missing = await db
    .selectFrom('episodes')
    .leftJoin('artifacts', 'artifacts.key', 'episodes.trajectory_ref')
    .select('episodes.trajectory_ref')
    .where('episodes.trajectory_ref', 'is not', null)
    .where('artifacts.key', 'is', null)
    .execute();
  let copied = 0;
  for (const { trajectory_ref: key } of missing) {
    if (key === null) continue;
    const bytes = await directory.get(key);
    if (bytes === null) continue;
    await into.put(key, bytes);
    copied += 1;
  }
  return copied;
}
