export type PolicyCall<T> = { value: T; problem: null } | { value: null; problem: string };

/**
 * Calls a policy method, turning a throw, a rejection or a missed deadline into a problem
 * description. A synchronous call cannot be interrupted; it is judged by its duration.
 */
export async function callPolicy<T>(
  what: string,
  call: () => T | Promise<T>,
  timeoutMs: number,
): Promise<PolicyCall<T>> {
  const startedAt = performance.now();
  const timedOut = (): PolicyCall<T> => ({
    value: null,
    problem: `policy ${what} timed out after ${timeoutMs} ms`,
  });
  try {
    const result = call();
    if (!(result instanceof Promise)) {
      return performance.now() - startedAt > timeoutMs
        ? timedOut()
        : { value: result, problem: null };
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const settled = await Promise.race([result.then((value) => ({ value })), deadline]);
      return settled === 'timeout' ? timedOut() : { value: settled.value, problem: null };
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    const description = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { value: null, problem: `policy ${what} threw: ${description}` };
  }
}
