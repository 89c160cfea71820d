import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { principalOfToken, principalOfTokenId } from './api-tokens.ts';
import type { Principal } from './principal.ts';
import { cookieValue, sessionCookieName, verifySession } from './session-cookie.ts';

export interface AuthDeps {
  db: Kysely<Database>;
  /** Signs session cookies; without one only bearer tokens are accepted. */
  sessionSecret?: Buffer | undefined;
  /** Origins besides the request's own Host that may change things (a public URL behind a proxy). */
  trustedOrigins?: readonly string[];
  /**
   * Take a request without a credential from this machine as a researcher's: true only while
   * the services listen on loopback alone (so the local demo needs no token); never for a
   * request that came through a proxy or names a host other than a loopback one.
   */
  trustLoopback?: boolean;
}

/** The principal of a credential-less request from this machine, while trustLoopback holds. */
export const loopbackResearcher: Principal = {
  tokenId: 'loopback',
  role: 'researcher',
  station: null,
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is asking (a bearer token, or a session cookie made from one) into
 * `res.locals.principal`, and refuses cross-site writes: a state-changing request that carries
 * an Origin must come from this site, and one authenticated by cookie must carry one (browsers
 * always send it on fetch POSTs). Non-browser clients send a bearer token and no Origin.
 */
export function authenticate({
  db,
  sessionSecret,
  trustedOrigins = [],
  trustLoopback = false,
}: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const authorization = req.get('authorization');
    let principal: Principal | null = null;
    let viaCookie = false;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      principal = match === null ? null : await principalOfToken(db, match[1]!);
      if (principal === null) {
        refuse(res, 401, 'Authorization', 'is not a valid, unrevoked bearer token');
        return;
      }
    } else if (sessionSecret !== undefined) {
      const session = cookieValue(req.get('cookie'), sessionCookieName);
      const tokenId = session === undefined ? null : verifySession(sessionSecret, session);
      if (tokenId !== null) principal = await principalOfTokenId(db, tokenId);
      viaCookie = principal !== null;
    }
    if (principal === null && trustLoopback && isLocalRequest(req)) principal = loopbackResearcher;
    if (!safeMethods.has(req.method)) {
      const origin = req.get('origin');
      if (origin !== undefined && !isTrustedOrigin(req, origin, trustedOrigins)) {
        refuse(res, 403, 'Origin', `${origin} may not change anything here`);
        return;
      }
      if (origin === undefined && viaCookie) {
        refuse(res, 403, 'Origin', 'a signed-in browser request must say where it comes from');
        return;
      }
    }
    res.locals.principal = principal;
    next();
  };
}

/** The principal `authenticate` found, or null for an anonymous request. */
export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | null | undefined) ?? null;
}

/**
 * From this machine, directly: a loopback peer, no proxy's forwarding headers, and a loopback
 * Host (a page served under another name that resolves to 127.0.0.1, as in DNS rebinding, is
 * not this machine's user).
 */
function isLocalRequest(req: Request): boolean {
  if (req.get('forwarded') !== undefined || req.get('x-forwarded-for') !== undefined) return false;
  const peer = req.socket.remoteAddress ?? '';
  const loopbackPeer = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  const hostname = (req.get('host') ?? '').replace(/:\d+$/, '');
  const loopbackHost =
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
  return loopbackPeer && loopbackHost;
}

function isTrustedOrigin(req: Request, origin: string, trusted: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === req.get('host') || trusted.includes(origin);
}

function refuse(res: Response, status: number, field: string, problem: string): void {
  res.status(status).json({ error: `${field}: ${problem}`, problems: [{ field, problem }] });
}
