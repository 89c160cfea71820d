import { createHmac, timingSafeEqual } from 'node:crypto';

export const sessionCookieName = 'arena_session';
/** A session lasts a week; revoking its token ends it sooner. */
export const sessionMaxAgeS = 7 * 24 * 3600;

/** `<token id>.<expiry, unix s>.<HMAC-SHA256 of both>`: a session names a token, nothing more. */
export function signSession(secret: Buffer, tokenId: string, nowMs = Date.now()): string {
  const payload = `${tokenId}.${Math.floor(nowMs / 1000) + sessionMaxAgeS}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The token id of a well-signed, unexpired session value; null otherwise. */
export function verifySession(secret: Buffer, value: string, nowMs = Date.now()): string | null {
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [tokenId, expiry, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(secret, `${tokenId}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 < nowMs) return null;
  return tokenId;
}

/** The Set-Cookie value: HttpOnly (no script reads it), SameSite=Strict (no cross-site use). */
export function sessionCookie(value: string, secure: boolean): string {
  return [
    `${sessionCookieName}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${sessionMaxAgeS}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function mac(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
