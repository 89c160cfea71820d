import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../runtime/config.ts';

test('with an empty environment every setting has a working default', () => {
  const config = loadConfig({});
  assert.equal(config.redisUrl, undefined);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('data'));
  assert.equal(config.artifactDir, path.resolve('data', 'artifacts'));
  assert.equal(config.port, 8080);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.queuePrefix, 'arena');
  assert.equal(config.adminPassword, undefined);
  assert.equal(config.takeOverQueues, false);
});

test('settings come from the environment, and bad values name the variable', () => {
  const config = loadConfig({
    REDIS_URL: 'redis://queue.lab:6380',
    DATABASE_URL: 'postgres://arena@db.lab/arena',
    ARENA_DATA_DIR: '/srv/arena',
    PORT: '9000',
    HOST: '0.0.0.0',
    ARENA_QUEUE_PREFIX: 'lab-a',
  });
  assert.equal(config.redisUrl, 'redis://queue.lab:6380');
  assert.equal(config.databaseUrl, 'postgres://arena@db.lab/arena');
  assert.equal(config.artifactDir, '/srv/arena/artifacts');
  assert.equal(config.port, 9000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.queuePrefix, 'lab-a');
  assert.throws(
    () => loadConfig({ PORT: 'eighty' }),
    (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://x' }),
    (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message),
  );
  assert.throws(
    () => loadConfig({ REDIS_URL: 'localhost:6379' }),
    (e: unknown) => e instanceof ConfigError && /REDIS_URL/.test(e.message),
  );
  assert.equal(loadConfig({ DATABASE_URL: '  ' }).databaseUrl, undefined, 'blank means unset');
  assert.equal(loadConfig({ ARENA_TAKE_OVER_QUEUES: '1' }).takeOverQueues, true);
  assert.equal(loadConfig({ ARENA_TAKE_OVER_QUEUES: '0' }).takeOverQueues, false);
  assert.throws(
    () => loadConfig({ ARENA_TAKE_OVER_QUEUES: 'please' }),
    (e: unknown) => e instanceof ConfigError && /ARENA_TAKE_OVER_QUEUES/.test(e.message),
  );
});

test('policy servers may be on public addresses only, unless a setting allows more', () => {
  for (const env of [{}, { HOST: '0.0.0.0' }]) {
    const { policyNetworks } = loadConfig(env);
    assert.match(policyNetworks.refusal('127.0.0.1') ?? '', /loopback/);
    assert.match(policyNetworks.refusal('10.0.0.3') ?? '', /private/);
    assert.match(policyNetworks.refusal('169.254.169.254') ?? '', /link-local/);
    assert.equal(policyNetworks.refusal('8.8.8.8'), null);
  }
  const lab = loadConfig({ HOST: '0.0.0.0', ARENA_POLICY_NETWORKS: 'private, 192.0.2.0/24' });
  assert.equal(lab.policyNetworks.refusal('10.3.0.7'), null);
  assert.equal(lab.policyNetworks.refusal('192.0.2.9'), null);
  assert.match(lab.policyNetworks.refusal('127.0.0.1') ?? '', /loopback/);
  assert.match(
    loadConfig({ ARENA_POLICY_NETWORKS: 'public' }).policyNetworks.refusal('127.0.0.1') ?? '',
    /loopback/,
    'public alone allows public addresses only',
  );
  assert.throws(
    () => loadConfig({ ARENA_POLICY_NETWORKS: 'intranet' }),
    (e: unknown) => e instanceof ConfigError && /ARENA_POLICY_NETWORKS/.test(e.message),
  );
});

test('log level, metrics token and trusted proxies come from the environment', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.logLevel, 'info');
  assert.equal(defaults.metricsToken, undefined);
  assert.equal(defaults.trustProxy, false);
  const config = loadConfig({
    ARENA_LOG_LEVEL: 'Debug',
    ARENA_METRICS_TOKEN: ' tok ',
    ARENA_TRUST_PROXY: 'loopback',
  });
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.metricsToken, 'tok');
  assert.equal(config.trustProxy, 'loopback');
  assert.equal(loadConfig({ ARENA_TRUST_PROXY: '1' }).trustProxy, 1);
  assert.throws(
    () => loadConfig({ ARENA_LOG_LEVEL: 'loud' }),
    (e: unknown) => e instanceof ConfigError && /ARENA_LOG_LEVEL/.test(e.message),
  );
});
