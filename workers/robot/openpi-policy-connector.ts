import { OpenpiClient } from '../../openpi/openpi-client.ts';
import type { PolicyConnector } from './policy-connection.ts';

/**
 * Connects to policies over openpi's websocket protocol: the handle URLs of the services' relay,
 * or any openpi server. `timeoutMs` bounds connecting and each inference.
 */
export function openpiPolicyConnector(options: { timeoutMs?: number } = {}): PolicyConnector {
  return async (url) => {
    const client = await OpenpiClient.connect(url, options);
    return {
      metadata: client.metadata,
      infer: (observation) => client.infer(observation),
      close: () => client.close(),
    };
  };
}
