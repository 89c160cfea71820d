import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Bytes of a generated secret. */
const secretBytes = 32;

/**
 * The key that signs session cookies: `ARENA_SECRET` when set (every replica behind a load
 * balancer must share it), otherwise a random one kept in `<dataDir>/session-secret` (mode 0600)
 * and made on first start, so a single machine needs no configuration and restarts keep sessions.
 */
export function loadServerSecret(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv !== undefined) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, 'session-secret');
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(secretBytes);
  try {
    // 'wx': two processes starting at once must not each write a different secret.
    fs.writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  }
}
