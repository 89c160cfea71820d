import dns from 'node:dns';
import net from 'node:net';
import type { EndpointNetworks } from './endpoint-networks.ts';
import { OpenpiConnectionError } from './openpi-errors.ts';
import { redactUrl } from './redact-url.ts';

/**
 * A policy server's address is not one the deployment allows. It is a connection error (the
 * policy was never reached, so the episode is not its loss) that retrying does not cure.
 */
export class EndpointRefusedError extends OpenpiConnectionError {
  override name = 'EndpointRefusedError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${redactUrl(url)}: ${reason}`);
  }
}

/**
 * Resolves the endpoint's host and checks every address it resolves to, so that a name with
 * one public and one private address is refused. Throws EndpointRefusedError, also for a host
 * that does not resolve. Used at registration; connections check again through `guardedLookup`.
 */
export async function checkEndpoint(url: string, networks: EndpointNetworks): Promise<void> {
  const host = new URL(url).hostname;
  if (net.isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    const refusal = networks.refusal(host);
    if (refusal !== null) throw new EndpointRefusedError(url, refusal);
    return;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'no answer';
    throw new EndpointRefusedError(url, `the host "${host}" does not resolve (${code})`);
  }
  const refused = refusalOf(addresses, networks);
  if (refused !== null) throw new EndpointRefusedError(url, `${host}: ${refused}`);
}

/**
 * Checks an IP literal endpoint before connecting (a literal is never looked up, so
 * `guardedLookup` does not see it).
 */
export function checkLiteralEndpoint(url: string, networks: EndpointNetworks): void {
  const host = new URL(url).hostname;
  if (net.isIP(host.replace(/^\[|\]$/g, '')) === 0) return;
  const refusal = networks.refusal(host);
  if (refusal !== null) throw new EndpointRefusedError(url, refusal);
}

/**
 * A `lookup` for net/tls/http connections that resolves the name, refuses it if any address is
 * not allowed, and hands the connection exactly the addresses it checked: a name cannot resolve
 * to a public address for the check and a private one for the connection.
 */
export function guardedLookup(url: string, networks: EndpointNetworks): net.LookupFunction {
  return (hostname, options, callback) => {
    // The callback's error type is ErrnoException; the connection passes it on unchanged.
    const refuse = (reason: string): void =>
      callback(new EndpointRefusedError(url, reason) as unknown as NodeJS.ErrnoException, '', 4);
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error, '', 4);
        return;
      }
      const refused = refusalOf(addresses, networks);
      if (refused !== null) {
        refuse(`${hostname}: ${refused}`);
        return;
      }
      const first = addresses[0];
      if (first === undefined) {
        refuse(`${hostname} resolves to no address`);
      } else if (options.all === true) {
        (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

function refusalOf(addresses: dns.LookupAddress[], networks: EndpointNetworks): string | null {
  if (addresses.length === 0) return 'resolves to no address';
  for (const { address } of addresses) {
    const refusal = networks.refusal(address);
    if (refusal !== null) return refusal;
  }
  return null;
}
