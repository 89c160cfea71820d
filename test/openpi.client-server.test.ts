// The openpi client and server over real sockets: metadata first, one request at a time, timing,
// errors as text frames with close 1011, /healthz, API keys, and serving at a path of a server.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import {
  checkOpenpiHealth,
  createOpenpiUpgradeHandler,
  encodeMsgpackNumpy,
  isNdArray,
  ndarrayFromValues,
  OpenpiClient,
  OpenpiConnectionError,
  OpenpiServerError,
  OpenpiTimeoutError,
  startOpenpiServer,
  type OpenpiServer,
  type OpenpiServerOptions,
  type OpenpiSession,
} from '../openpi/index.ts';

async function withServer(
  options: Partial<OpenpiServerOptions> & Pick<OpenpiServerOptions, 'createSession'>,
  body: (server: OpenpiServer) => Promise<void>,
): Promise<void> {
  const server = await startOpenpiServer({ port: 0, metadata: {}, ...options });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const echoSession = (): OpenpiSession => ({
  infer: (observation) => ({
    actions: ndarrayFromValues([[0, 0, 0, 0, 0, 0, 1]], '<f8'),
    echo: observation.prompt,
  }),
});

test('the client reads the metadata frame first, and results carry server_timing', async () => {
  const metadata = { action_dim: 7, nested: { horizon: 10 }, names: ['a', 'b'] };
  await withServer({ metadata, createSession: echoSession }, async (server) => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const client = await OpenpiClient.connect(server.url);
    try {
      assert.deepEqual(client.metadata, metadata);
      const first = await client.infer({ prompt: 'push the cube' });
      assert.equal(first.echo, 'push the cube');
      assert.ok(isNdArray(first.actions));
      assert.deepEqual(first.actions.shape, [1, 7]);
      const firstTiming = first.server_timing as { infer_ms: number; prev_total_ms?: number };
      assert.equal(typeof firstTiming.infer_ms, 'number');
      assert.ok(firstTiming.infer_ms >= 0);
      assert.equal('prev_total_ms' in firstTiming, false);
      const second = await client.infer({ prompt: 'again' });
      const secondTiming = second.server_timing as { infer_ms: number; prev_total_ms?: number };
      assert.equal(typeof secondTiming.prev_total_ms, 'number');
      assert.ok(secondTiming.prev_total_ms! >= firstTiming.infer_ms);
    } finally {
      await client.close();
    }
  });
});

test('concurrent infer calls go over the wire one at a time and get their own answers', async () => {
  let inFlight = 0;
  let mostInFlight = 0;
  const seen: number[] = [];
  const session = (): OpenpiSession => ({
    async infer(observation) {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      seen.push(observation.index as number);
      await sleep(15 - 2 * (observation.index as number));
      inFlight -= 1;
      return { index: observation.index };
    },
  });
  await withServer({ createSession: session }, async (server) => {
    const client = await OpenpiClient.connect(server.url);
    try {
      const results = await Promise.all([0, 1, 2, 3, 4].map((index) => client.infer({ index })));
      assert.deepEqual(
        results.map((result) => result.index),
        [0, 1, 2, 3, 4],
      );
      assert.deepEqual(seen, [0, 1, 2, 3, 4]);
      assert.equal(mostInFlight, 1);
    } finally {
      await client.close();
    }
  });
});

test('a policy that throws: a text frame with its stack, close 1011, OpenpiServerError', async () => {
  const errors: Error[] = [];
  let closedSessions = 0;
  const session = (): OpenpiSession => ({
    infer(observation) {
      if (observation.explode === true) throw new RangeError('gripper exploded');
      return { ok: true };
    },
    close() {
      closedSessions += 1;
    },
  });
  await withServer(
    { createSession: session, onError: (error) => errors.push(error) },
    async (server) => {
      // On the wire, as any openpi client sees it.
      const raw = new WebSocket(server.url);
      const frames: { text: string | null }[] = [];
      raw.on('message', (data, isBinary) =>
        frames.push({ text: isBinary ? null : (data as Buffer).toString('utf8') }),
      );
      await once(raw, 'open');
      raw.send(encodeMsgpackNumpy({ explode: true }));
      const [code, reason] = (await once(raw, 'close')) as [number, Buffer];
      assert.equal(code, 1011);
      assert.match(reason.toString(), /Traceback included in previous frame/);
      assert.equal(frames.length, 2);
      assert.equal(frames[0]?.text, null, 'the metadata frame is binary');
      assert.match(frames[1]?.text ?? '', /^RangeError: gripper exploded\n\s+at /);

      // Through the client.
      const client = await OpenpiClient.connect(server.url);
      assert.equal((await client.infer({})).ok, true);
      const failure = await client.infer({ explode: true }).then(
        () => assert.fail('infer should reject'),
        (error: unknown) => error,
      );
      assert.ok(failure instanceof OpenpiServerError);
      assert.match(failure.traceback, /RangeError: gripper exploded/);
      assert.match(failure.traceback, /openpi\.client-server\.test\.ts/);
      // The connection is gone after an error; later calls say so instead of hanging.
      await assert.rejects(client.infer({}), OpenpiServerError);
      await client.close();
      await sleep(20);
      assert.equal(errors.length, 2);
      assert.equal(closedSessions, 2, 'each connection closes its session');
    },
  );
});

test('a server that closes with 1011 and no text frame gives a clear connection error', async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  wss.on('connection', (socket) => {
    socket.send(encodeMsgpackNumpy({}));
    socket.on('message', () => socket.close(1011, 'out of GPU memory'));
  });
  try {
    const { port } = wss.address() as AddressInfo;
    const client = await OpenpiClient.connect(`ws://127.0.0.1:${port}`);
    await assert.rejects(client.infer({ a: 1 }), (error) => {
      assert.ok(error instanceof OpenpiConnectionError);
      assert.equal(error.code, 1011);
      assert.match(
        error.message,
        /closed the connection with 1011 \(internal error\): out of GPU memory/,
      );
      return true;
    });
    await client.close();
  } finally {
    await new Promise((resolve) => wss.close(resolve));
  }
});

test('a server that does not answer in time: OpenpiTimeoutError, and the connection is dropped', async () => {
  const session = (): OpenpiSession => ({ infer: () => new Promise(() => {}) });
  await withServer({ createSession: session }, async (server) => {
    const client = await OpenpiClient.connect(server.url, { timeoutMs: 100 });
    await assert.rejects(client.infer({}), (error) => {
      assert.ok(error instanceof OpenpiTimeoutError);
      assert.match(error.message, /no answer from ws:\/\/127\.0\.0\.1:\d+ within 100 ms/);
      return true;
    });
    await assert.rejects(client.infer({}), OpenpiTimeoutError);
    assert.equal(client.isOpen, false);
    await client.close();
  });
});

test('connecting to nothing, or to something that is not a websocket URL, fails clearly', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  await assert.rejects(
    OpenpiClient.connect(`ws://127.0.0.1:${port}`),
    /cannot connect to ws:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
  );
  await assert.rejects(OpenpiClient.connect('http://example.test:8000'), /ws:\/\/ or wss:\/\//);
});

test('GET /healthz answers OK, and checkOpenpiHealth reports it', async () => {
  await withServer({ createSession: echoSession, apiKey: 'sesame' }, async (server) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'OK\n');
    const health = await checkOpenpiHealth(server.url);
    assert.equal(health.ok, true);
    assert.equal(health.status, 200);
    assert.equal(health.error, null);
    assert.ok(health.latencyMs >= 0);
  });
  const free = createServer();
  free.listen(0, '127.0.0.1');
  await once(free, 'listening');
  const { port } = free.address() as AddressInfo;
  await new Promise((resolve) => free.close(resolve));
  const down = await checkOpenpiHealth(`ws://127.0.0.1:${port}`, { timeoutMs: 2000 });
  assert.equal(down.ok, false);
  assert.equal(down.status, null);
  assert.match(down.error ?? '', /healthz: connect ECONNREFUSED/);
});

test('with an API key, an upgrade without it or with a wrong one is refused with 401', async () => {
  await withServer({ createSession: echoSession, apiKey: 'sesame' }, async (server) => {
    for (const apiKey of [undefined, 'open-sesame']) {
      await assert.rejects(OpenpiClient.connect(server.url, { apiKey }), (error) => {
        assert.ok(error instanceof OpenpiConnectionError);
        assert.equal(error.code, 401);
        assert.match(
          error.message,
          /refused the connection with HTTP 401 \(the API key is missing or wrong\)/,
        );
        return true;
      });
    }
    const client = await OpenpiClient.connect(server.url, { apiKey: 'sesame' });
    assert.equal((await client.infer({ prompt: 'hi' })).echo, 'hi');
    await client.close();
  });
});

test('an existing HTTP server can accept openpi connections at a path', async () => {
  const openpi = createOpenpiUpgradeHandler({
    metadata: { served_at: 'a path' },
    createSession: echoSession,
  });
  const http = createServer((_request, response) => response.writeHead(404).end());
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.url?.startsWith('/policy/') === true) openpi.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  try {
    const client = await OpenpiClient.connect(`ws://127.0.0.1:${port}/policy/abc`);
    assert.deepEqual(client.metadata, { served_at: 'a path' });
    assert.equal((await client.infer({ prompt: 'x' })).echo, 'x');
    // Shutting the handler down closes its connections; the client is told.
    await openpi.close();
    await assert.rejects(
      client.infer({ prompt: 'y' }),
      /closed the connection unexpectedly \(code 1001/,
    );
    await client.close();
  } finally {
    await new Promise((resolve) => http.close(resolve));
  }
});
