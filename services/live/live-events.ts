/** What changed, small enough that a dashboard only learns it should refetch. */
export interface LiveEvent {
  type: 'campaign-changed' | 'ratings-refitted';
  campaignId: string;
}

type Listener = (event: LiveEvent) => void;

/**
 * In-process fan-out of "something changed" notices (comparison recorded, judgement taken,
 * ratings refitted) to open server-sent-event streams; RedisEventRelay feeds it the notices of
 * every API replica. It carries no data a client could not fetch, so a missed notice costs only
 * a slower refresh (pages keep a slow poll).
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly closers = new Set<() => void>();
  private closed = false;

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Calls `listener` on every event until the returned function is called or `close()`. */
  subscribe(listener: Listener, onClose: () => void = () => {}): () => void {
    // A browser reconnecting while the services shut down must not open a stream that holds
    // the closing HTTP server open.
    if (this.closed) {
      onClose();
      return () => {};
    }
    this.listeners.add(listener);
    this.closers.add(onClose);
    return () => {
      this.listeners.delete(listener);
      this.closers.delete(onClose);
    };
  }

  /** Ends every subscription, so open streams do not hold an HTTP server's close forever. */
  close(): void {
    this.closed = true;
    const closers = [...this.closers];
    this.listeners.clear();
    this.closers.clear();
    for (const close of closers) close();
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
