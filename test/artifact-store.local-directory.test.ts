import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { InvalidArtifactKeyError } from '../services/artifacts/artifact-store.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';

test('the local directory store round-trips bytes, replaces on retry and refuses unsafe keys', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-artifacts-'));
  try {
    const store = new LocalDirectoryStore(root);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    await store.put('trajectories/camp_1/camp_1-0-A.traj', bytes);
    assert.deepEqual(await store.get('trajectories/camp_1/camp_1-0-A.traj'), bytes);
    await store.put('trajectories/camp_1/camp_1-0-A.traj', new Uint8Array([9]));
    assert.deepEqual(await store.get('trajectories/camp_1/camp_1-0-A.traj'), new Uint8Array([9]));
    assert.deepEqual(
      fs.readdirSync(path.join(root, 'trajectories/camp_1')),
      ['camp_1-0-A.traj'],
      'no temporary files left',
    );
    assert.equal(await store.get('trajectories/missing.traj'), null);
    for (const key of ['../escape', '/etc/passwd', 'a/../../b', '', 'a//b']) {
      await assert.rejects(store.put(key, bytes), InvalidArtifactKeyError);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
