import type { VoteChoice } from './judging-client.ts';

/** The keys that vote, as shown on the buttons. */
export const voteKeys: Readonly<Record<string, VoteChoice>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowDown: 'tie',
  b: 'both-failed',
  B: 'both-failed',
};

/**
 * Keyboard voting and Space for play/pause, everywhere except where the judge types (the
 * comment) or picks from a list. Held-down keys do not repeat a vote.
 */
export function bindVoteShortcuts(
  onVote: (choice: VoteChoice) => void,
  onTogglePlay: () => void,
): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return;
    if (target instanceof HTMLInputElement && target.type === 'text') return;
    if (event.key === ' ') {
      event.preventDefault(); // no page scroll, no click on a focused button
      if (!event.repeat) onTogglePlay();
      return;
    }
    const choice = voteKeys[event.key];
    if (choice === undefined) return;
    // Also keeps a focused scrub bar from moving on the arrow keys.
    event.preventDefault();
    if (!event.repeat) onVote(choice);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
