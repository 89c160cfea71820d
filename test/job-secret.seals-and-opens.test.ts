import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { JobSecret, JobSecretError } from '../queue/job-secret.ts';
import { openRemotePolicy, sealRemotePolicy } from '../queue/sealed-remote-policy.ts';
import { ConfigError } from '../runtime/config.ts';
import { deploymentSecret, deploymentSecretText } from '../runtime/deployment-secret.ts';

test('a sealed value opens only under the same secret, for the same purpose, unaltered', () => {
  const secret = JobSecret.fromText(JobSecret.generateText());
  const sealed = secret.seal('api key 123', 'purpose');
  assert.ok(!sealed.includes('api key 123'));
  assert.notEqual(secret.seal('api key 123', 'purpose'), sealed, 'a fresh IV each time');
  assert.equal(secret.open(sealed, 'purpose'), 'api key 123');
  assert.throws(() => secret.open(sealed, 'another purpose'), JobSecretError);
  assert.throws(
    () => JobSecret.fromText(JobSecret.generateText()).open(sealed, 'purpose'),
    /another ARENA_SECRET/,
  );
  const parts = sealed.split('.');
  const body = Buffer.from(parts[2]!, 'base64url');
  body[0] = body[0]! ^ 1;
  parts[2] = body.toString('base64url');
  assert.throws(() => secret.open(parts.join('.'), 'purpose'), JobSecretError);
  assert.throws(() => secret.open('plain text', 'purpose'), /not a sealed value/);
  assert.throws(() => JobSecret.fromText('short'), /at least 32 characters/);
  assert.throws(() => deploymentSecret('short'), ConfigError);

  const spec = {
    url: 'ws://u:p@policy.lab:8000/?token=t',
    apiKey: 'k',
    observation: 'arena' as const,
  };
  const policy = sealRemotePolicy(spec, secret);
  assert.deepEqual(Object.keys(policy).sort(), ['endpoint', 'kind', 'sealedSpec']);
  assert.equal((policy as { endpoint: string }).endpoint, 'ws://***@policy.lab:8000/?token=***');
  assert.deepEqual(
    openRemotePolicy(policy as Extract<typeof policy, { kind: 'openpi' }>, secret),
    spec,
  );
});

test('services generate the secret into the data directory once; workers only read it', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-secret-'));
  try {
    assert.equal(deploymentSecretText(undefined, dataDir, { create: false }), undefined);
    const created = deploymentSecretText(undefined, dataDir, { create: true })!;
    assert.ok(created.length >= 32);
    assert.equal(fs.statSync(path.join(dataDir, 'secret')).mode & 0o777, 0o600);
    assert.equal(deploymentSecretText(undefined, dataDir, { create: true }), created);
    assert.equal(deploymentSecretText(undefined, dataDir, { create: false }), created);
    assert.equal(
      deploymentSecretText('from the environment', dataDir, { create: true }),
      'from the environment',
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
