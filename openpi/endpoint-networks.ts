import net from 'node:net';

/** Address ranges a policy server may sit in only when the deployment allows it by name. */
export type NetworkClass = 'loopback' | 'private' | 'link-local';
export const networkClasses: readonly NetworkClass[] = ['loopback', 'private', 'link-local'];

type Range = readonly [address: string, prefix: number, family: 'ipv4' | 'ipv6'];

const classRanges: Record<NetworkClass, readonly Range[]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    // Carrier-grade NAT space: private to an operator, never a public server.
    ['100.64.0.0', 10, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
  // Includes 169.254.169.254, the cloud instance metadata service.
  'link-local': [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
};

/** Never a policy server: connecting to these reaches this host, a group, or nothing. */
const neverRanges: readonly (readonly [Range, string])[] = [
  [['0.0.0.0', 8, 'ipv4'], 'an unspecified address'],
  [['::', 128, 'ipv6'], 'an unspecified address'],
  [['224.0.0.0', 4, 'ipv4'], 'a multicast address'],
  [['ff00::', 8, 'ipv6'], 'a multicast address'],
  [['240.0.0.0', 4, 'ipv4'], 'a reserved or broadcast address'],
];

/** IPv6 forms that carry an IPv4 address in their last 32 bits (mapped, and NAT64's prefix). */
const embeddedIpv4 = blockList([
  ['::ffff:0:0', 96, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
]);

export class EndpointNetworksError extends Error {
  override name = 'EndpointNetworksError';
}

/**
 * Which addresses a remote policy's server may have. Public addresses always; loopback, private
 * and link-local ones only when allowed by class or by a CIDR range; unspecified, multicast and
 * reserved ones never. A lab's policy server on its own network is the normal case, so one
 * setting (`ARENA_POLICY_NETWORKS=private`, or a CIDR list) allows it.
 */
export class EndpointNetworks {
  private readonly classes: ReadonlySet<NetworkClass>;
  private readonly cidrs: net.BlockList;

  private constructor(
    classes: Iterable<NetworkClass>,
    private readonly cidrTexts: readonly string[],
  ) {
    this.classes = new Set(classes);
    this.cidrs = blockList(cidrTexts.map(parseCidr));
  }

  /**
   * Public addresses only: the default. A policy server on this machine or the lab's network is
   * allowed only by setting it, so that registering an endpoint cannot probe the services' own
   * neighbourhood (Redis on loopback, the cloud metadata address) by default.
   */
  static publicOnly(): EndpointNetworks {
    return new EndpointNetworks([], []);
  }

  /**
   * Parses the setting: comma- or space-separated `public` (nothing beyond public addresses),
   * `loopback`, `private`, `link-local` and CIDR ranges such as `10.20.0.0/16` or `fd00:1::/64`.
   */
  static parse(setting: string): EndpointNetworks {
    const tokens = setting
      .split(/[\s,]+/)
      .map((token) => token.trim())
      .filter((token) => token !== '');
    if (tokens.length === 0) throw new EndpointNetworksError('names no network');
    const classes: NetworkClass[] = [];
    const cidrs: string[] = [];
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (lower === 'public') continue;
      if ((networkClasses as readonly string[]).includes(lower))
        classes.push(lower as NetworkClass);
      else if (token.includes('/')) cidrs.push(token);
      else {
        throw new EndpointNetworksError(
          `"${token}" is neither public, ${networkClasses.join(', ')} nor a CIDR range such as 10.20.0.0/16`,
        );
      }
    }
    for (const cidr of cidrs) parseCidr(cidr);
    return new EndpointNetworks(classes, cidrs);
  }

  /** How the setting reads, for messages: e.g. `public, loopback, 10.20.0.0/16`. */
  describe(): string {
    return ['public', ...this.classes, ...this.cidrTexts].join(', ');
  }

  /** Why a policy server may not be at `address` (an IP literal), or null when it may. */
  refusal(address: string): string | null {
    const ip = normaliseIp(address);
    if (ip === null) return `"${address}" is not an IP address`;
    const family = net.isIPv4(ip) ? 'ipv4' : 'ipv6';
    for (const [range, what] of neverRanges) {
      if (range[2] === family && blockList([range]).check(ip, family)) {
        return `${ip} is ${what}, never a policy server`;
      }
    }
    const networkClass = networkClasses.find((c) => blockList(classRanges[c]).check(ip, family));
    if (networkClass === undefined) return null;
    if (this.classes.has(networkClass) || this.cidrs.check(ip, family)) return null;
    return (
      `${ip} is a ${networkClass} address, and policy servers there are not allowed ` +
      `(allowed: ${this.describe()}); set ARENA_POLICY_NETWORKS=${networkClass} or a CIDR list ` +
      `on the services and workers to allow them`
    );
  }
}

/** An IPv4 or IPv6 literal, IPv6 brackets removed and IPv4 carried in IPv6 unwrapped. */
export function normaliseIp(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (net.isIPv4(bare)) return bare;
  if (!net.isIPv6(bare)) return null;
  if (!embeddedIpv4.check(bare, 'ipv6')) return bare.toLowerCase();
  const groups = expandIpv6(bare);
  const high = groups[6]!;
  const low = groups[7]!;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The eight 16-bit groups of a valid IPv6 literal (`::` expanded, a dotted-quad tail read). */
function expandIpv6(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((group) => parseInt(group, 16));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function parseCidr(text: string): Range {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  const address = match?.[1];
  const family = address === undefined ? 0 : net.isIP(address);
  const prefix = Number(match?.[2]);
  if (address === undefined || family === 0 || prefix > (family === 4 ? 32 : 128)) {
    throw new EndpointNetworksError(
      `"${text}" is not a CIDR range such as 10.20.0.0/16 or fd00:1::/64`,
    );
  }
  return [address, prefix, family === 4 ? 'ipv4' : 'ipv6'];
}

function blockList(ranges: readonly Range[]): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of ranges) list.addSubnet(address, prefix, family);
  return list;
}
