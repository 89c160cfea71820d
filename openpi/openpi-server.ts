import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeMsgpackNumpy, encodeMsgpackNumpy } from './msgpack-numpy.ts';
import { frameBytes, isOpenpiMap, type OpenpiMap } from './openpi-map.ts';

/** The policy behind one connection; a connection is one episode. */
export interface OpenpiSession {
  infer(observation: OpenpiMap): OpenpiMap | Promise<OpenpiMap>;
  close?(): void | Promise<void>;
}

export interface OpenpiServiceOptions {
  /** Sent as the first frame of every connection. */
  metadata: OpenpiMap;
  createSession(): OpenpiSession | Promise<OpenpiSession>;
  /** Told about every error reported to a client (a policy that threw, a bad frame). */
  onError?(error: Error): void;
}

export interface OpenpiAccessOptions extends OpenpiServiceOptions {
  /** When set, upgrades need `Authorization: Api-Key <apiKey>`; others get 401. */
  apiKey?: string;
}

export interface OpenpiServerOptions extends OpenpiAccessOptions {
  /** 127.0.0.1 by default. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

export interface OpenpiServer {
  /** ws://host:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** For a server that also serves other things (the services' HTTP server, at a path). */
export interface OpenpiUpgradeHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection it accepted (1001) and waits for their sessions to close. */
  close(): Promise<void>;
}

const internalErrorCloseCode = 1011;
const internalErrorReason = 'Internal server error. Traceback included in previous frame.';
const goingAwayCloseCode = 1001;
const shutdownGraceMs = 2_000;
const sessionCloseGraceMs = 1_000;

/**
 * Speaks openpi on a socket that is already upgraded: metadata first, then one result per
 * observation, strictly in order. Resolves when the connection has closed and its session with it.
 */
export function serveOpenpiConnection(
  socket: WebSocket,
  service: OpenpiServiceOptions,
): Promise<void> {
  const report = (error: unknown): void =>
    service.onError?.(error instanceof Error ? error : new Error(String(error)));
  let session: OpenpiSession | null = null;
  let sessionClosed = false;
  const closeSession = async (): Promise<void> => {
    if (session === null || sessionClosed) return;
    sessionClosed = true;
    await session.close?.();
  };
  let failed = false;
  let waitingSince = performance.now();
  let previousTotalMs: number | null = null;

  // As openpi's server does: the traceback as a text frame, then close with 1011.
  const fail = (error: unknown): void => {
    if (failed) return;
    failed = true;
    const reported = error instanceof Error ? error : new Error(String(error));
    report(reported);
    if (socket.readyState !== WebSocket.OPEN) return;
    socket.send(reported.stack ?? `${reported.name}: ${reported.message}`);
    socket.close(internalErrorCloseCode, internalErrorReason);
  };

  const answer = async (data: WebSocket.RawData, isBinary: boolean): Promise<void> => {
    if (failed || session === null) return;
    if (!isBinary) {
      throw new TypeError('an openpi observation is a binary msgpack frame; got a text frame');
    }
    const observation = decodeMsgpackNumpy(frameBytes(data));
    if (!isOpenpiMap(observation)) {
      throw new TypeError('an openpi observation is a msgpack map with string keys');
    }
    const inferStarted = performance.now();
    const result = await session.infer(observation);
    const inferMs = performance.now() - inferStarted;
    if (!isOpenpiMap(result)) {
      throw new TypeError('the policy returned something other than a map of results');
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    const serverTiming =
      previousTotalMs === null
        ? { infer_ms: inferMs }
        : { infer_ms: inferMs, prev_total_ms: previousTotalMs };
    socket.send(encodeMsgpackNumpy({ ...result, server_timing: serverTiming }), { binary: true });
    // openpi's "total" runs from waiting for a request to having sent its answer.
    const now = performance.now();
    previousTotalMs = now - waitingSince;
    waitingSince = now;
  };

  // One chain per connection: a client that sends early still gets its answers in order.
  let chain: Promise<void> = (async () => {
    session = await service.createSession();
    // The client left while the session was being made (a relay still connecting upstream).
    if (socket.readyState !== WebSocket.OPEN) return closeSession();
    socket.send(encodeMsgpackNumpy(service.metadata), { binary: true });
    waitingSince = performance.now();
  })().catch(fail);

  socket.on('message', (data, isBinary) => {
    chain = chain.then(() => answer(data, isBinary)).catch(fail);
  });
  // A broken socket is followed by 'close'; there is nobody left to tell.
  socket.on('error', () => {});
  return new Promise((resolve) => {
    socket.once('close', () => {
      // An inference still running is given a moment to finish; a hung one must not keep the
      // session (or a server shutdown) waiting forever.
      let grace: NodeJS.Timeout | undefined;
      const settled = Promise.race([
        chain,
        new Promise<void>((done) => (grace = setTimeout(done, sessionCloseGraceMs))),
      ]);
      void settled
        .then(closeSession)
        .catch(report)
        .finally(() => {
          clearTimeout(grace);
          resolve();
        });
    });
  });
}

/** Whether the upgrade request carries the API key (always true when none is required). */
export function openpiApiKeyAccepted(
  request: IncomingMessage,
  apiKey: string | undefined,
): boolean {
  if (apiKey === undefined) return true;
  const header = request.headers.authorization ?? '';
  // Equal-length digests, so the comparison takes the same time however much of the key matches.
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header), digest(`Api-Key ${apiKey}`));
}

/** Accepts openpi upgrades (any path) and serves each connection with its own session. */
export function createOpenpiUpgradeHandler(options: OpenpiAccessOptions): OpenpiUpgradeHandler {
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 0 });
  const connections = new Map<WebSocket, Promise<void>>();
  let closing = false;
  return {
    handleUpgrade(request, socket, head) {
      if (closing) {
        refuseUpgrade(socket, 503, 'Service Unavailable', 'the policy server is shutting down\n');
        return;
      }
      if (!openpiApiKeyAccepted(request, options.apiKey)) {
        refuseUpgrade(
          socket,
          401,
          'Unauthorized',
          'this policy server needs the header "Authorization: Api-Key <key>"\n',
        );
        return;
      }
      sockets.handleUpgrade(request, socket, head, (websocket) => {
        const done = serveOpenpiConnection(websocket, options).finally(() =>
          connections.delete(websocket),
        );
        connections.set(websocket, done);
      });
    },
    async close() {
      closing = true;
      for (const websocket of connections.keys()) {
        websocket.close(goingAwayCloseCode, 'policy server shutting down');
      }
      const grace = setTimeout(() => {
        for (const websocket of connections.keys()) websocket.terminate();
      }, shutdownGraceMs);
      await Promise.all(connections.values());
      clearTimeout(grace);
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** An openpi policy server on its own port, with GET /healthz as openpi's server has. */
export async function startOpenpiServer(options: OpenpiServerOptions): Promise<OpenpiServer> {
  const host = options.host ?? '127.0.0.1';
  const upgrades = createOpenpiUpgradeHandler(options);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK\n');
      return;
    }
    response
      .writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' })
      .end('this is an openpi policy server: connect with a websocket\n');
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    upgrades.handleUpgrade(request, socket, head),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      await upgrades.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, statusText: string, body: string): void {
  // The client may already be gone; nothing is left to report to.
  socket.on('error', () => {});
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
