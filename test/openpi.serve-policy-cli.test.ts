// `arena serve-policy` as a user runs it: it prints the ws:// URL of a working openpi server for
// a built-in policy and stops cleanly on SIGTERM; a policy it does not know is a usage error.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { checkOpenpiHealth, createRemotePolicy, OpenpiClient } from '../openpi/index.ts';
import { createBuiltinPolicy, runEpisodeWithPolicy } from '../sim/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const arenaArgs = ['--import', 'tsx', 'cli/arena.ts'];

test('arena serve-policy serves a built-in over openpi until SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [...arenaArgs, 'serve-policy', 'expert', '--port', '0', '--api-key', 'sesame'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const lines = createInterface({ input: child.stdout });
    const [url] = (await once(lines, 'line')) as [string];
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await checkOpenpiHealth(url)).ok, true);

    const client = await OpenpiClient.connect(url, { apiKey: 'sesame' });
    assert.deepEqual(client.metadata, { action_dim: 8, action_mode: 'ee-delta' });
    await client.close();

    const local = await runEpisodeWithPolicy('reach', 7, createBuiltinPolicy('expert'));
    const remote = await runEpisodeWithPolicy(
      'reach',
      7,
      createRemotePolicy({ url, apiKey: 'sesame', observation: 'arena' }),
    );
    assert.equal(remote.error, null);
    assert.equal(remote.success, local.success);
    assert.equal(remote.steps, local.steps);
    assert.equal(remote.progress, local.progress);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, stderr);
  assert.match(
    stderr,
    /serving expert over openpi at ws:\/\/127\.0\.0\.1:\d+ \(API key required\)/,
  );
});

test('arena serve-policy with an unknown policy is a usage error', async () => {
  const failed = await promisify(execFile)(
    process.execPath,
    [...arenaArgs, 'serve-policy', 'oracle'],
    { cwd: root },
  ).then(
    () => assert.fail('should exit non-zero'),
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  );
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /^arena: unknown built-in policy "oracle"; known policies: expert/);
  assert.doesNotMatch(failed.stderr, /ARENA_DEBUG/);
});
