export type LiveState = 'live' | 'polling';

/**
 * Listens to the services' server-sent events and calls `onChange` with the campaign that
 * changed. EventSource reconnects by itself; while it is down `onState('polling')` lets the
 * page poll faster, and the `ready` event on each (re)connection switches back.
 */
export function watchLiveEvents(
  onChange: (campaignId: string) => void,
  onState: (state: LiveState) => void,
): () => void {
  const source = new EventSource('/api/events');
  const onNotice = (event: MessageEvent<string>): void => {
    try {
      const { campaignId } = JSON.parse(event.data) as { campaignId?: unknown };
      if (typeof campaignId === 'string') onChange(campaignId);
    } catch {
      // A malformed notice is ignored: the poll still brings the change.
    }
  };
  source.addEventListener('ready', () => onState('live'));
  source.addEventListener('campaign-changed', onNotice);
  source.addEventListener('ratings-refitted', onNotice);
  source.addEventListener('error', () => onState('polling'));
  return () => source.close();
}
