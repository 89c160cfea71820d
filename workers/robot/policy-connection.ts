/**
 * What the station's episode loop needs of a policy: one open connection to a policy server that
 * turns an observation map into a result map holding `actions`. The openpi websocket client is
 * the implementation (`openpi-policy-connector.ts`); the loop knows nothing of the wire.
 */
export interface PolicyConnection {
  /** The server's handshake metadata (often empty). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** One request/response round; rejects on a server error, a lost connection or a timeout. */
  infer(observation: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Idempotent. */
  close(): Promise<void>;
}

/** Opens a connection to the policy behind an opaque handle URL. */
export type PolicyConnector = (url: string) => Promise<PolicyConnection>;
