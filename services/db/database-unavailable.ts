/** PostgreSQL SQLSTATEs of a server that is going away or not yet back (class 08, 57P01-03). */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '53300']);
const unavailableSocketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * Whether `error` says the database cannot be reached right now (as opposed to a bad query):
 * the request may be retried later, so the API answers 503 rather than 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('08') || unavailableStates.has(code)) return true;
    if (unavailableSocketCodes.has(code)) return true;
    if (code === 'SQLITE_BUSY') return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect/.test(message)
  );
}
