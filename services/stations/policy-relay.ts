import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  builtinPolicyService,
  OpenpiClient,
  serveOpenpiConnection,
  type EndpointNetworks,
  type OpenpiServiceOptions,
} from '../../openpi/index.ts';
import { builtinPolicyName, remotePolicySpec } from '../catalog/policy-store.ts';
import type { Database, Policy } from '../db/schema.ts';
import { livePolicyForHandle, policyRelayPath } from './policy-handles.ts';
import { relayedObservation } from './station-observation.ts';

export interface PolicyRelay {
  /** Closes every relayed connection (1001). */
  close(): Promise<void>;
}

/**
 * Serves openpi at `/policy-relay/<handle>` on the services' HTTP server, so a station reaches a
 * comparison's policy knowing only an opaque handle: a built-in policy is served here, a remote
 * one is proxied (its metadata withheld, since it may name the policy) with its registered
 * observation mapping applied (station-observation.ts). A handle works only while
 * its comparison is queued, so a finished comparison's handles cannot be used to probe policies.
 */
export function attachPolicyRelay(
  server: Server,
  db: Kysely<Database>,
  networks: EndpointNetworks,
): PolicyRelay {
  const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 0 });
  const connections = new Set<WebSocket>();
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(policyRelayPath)) {
      refuse(socket, 404, 'Not Found', 'no websocket service at this path\n');
      return;
    }
    void serviceFor(db, decodeURIComponent(path.slice(policyRelayPath.length)), networks)
      .then((service) => {
        if (service === undefined) {
          refuse(socket, 404, 'Not Found', 'unknown or finished policy handle\n');
          return;
        }
        sockets.handleUpgrade(request, socket, head, (websocket) => {
          connections.add(websocket);
          void serveOpenpiConnection(websocket, service).finally(() =>
            connections.delete(websocket),
          );
        });
      })
      .catch((error: unknown) => {
        console.error(`policy relay: ${String(error)}`);
        refuse(socket, 500, 'Internal Server Error', 'the relay could not look up the handle\n');
      });
  };
  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      for (const websocket of connections) websocket.close(1001, 'services shutting down');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

async function serviceFor(
  db: Kysely<Database>,
  token: string,
  networks: EndpointNetworks,
): Promise<OpenpiServiceOptions | undefined> {
  const handle = await livePolicyForHandle(db, token);
  if (handle === undefined) return undefined;
  return policyService(handle.policy, networks);
}

function policyService(policy: Policy, networks: EndpointNetworks): OpenpiServiceOptions {
  if (policy.kind === 'builtin') return builtinPolicyService(builtinPolicyName(policy.config));
  const spec = remotePolicySpec(policy.config);
  const mapping = spec.observation;
  return {
    // The remote's own metadata may carry its name or checkpoint: the station gets none of it,
    // only how to read the actions, as registered (a simulated station applies the columns as
    // the simulator does; a real robot takes rows of its own width).
    metadata: {
      ...(spec.actionMode === undefined ? {} : { action_mode: spec.actionMode }),
      ...(spec.actionColumns === undefined ? {} : { action_columns: spec.actionColumns }),
    },
    createSession: async () => {
      const client = await OpenpiClient.connect(spec.url, {
        ...(spec.apiKey === undefined ? {} : { apiKey: spec.apiKey }),
        networks,
      });
      return {
        infer: (observation) =>
          client.infer(
            mapping === 'arena'
              ? observation
              : // A station already speaks DROID's keys; only the simulator's own are held back.
                relayedObservation(observation, mapping === 'droid' ? {} : mapping),
          ),
        close: () => client.close(),
      };
    },
    onError: (error) => console.error(`policy relay: ${error.message}`),
  };
}

function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
