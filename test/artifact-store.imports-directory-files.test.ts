import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { DatabaseArtifactStore } from '../services/artifacts/database-artifact-store.ts';
import { importDirectoryArtifacts } from '../services/artifacts/import-directory-artifacts.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { trajectoryKey } from '../services/comparisons/staged-trajectories.ts';
import { recordComparisonResult } from '../services/comparisons/record-comparison-result.ts';
import { backends, withDatabase } from './helpers/databases.ts';
import { insertComparison, recordedEpisode, seedCampaign } from './helpers/fixtures.ts';

for (const backend of backends) {
  test(`${backend}: trajectory files of earlier versions move into the database once`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const directory = new LocalDirectoryStore(path.join(dataDir, 'artifacts'));
      const database = new DatabaseArtifactStore(db);
      const campaignId = await seedCampaign(db, { budget: 1 });
      const ids = await db.selectFrom('policies').select('id').orderBy('name').execute();
      const id = await insertComparison(db, campaignId, {
        ordinal: 0,
        policyA: ids[0]!.id,
        policyB: ids[1]!.id,
      });
      const episodes = { A: recordedEpisode(id, 'A', true), B: recordedEpisode(id, 'B', false) };
      // A's file is on this machine; B's was written on another one and is not.
      episodes.A.trajectoryRef = trajectoryKey(campaignId, id, 'A');
      episodes.B.trajectoryRef = trajectoryKey(campaignId, id, 'B');
      await directory.put(episodes.A.trajectoryRef, new Uint8Array([7, 0, 255]));
      await recordComparisonResult(db, id, { kind: 'completed', episodes });

      assert.equal(await importDirectoryArtifacts(db, directory, database), 1);
      assert.deepEqual(await database.get(episodes.A.trajectoryRef), new Uint8Array([7, 0, 255]));
      assert.equal(await database.get(episodes.B.trajectoryRef), null);
      assert.equal(await importDirectoryArtifacts(db, directory, database), 0);
    });
  });
}
