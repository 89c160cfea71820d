import http from 'node:http';
import https from 'node:https';
import { errorMessage } from '../lib/error-message.ts';
import WebSocket from 'ws';
import { checkLiteralEndpoint, EndpointRefusedError, guardedLookup } from './endpoint-check.ts';
import type { EndpointNetworks } from './endpoint-networks.ts';
import { redactUrl } from './redact-url.ts';
import { decodeMsgpackNumpy, encodeMsgpackNumpy } from './msgpack-numpy.ts';
import { frameBytes, isOpenpiMap, type OpenpiMap } from './openpi-map.ts';
import {
  OpenpiConnectionError,
  OpenpiProtocolError,
  OpenpiServerError,
  OpenpiTimeoutError,
  type OpenpiError,
} from './openpi-errors.ts';

export interface OpenpiClientOptions {
  /** Sent as `Authorization: Api-Key <key>` with the upgrade request. */
  apiKey?: string;
  /** Limit for connecting and reading the metadata, and for each inference; 30 s by default. */
  timeoutMs?: number;
  /**
   * Where the server may be: its address is checked before connecting, and the connection goes
   * to the checked address. Undefined connects anywhere (for tools and tests, not for services
   * or workers, which always pass the deployment's setting).
   */
  networks?: EndpointNetworks;
}

export const defaultOpenpiTimeoutMs = 30_000;
/** How long close() waits for the server's closing handshake before dropping the socket. */
const closeGraceMs = 1_000;

interface PendingInference {
  resolve(result: OpenpiMap): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A client of one openpi policy server connection (openpi's WebsocketClientPolicy). Requests are
 * strictly one at a time on the wire: concurrent infer() calls wait their turn.
 */
export class OpenpiClient {
  private metadataValue: OpenpiMap | null = null;
  /** The HTTP status of a refused upgrade (401 for a wrong API key). */
  private refusedWith: number | null = null;
  private pending: PendingInference | null = null;
  /** Once set the connection is unusable; every later call rejects with it. */
  private failure: OpenpiError | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly closed: Promise<void>;
  private readonly opened: Promise<OpenpiClient>;
  /** The URL as messages show it: credentials in it must not reach logs or API answers. */
  private readonly shown: string;

  private constructor(
    readonly url: string,
    private readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    this.shown = redactUrl(url);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.opened = this.waitForMetadata();
    socket.on('message', (data, isBinary) => this.onMessage(frameBytes(data), isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', (error) => this.onSocketError(error));
    socket.once('unexpected-response', (_request, response) => {
      this.refusedWith = response.statusCode ?? null;
      response.resume();
      this.socket.terminate();
    });
  }

  /** Opens a connection and reads the server's metadata frame. */
  static async connect(url: string, options: OpenpiClientOptions = {}): Promise<OpenpiClient> {
    checkOpenpiUrl(url);
    const { networks } = options;
    if (networks !== undefined) checkLiteralEndpoint(url, networks);
    const timeoutMs = options.timeoutMs ?? defaultOpenpiTimeoutMs;
    const socket = new WebSocket(url, {
      // Images make large frames; openpi neither compresses nor limits them.
      perMessageDeflate: false,
      maxPayload: 0,
      handshakeTimeout: timeoutMs,
      // A redirect could lead anywhere, past the address check.
      followRedirects: false,
      ...(networks === undefined ? {} : { lookup: guardedLookup(url, networks) }),
      headers: options.apiKey === undefined ? {} : { Authorization: `Api-Key ${options.apiKey}` },
    });
    return new OpenpiClient(url, socket, timeoutMs).opened;
  }

  /** What the server sent on connect (often empty). */
  get metadata(): OpenpiMap {
    return this.metadataValue ?? {};
  }

  get isOpen(): boolean {
    return this.failure === null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one observation and resolves with the server's result map. */
  infer(observation: OpenpiMap): Promise<OpenpiMap> {
    const result = this.turn.then(() => this.send(observation));
    this.turn = result.catch(() => {});
    return result;
  }

  /** Closes the connection; an inference in progress rejects. */
  async close(): Promise<void> {
    this.fail(
      new OpenpiConnectionError(`the connection to ${this.shown} was closed by the client`),
    );
    if (this.socket.readyState === WebSocket.CLOSED) return;
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else this.socket.close(1000);
    const grace = setTimeout(() => this.socket.terminate(), closeGraceMs);
    await this.closed;
    clearTimeout(grace);
  }

  private send(observation: OpenpiMap): Promise<OpenpiMap> {
    if (this.failure !== null) return Promise.reject(this.failure);
    let frame: Uint8Array;
    try {
      frame = encodeMsgpackNumpy(observation);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<OpenpiMap>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late answer would be taken for the next request's, so the connection is given up.
        this.fail(
          new OpenpiTimeoutError(`no answer from ${this.shown} within ${this.timeoutMs} ms`),
        );
        this.socket.terminate();
      }, this.timeoutMs);
      this.pending = { resolve, reject, timer };
      this.socket.send(frame, { binary: true });
    });
  }

  private waitForMetadata(): Promise<OpenpiClient> {
    return new Promise<OpenpiClient>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new OpenpiTimeoutError(`no metadata from ${this.shown} within ${this.timeoutMs} ms`),
        );
        this.socket.terminate();
      }, this.timeoutMs);
      // The metadata frame settles this like an answer; a failure before it rejects.
      this.pending = {
        resolve: (metadata) => {
          clearTimeout(timer);
          this.metadataValue = metadata;
          resolve(this);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
        timer,
      };
    });
  }

  private onMessage(bytes: Uint8Array, isBinary: boolean): void {
    if (!isBinary) {
      this.fail(new OpenpiServerError(new TextDecoder().decode(bytes)));
      return;
    }
    const pending = this.pending;
    if (pending === null) {
      this.fail(new OpenpiProtocolError(`${this.shown} sent a frame nobody asked for`));
      this.socket.terminate();
      return;
    }
    let decoded: unknown;
    try {
      decoded = decodeMsgpackNumpy(bytes);
    } catch (error) {
      this.fail(
        new OpenpiProtocolError(`${this.shown} sent an undecodable frame: ${errorMessage(error)}`),
      );
      this.socket.terminate();
      return;
    }
    if (!isOpenpiMap(decoded)) {
      this.fail(new OpenpiProtocolError(`${this.shown} sent a frame that is not a map`));
      this.socket.terminate();
      return;
    }
    clearTimeout(pending.timer);
    this.pending = null;
    pending.resolve(decoded);
  }

  private onSocketError(error: Error): void {
    if (error instanceof EndpointRefusedError) {
      this.fail(error);
      return;
    }
    const refused = this.refusedWith;
    const cause = describeSocketError(error);
    if (refused !== null) {
      const hint = refused === 401 || refused === 403 ? ' (the API key is missing or wrong)' : '';
      this.fail(
        new OpenpiConnectionError(
          `${this.shown} refused the connection with HTTP ${refused}${hint}`,
          refused,
        ),
      );
    } else if (this.metadataValue === null) {
      this.fail(new OpenpiConnectionError(`cannot connect to ${this.shown}: ${cause}`));
    } else {
      this.fail(new OpenpiConnectionError(`the connection to ${this.shown} failed: ${cause}`));
    }
  }

  private onClose(code: number, reason: string): void {
    const because = reason === '' ? '' : `: ${reason}`;
    this.fail(
      code === 1011
        ? new OpenpiConnectionError(
            `${this.shown} closed the connection with 1011 (internal error)${because}`,
            code,
          )
        : new OpenpiConnectionError(
            `${this.shown} closed the connection unexpectedly (code ${code}${because})`,
            code,
          ),
    );
  }

  /** Records the first failure and rejects the request waiting for an answer, if any. */
  private fail(error: OpenpiError): void {
    this.failure ??= error;
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.reject(this.failure);
  }
}

export interface OpenpiHealth {
  ok: boolean;
  /** Wall time of the GET /healthz, milliseconds. */
  latencyMs: number;
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
}

/**
 * GET /healthz on the policy server's host and port (ws → http, wss → https). A redirect is an
 * unhealthy answer, never followed: it could point anywhere, past the address check.
 */
export async function checkOpenpiHealth(
  url: string,
  options: OpenpiClientOptions = {},
): Promise<OpenpiHealth> {
  const timeoutMs = options.timeoutMs ?? defaultOpenpiTimeoutMs;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let healthUrl: URL;
  try {
    checkOpenpiUrl(url);
    if (options.networks !== undefined) checkLiteralEndpoint(url, options.networks);
    healthUrl = new URL('/healthz', url);
    healthUrl.protocol = healthUrl.protocol === 'wss:' ? 'https:' : 'http:';
  } catch (error) {
    return { ok: false, latencyMs: 0, status: null, error: errorMessage(error) };
  }
  const shown = redactUrl(healthUrl.href);
  try {
    const status = await getStatus(healthUrl, url, options, timeoutMs);
    const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
    return {
      ok: status === 200,
      latencyMs: elapsed(),
      status,
      error: status === 200 ? null : `GET ${shown} answered HTTP ${status}${redirect}`,
    };
  } catch (error) {
    return {
      ok: false,
      latencyMs: elapsed(),
      status: null,
      error:
        error instanceof EndpointRefusedError
          ? error.message
          : `GET ${shown}: ${errorMessage(error)}`,
    };
  }
}

/** One GET, its body discarded; the API key and any user:password of the URL are sent. */
function getStatus(
  healthUrl: URL,
  endpoint: string,
  options: OpenpiClientOptions,
  timeoutMs: number,
): Promise<number> {
  const headers: Record<string, string> = {};
  if (options.apiKey !== undefined) headers.Authorization = `Api-Key ${options.apiKey}`;
  else if (healthUrl.username !== '') {
    const user = decodeURIComponent(healthUrl.username);
    const password = decodeURIComponent(healthUrl.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const get = healthUrl.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const request = get(
      healthUrl,
      {
        headers,
        agent: false,
        ...(options.networks === undefined
          ? {}
          : { lookup: guardedLookup(endpoint, options.networks) }),
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    request.once('error', reject);
  });
}

function checkOpenpiUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OpenpiConnectionError(
      `"${redactUrl(url)}" is not a URL; an openpi server is ws://host:port`,
    );
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new OpenpiConnectionError(
      `an openpi server URL starts with ws:// or wss:// (got "${redactUrl(url)}")`,
    );
  }
}

function describeSocketError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code} (${error.message})`;
}
