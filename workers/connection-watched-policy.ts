import { OpenpiConnectionError } from '../openpi/index.ts';
import type { EpisodeContext, Observation, Policy, PolicyOutput } from '../sim/index.ts';

/**
 * A remote policy whose server could not be reached, or dropped the connection, has not been
 * tested at all: scoring that episode as the policy's failure would rank the network, not the
 * policy. This wrapper remembers such a connection error so the worker can fail the rollout
 * (BullMQ retries it; a campaign whose comparisons keep failing pauses) instead. A policy that
 * raises, answers too slowly or answers nonsense still fails its episode: that is the policy.
 */
export class ConnectionWatchedPolicy implements Policy {
  private lost: OpenpiConnectionError | null = null;

  constructor(private readonly inner: Policy) {}

  /** The connection error that cut the episode short, if one did. */
  get connectionError(): OpenpiConnectionError | null {
    return this.lost;
  }

  get actionMode(): Policy['actionMode'] {
    return this.inner.actionMode;
  }

  get executeSteps(): number | undefined {
    return this.inner.executeSteps;
  }

  get cameras(): Policy['cameras'] {
    return this.inner.cameras;
  }

  async reset(seed: number, context?: EpisodeContext): Promise<void> {
    await this.watch(() => this.inner.reset(seed, context));
  }

  act(observation: Observation): Promise<PolicyOutput> {
    return this.watch(() => this.inner.act(observation));
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }

  private async watch<T>(call: () => T | Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof OpenpiConnectionError) this.lost ??= error;
      throw error;
    }
  }
}
