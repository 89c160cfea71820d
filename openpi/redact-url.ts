/** What stands in for a credential in a URL shown to people or written to a log. */
export const redacted = '***';

/**
 * The URL with its credentials hidden: the user name and password, and the value of every query
 * parameter (`?token=`, `?key=`, and any other, since which ones are secret cannot be known).
 * Anything unparsable is hidden whole; a URL with nothing to hide is returned as it was given.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redacted;
  }
  if (
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.search === '' &&
    parsed.hash === ''
  ) {
    return url;
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = redacted;
    parsed.password = '';
  }
  for (const key of new Set(parsed.searchParams.keys())) parsed.searchParams.set(key, redacted);
  parsed.hash = '';
  return parsed.href;
}
