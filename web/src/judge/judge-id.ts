const storageKey = 'policy-arena.judge-id';

/**
 * This browser's judge id: made once and kept in localStorage, so a judge's votes stay theirs
 * across visits (and a repeated vote is recognised as the same vote). Where storage is refused
 * (some private modes) the id lasts as long as the page.
 */
export function judgeId(storage: Storage | null = safeLocalStorage()): string {
  const stored = storage?.getItem(storageKey) ?? null;
  if (stored !== null && stored !== '') return stored;
  const id = `judge-${randomHex(16)}`;
  try {
    storage?.setItem(storageKey, id);
  } catch {
    // Quota or privacy settings: the in-page id still works for this session.
  }
  return id;
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** getRandomValues, unlike randomUUID, also works on plain-http lab addresses. */
function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
}
