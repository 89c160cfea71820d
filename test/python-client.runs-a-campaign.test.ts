// The Python client (clients/python, standard library only) run by the system's python3 against
// the running services with real sim workers: register, run a campaign to the end, read the
// leaderboard and export battles.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { withServices } from './helpers/services.ts';

const run = promisify(execFile);
const clientDir = path.resolve(import.meta.dirname, '..', 'clients', 'python');

test('the Python client runs a campaign and reads its leaderboard and battles', async () => {
  await withServices('sqlite', { simWorkers: 1, refitDebounceMs: 50 }, async (services) => {
    const { stderr } = await run(
      'python3',
      ['-m', 'unittest', 'discover', '-v', '-s', 'tests', '-t', '.'],
      {
        cwd: clientDir,
        env: { ...process.env, ARENA_URL: services.url, PYTHONDONTWRITEBYTECODE: '1' },
        timeout: 180_000,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      assert.fail(`python3 unittest failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    // unittest reports on standard error; a skipped class would still exit 0.
    assert.match(stderr, /Ran 3 tests/);
    assert.doesNotMatch(stderr, /skipped/);
    assert.match(stderr, /OK\s*$/);
  });
});
