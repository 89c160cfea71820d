import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Fewer characters than this cannot hold the 256 bits a key needs. */
export const minSecretLength = 32;
const ivBytes = 12;
const tagBytes = 16;
const format = 'v1';

export class JobSecretError extends Error {
  override name = 'JobSecretError';
}

/**
 * The deployment secret services and workers share (`ARENA_SECRET`), used to seal what a job
 * must carry but Redis must not hold in the clear (a remote policy's API key and the
 * credentials in its URL). AES-256-GCM under a key derived by HKDF-SHA256; each sealed value
 * has its own random IV and is bound to what it is for, so one cannot stand in for another.
 */
export class JobSecret {
  private constructor(private readonly key: Buffer) {}

  static fromText(secret: string): JobSecret {
    if (secret.length < minSecretLength) {
      throw new JobSecretError(
        `must be at least ${minSecretLength} characters (e.g. openssl rand -base64 32)`,
      );
    }
    const key = Buffer.from(hkdfSync('sha256', secret, 'policy-arena', 'job secrets v1', 32));
    return new JobSecret(key);
  }

  /** A new secret's text: 256 random bits. */
  static generateText(): string {
    return randomBytes(32).toString('base64url');
  }

  /** `v1.<iv>.<ciphertext>.<tag>`, base64url; `purpose` must be given again to open it. */
  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [format, iv, body, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or JobSecretError when the value was sealed under another secret or altered. */
  open(sealed: string, purpose: string): string {
    const [version, iv, body, tag, ...rest] = sealed.split('.');
    if (version !== format || iv === undefined || body === undefined || tag === undefined) {
      throw new JobSecretError('is not a sealed value');
    }
    if (rest.length > 0) throw new JobSecretError('is not a sealed value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: tagBytes,
      });
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new JobSecretError(
        'cannot be opened: it was sealed under another ARENA_SECRET, or altered',
      );
    }
  }
}
