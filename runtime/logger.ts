import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The levels `ARENA_LOG_LEVEL` accepts, most to least verbose, and `silent`. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const defaultLogLevel: LogLevel = 'info';

/**
 * Fields never written as they are, wherever a log line carries them: credentials of remote
 * policies (`apiKey`), the admin and metrics secrets, and HTTP authorisation headers.
 */
export const redactedPaths: readonly string[] = [
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; standard error by default, so commands keep standard output for results. */
  destination?: DestinationStream;
  /** Fields on every line, e.g. `{ component: 'sim-worker' }`. */
  base?: Record<string, unknown>;
}

/**
 * A JSON-lines logger: one object per line with `level`, `time` (epoch ms), `msg` and the
 * context given (request id, comparison id, …), secrets redacted.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? defaultLogLevel,
      base: { pid: process.pid, ...options.base },
      redact: { paths: [...redactedPaths], censor: '[redacted]' },
      // Level names rather than numbers: a reader filters on "error", not on 50.
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous, so a line written just before process.exit is not lost.
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

let shared: Logger | undefined;

/**
 * The process's logger, at the level `ARENA_LOG_LEVEL` names (read once). Components take a
 * logger as an option and fall back to this one.
 */
export function processLogger(): Logger {
  shared ??= createLogger({ level: parseLogLevel(process.env.ARENA_LOG_LEVEL) });
  return shared;
}

export class LogLevelError extends Error {
  override name = 'LogLevelError';
}

/** `ARENA_LOG_LEVEL`: unset or empty means `info`; anything else must be a level's name. */
export function parseLogLevel(raw: string | undefined): LogLevel {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '') return defaultLogLevel;
  const level = logLevels.find((l) => l === value);
  if (level === undefined) {
    throw new LogLevelError(
      `ARENA_LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${raw}")`,
    );
  }
  return level;
}
