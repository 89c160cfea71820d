import type { Problem } from '../../../contract/error-body.ts';

/** One field the server refused, as the API's 400/409 bodies name it. */
export type { Problem };

/** A non-2xx answer from the API, carrying its `problems` so a form can place them. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly Problem[],
  ) {
    super(message);
  }
}

/** POSTs JSON and returns the JSON answer; a non-2xx answer throws ApiError. */
export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    error?: string;
    problems?: Problem[];
  };
  if (!response.ok) {
    throw new ApiError(
      response.status,
      answer.error ?? `${path}: HTTP ${response.status}`,
      answer.problems ?? [],
    );
  }
  return answer as T;
}
