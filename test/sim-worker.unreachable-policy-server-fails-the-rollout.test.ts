import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndpointNetworks, startOpenpiServer } from '../openpi/index.ts';
import type { RolloutJobData } from '../queue/rollout-job.ts';
import { JobSecret } from '../queue/job-secret.ts';
import { sealRemotePolicy } from '../queue/sealed-remote-policy.ts';
import { runRollout } from '../workers/sim-worker.ts';

/** The policy servers here listen on loopback, as the default allows beside local services. */
const jobSecret = JobSecret.fromText(JobSecret.generateText());
const local = { policyNetworks: EndpointNetworks.parse('loopback'), jobSecret };

const rollout = (url: string): RolloutJobData => ({
  comparisonId: 'camp_x-0',
  side: 'A',
  task: 'reach',
  seed: 1,
  policy: sealRemotePolicy({ url, observation: 'arena' }, jobSecret),
});

test('an unreachable policy server fails the rollout (to be retried) instead of losing the episode', async () => {
  await assert.rejects(runRollout(rollout('ws://127.0.0.1:9'), local), (error: Error) => {
    assert.match(error.message, /policy server ws:\/\/127\.0\.0\.1:9/);
    return true;
  });
});

test('a policy that raises loses its episode: that is the policy, not the network', async () => {
  const server = await startOpenpiServer({
    port: 0,
    metadata: {},
    createSession: () => ({
      infer() {
        throw new Error('CUDA out of memory');
      },
    }),
  });
  try {
    const result = await runRollout(rollout(server.url), local);
    assert.equal(result.success, false);
    assert.match(result.error ?? '', /CUDA out of memory/);
  } finally {
    await server.close();
  }
});
