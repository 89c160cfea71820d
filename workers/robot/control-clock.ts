import { setImmediate as nextEventLoopTurn, setTimeout as sleep } from 'node:timers/promises';

/** Time as a control loop sees it, in milliseconds from an arbitrary origin. */
export interface ControlClock {
  now(): number;
  /**
   * Resolves once `now()` has reached `timeMs` (at once if it has), or when `signal` aborts.
   * Never rejects.
   */
  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void>;
}

/** Real time: what a real robot runs on. */
export const wallClock: ControlClock = {
  now: () => performance.now(),
  async sleepUntil(timeMs, signal) {
    const delayMs = timeMs - performance.now();
    if (signal?.aborted === true) return;
    if (delayMs <= 0) {
      // Still give timers and I/O (lock renewal, signal polling) their turn.
      await nextEventLoopTurn();
      return;
    }
    await sleep(delayMs, undefined, { signal }).catch(() => undefined);
  },
};
