import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import request from 'supertest';
import {
  checkOpenpiHealth,
  EndpointNetworks,
  EndpointRefusedError,
  OpenpiClient,
  serveBuiltinPolicy,
} from '../openpi/index.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { JobSecret } from '../queue/job-secret.ts';
import { sealRemotePolicy } from '../queue/sealed-remote-policy.ts';
import { runRollout } from '../workers/sim-worker.ts';
import { backends, withDatabase } from './helpers/databases.ts';

const simCatalog = { policies: ['expert'], tasks: [{ name: 'reach', instruction: 'reach' }] };

test('loopback, private, link-local, unspecified and multicast addresses are refused by default', () => {
  const publicOnly = EndpointNetworks.publicOnly();
  const refused: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['::1', /loopback/],
    ['::ffff:127.0.0.1', /127\.0\.0\.1 is a loopback/],
    ['::ffff:7f00:1', /127\.0\.0\.1 is a loopback/],
    ['64:ff9b::a00:1', /10\.0\.0\.1 is a private/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['fc00::1', /private/],
    ['fd12:3456::1', /private/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
  ];
  for (const [address, reason] of refused) {
    assert.match(publicOnly.refusal(address) ?? 'allowed', reason, address);
  }
  for (const address of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '100.128.0.1']) {
    assert.equal(publicOnly.refusal(address), null, address);
  }

  const lab = EndpointNetworks.parse('private');
  assert.equal(lab.refusal('10.1.2.3'), null);
  assert.equal(lab.refusal('fd00::5'), null);
  assert.match(lab.refusal('127.0.0.1') ?? '', /loopback/, 'private does not allow loopback');
  assert.match(lab.refusal('169.254.169.254') ?? '', /link-local/);
  const ranges = EndpointNetworks.parse('10.20.0.0/16, fd00:1::/64');
  assert.equal(ranges.refusal('10.20.3.4'), null);
  assert.match(ranges.refusal('10.21.0.1') ?? '', /private/);
  assert.equal(ranges.refusal('fd00:1::9'), null);
  const wide = EndpointNetworks.parse('0.0.0.0/0');
  assert.match(wide.refusal('0.0.0.0') ?? '', /unspecified/, 'never allowed, whatever the ranges');
  assert.match(wide.refusal('224.0.0.1') ?? '', /multicast/);
  assert.equal(EndpointNetworks.parse(wide.describe()).refusal('10.0.0.1'), null);

  // The test helpers' setting: this one loopback address and nothing else.
  const testing = EndpointNetworks.parse('127.0.0.1/32');
  assert.equal(testing.refusal('127.0.0.1'), null);
  assert.match(testing.refusal('127.0.0.2') ?? '', /loopback/);
  assert.match(testing.refusal('::1') ?? '', /loopback/);
  for (const bad of ['intranet', '10.0.0.0/33', 'x/8', '']) {
    assert.throws(() => EndpointNetworks.parse(bad), /CIDR|names no network/, bad);
  }
});

for (const backend of backends) {
  test(`${backend}: registering a policy at a refused address is a 400 on endpoint, and nothing is stored`, async () => {
    await withDatabase(backend, async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      const api = request(createApp({ db, simCatalog, artifacts }));
      const targets: [string, RegExp][] = [
        ['ws://127.0.0.1:6379', /127\.0\.0\.1 is a loopback address/],
        ['ws://localhost:6379', /localhost: .* is a loopback address/],
        ['ws://0x7f.1:6379', /loopback/],
        ['ws://[::1]:8000', /loopback/],
        ['ws://[::ffff:127.0.0.1]:8000', /loopback/],
        ['ws://10.0.0.8:8000', /private/],
        ['ws://192.168.1.20:8000', /private/],
        ['ws://169.254.169.254/latest/meta-data', /link-local/],
        ['ws://0.0.0.0:8000', /unspecified/],
        ['ws://224.0.0.1:8000', /multicast/],
        ['ws://nonesuch.invalid:8000', /does not resolve/],
      ];
      for (const [endpoint, reason] of targets) {
        const res = await api
          .post('/api/policies')
          .send({ name: 'remote', kind: 'openpi', endpoint });
        assert.equal(res.status, 400, `${endpoint}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.problems[0].field, 'endpoint', endpoint);
        assert.match(res.body.problems[0].problem, reason, endpoint);
      }
      assert.equal((await api.get('/api/policies')).body.policies.length, 0, 'nothing stored');

      // One setting lets a lab register its policy server on its own network.
      const lab = request(
        createApp({ db, simCatalog, artifacts, policyNetworks: EndpointNetworks.parse('private') }),
      );
      const registered = await lab
        .post('/api/policies')
        .send({ name: 'lab', kind: 'openpi', endpoint: 'ws://10.0.0.8:8000' });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const still = await lab
        .post('/api/policies')
        .send({ name: 'meta', kind: 'openpi', endpoint: 'ws://169.254.169.254' });
      assert.equal(still.status, 400);
    });
  });
}

test('a stored policy whose address is no longer allowed is refused again when its health is checked', async () => {
  const server = await listen((_req, res) => res.end('ok'));
  try {
    await withDatabase('sqlite', async ({ db }, { dataDir }) => {
      const artifacts = new LocalDirectoryStore(dataDir);
      const loopback = EndpointNetworks.parse('loopback');
      const local = request(createApp({ db, simCatalog, artifacts, policyNetworks: loopback }));
      const endpoint = `ws://localhost:${server.port}`;
      await local
        .post('/api/policies')
        .send({ name: 'remote', kind: 'openpi', endpoint })
        .expect(201);
      const strict = request(createApp({ db, simCatalog, artifacts }));
      const res = await strict.get('/api/policies/remote/health').expect(200);
      assert.equal(res.body.health.ok, false);
      assert.match(res.body.health.error, /loopback/);
      assert.equal(server.connections(), 0, 'the refused server was never contacted');
    });
  } finally {
    await server.close();
  }
});

test('connections check the address they connect to: a name resolving to loopback is refused', async () => {
  const server = await listen((_req, res) => res.end('ok'));
  const policyServer = await serveBuiltinPolicy('expert', { port: 0 });
  const byName = `ws://localhost:${server.port}`;
  const publicOnly = EndpointNetworks.publicOnly();
  const jobSecret = JobSecret.fromText(JobSecret.generateText());
  try {
    await assert.rejects(
      OpenpiClient.connect(byName, { networks: publicOnly }),
      (error: unknown) => error instanceof EndpointRefusedError && /loopback/.test(error.message),
    );
    const health = await checkOpenpiHealth(byName, { networks: publicOnly, timeoutMs: 2000 });
    assert.equal(health.ok, false);
    assert.match(health.error ?? '', /loopback/);
    await assert.rejects(
      runRollout(
        {
          comparisonId: 'camp_x-0',
          side: 'A',
          task: 'reach',
          seed: 1,
          policy: sealRemotePolicy({ url: byName, observation: 'arena' }, jobSecret),
        },
        () => Promise.reject(new Error('nothing is recorded before the connection')),
        { policyNetworks: publicOnly, jobSecret },
      ),
      (error: unknown) => error instanceof UnrecoverableError && /loopback/.test(error.message),
    );
    assert.equal(server.connections(), 0, 'no connection reached the server');
    // Allowed, a name resolving to loopback connects.
    const client = await OpenpiClient.connect(policyServer.url.replace('127.0.0.1', 'localhost'), {
      networks: EndpointNetworks.parse('loopback'),
    });
    await client.close();
  } finally {
    await Promise.all([server.close(), policyServer.close()]);
  }
});

test('a health check does not follow a redirect', async () => {
  let targetHit = false;
  const target = await listen((_req, res) => {
    targetHit = true;
    res.end('ok');
  });
  const redirecting = await listen((_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${target.port}/healthz` }).end();
  });
  try {
    const health = await checkOpenpiHealth(`ws://127.0.0.1:${redirecting.port}`, {
      networks: EndpointNetworks.parse('loopback'),
      timeoutMs: 2000,
    });
    assert.equal(health.ok, false);
    assert.equal(health.status, 302);
    assert.match(health.error ?? '', /redirects are not followed/);
    assert.equal(targetHit, false);
  } finally {
    await Promise.all([target.close(), redirecting.close()]);
  }
});

async function listen(
  handler: http.RequestListener,
): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  let connections = 0;
  server.on('connection', () => connections++);
  // Both loopback families, so "localhost" reaches it whichever address it resolves to first.
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
