import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { InvalidArtifactKeyError } from '../services/artifacts/artifact-store.ts';
import { DatabaseArtifactStore } from '../services/artifacts/database-artifact-store.ts';
import { backends, withDatabase } from './helpers/databases.ts';

for (const backend of backends) {
  test(`${backend}: the database store round-trips binary bytes, replaces on retry and refuses unsafe keys`, async () => {
    await withDatabase(backend, async ({ db }) => {
      const store = new DatabaseArtifactStore(db);
      // Every byte value, and a trajectory-sized payload: nothing may be text-encoded on the way.
      const bytes = new Uint8Array([
        ...Array.from({ length: 256 }, (_, i) => i),
        ...randomBytes(26_000),
      ]);
      const key = 'trajectories/camp_1/camp_1-0-A.traj';
      await store.put(key, bytes);
      assert.deepEqual(await store.get(key), bytes);
      await store.put(key, new Uint8Array([9]));
      assert.deepEqual(await store.get(key), new Uint8Array([9]));
      const rows = await db.selectFrom('artifacts').select(['key', 'byte_length']).execute();
      assert.deepEqual(rows, [{ key, byte_length: 1 }]);
      assert.equal(await store.get('trajectories/missing.traj'), null);
      for (const bad of ['../escape', '/etc/passwd', 'a/../../b', '', 'a//b']) {
        await assert.rejects(store.put(bad, bytes), InvalidArtifactKeyError);
      }
      assert.equal((await db.selectFrom('artifacts').select('key').execute()).length, 1);
    });
  });
}
