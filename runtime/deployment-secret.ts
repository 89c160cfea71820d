import fs from 'node:fs';
import path from 'node:path';
import { JobSecret, JobSecretError } from '../queue/job-secret.ts';
import { ConfigError } from './config.ts';

/** Where a local setup keeps its generated secret, beside the embedded database. */
export function secretFilePath(dataDir: string): string {
  return path.join(dataDir, 'secret');
}

/**
 * The text of the deployment secret: `ARENA_SECRET` when set; otherwise the one generated into
 * the data directory. Services create it there on first start (`create`), readable by the
 * owner only; a worker only reads it, so a worker on another machine says what to set instead
 * of inventing a secret the services do not share. Undefined when a worker finds none.
 */
export function deploymentSecretText(
  fromEnvironment: string | undefined,
  dataDir: string,
  { create }: { create: boolean },
): string | undefined {
  if (fromEnvironment !== undefined) return fromEnvironment;
  const file = secretFilePath(dataDir);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return undefined;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': of two processes starting at once, one writes and both read the same secret.
    fs.writeFileSync(file, `${JobSecret.generateText()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** The secret as a key, or a ConfigError naming ARENA_SECRET. */
export function deploymentSecret(text: string): JobSecret {
  try {
    return JobSecret.fromText(text);
  } catch (error) {
    if (error instanceof JobSecretError) throw new ConfigError(`ARENA_SECRET ${error.message}`);
    throw error;
  }
}
