/** GETs JSON from the API; a non-2xx answer is an error naming the path and status. */
export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  if (response.status === 401)
    throw new Error('not signed in: open your sign-in link, or sign in at /login');
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
