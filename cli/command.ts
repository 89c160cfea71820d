import { errorMessage } from '../lib/error-message.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One `arena` subcommand. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  help: string;
  run(args: string[]): Promise<number>;
}

/** Bad command-line input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** parseArgs that reports unknown or malformed options as a UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>
> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}

/** Parses an option that must be a whole number in [min, max]. */
export function integerOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}
