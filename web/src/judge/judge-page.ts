import { SyncedReplays } from '../replay/synced-replays.ts';
import type { LoadedComparison } from './comparison-loader.ts';
import { ComparisonPrefetcher } from './comparison-prefetcher.ts';
import { postVote, voteChoices, type Vote, type VoteChoice } from './judging-client.ts';
import { bindPlaybackControls, type PlaybackElements } from './playback-controls.ts';
import { bindVoteShortcuts } from './vote-shortcuts.ts';

export interface JudgePageElements {
  main: HTMLElement;
  instruction: HTMLElement;
  stages: { left: HTMLElement; right: HTMLElement };
  playback: PlaybackElements;
  voteButtons: HTMLButtonElement[];
  comment: HTMLTextAreaElement;
  voteStatus: HTMLElement;
  judgedCount: HTMLElement;
  done: HTMLElement;
  doneMessage: HTMLElement;
  checkAgain: HTMLButtonElement;
}

/** How long a chosen button stays highlighted, so a keyboard vote is visibly taken. */
const chosenFlashMs = 250;
/** Wait before the one retry of a vote that could not be sent. */
const voteRetryDelayMs = 1000;

/**
 * The crowd judging flow: show a comparison (instruction and two synchronized replays), take one
 * vote by button or key, send it, show the prefetched next one. The page state is on
 * `main[data-state]` (loading, judging, sending, done, error) and the ticket on screen on
 * `main[data-ticket]`; nothing on the page names or hints at a policy.
 */
export class JudgePage {
  private readonly replays: SyncedReplays;
  private readonly prefetcher: ComparisonPrefetcher;
  private current: LoadedComparison | null = null;
  private busy = true;
  private judged = 0;
  /** performance.now() of the last vote, to report how long the next comparison took. */
  private votedAt: number | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly elements: JudgePageElements) {
    this.prefetcher = new ComparisonPrefetcher();
    this.replays = new SyncedReplays([elements.stages.left, elements.stages.right]);
    const player = this.replays.player;
    this.cleanups.push(
      bindPlaybackControls(player, elements.playback),
      bindVoteShortcuts(
        (choice) => void this.vote(choice),
        () => player.toggle(),
      ),
    );
    for (const button of elements.voteButtons) {
      const onClick = (): void => {
        const choice = voteChoices.find((c) => c === button.dataset['choice']);
        button.blur(); // Space and Enter must not vote again through a focused button
        if (choice !== undefined) void this.vote(choice);
      };
      button.addEventListener('click', onClick);
      this.cleanups.push(() => button.removeEventListener('click', onClick));
    }
    const onCheckAgain = (): void => void this.advance(this.current?.ticket.ticket ?? null);
    elements.checkAgain.addEventListener('click', onCheckAgain);
    this.cleanups.push(() => elements.checkAgain.removeEventListener('click', onCheckAgain));
  }

  start(): Promise<void> {
    return this.advance(null);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.replays.dispose();
  }

  /**
   * Takes a vote and shows the next comparison at once: the vote is sent in the background
   * (the server's answer arrives while the judge already watches the next replays), so a slow
   * server never holds the judge up. What became of it is said in the status line.
   */
  private async vote(choice: VoteChoice): Promise<void> {
    const current = this.current;
    if (this.busy || current === null) return;
    this.votedAt = performance.now();
    this.flash(choice);
    const comment = this.elements.comment.value.trim();
    const ticket = current.ticket.ticket;
    this.prefetcher.voted(ticket);
    void this.send({ ticket, choice, ...(comment === '' ? {} : { comment }) });
    await this.advance(ticket);
  }

  private async send(vote: Vote): Promise<void> {
    let outcome = await postVote(vote);
    if (outcome.kind === 'failed') {
      // One retry covers a dropped connection; the server keeps a repeated vote only once.
      await new Promise((resolve) => setTimeout(resolve, voteRetryDelayMs));
      outcome = await postVote(vote);
    }
    switch (outcome.kind) {
      case 'recorded':
      case 'repeated':
        this.judged += 1;
        this.elements.judgedCount.textContent = `${this.judged} judged`;
        this.say('Thank you, vote recorded.');
        return;
      case 'conflict':
        this.say(`Your earlier vote on that comparison stands (${outcome.message}).`);
        return;
      case 'invalid':
      case 'failed':
        this.say(`Your last vote was not recorded: ${outcome.message}`, 'problem');
        return;
    }
  }

  /** Shows the comparison after `after` (prefetched if possible), or why there is none. */
  private async advance(after: string | null): Promise<void> {
    this.setBusy(true, this.current === null ? 'loading' : 'sending');
    const next = await this.prefetcher.next(after);
    switch (next.kind) {
      case 'comparison':
        this.show(next.comparison);
        return;
      case 'none':
        this.showDone('Nothing is left to judge right now. Thank you!', 'done');
        return;
      case 'error':
        this.showDone(`Could not load the next comparison: ${next.message}`, 'error');
        return;
    }
  }

  private show(comparison: LoadedComparison): void {
    const { elements } = this;
    this.current = comparison;
    elements.done.hidden = true;
    elements.instruction.textContent = comparison.ticket.instruction;
    elements.comment.value = '';
    elements.main.dataset['ticket'] = comparison.ticket.ticket;
    this.replays.show([comparison.left, comparison.right]);
    this.prefetcher.prefetchAfter(comparison.ticket.ticket);
    this.setBusy(false, 'judging');
    if (this.votedAt !== null) {
      // Read by the browser test and the benchmark: the promise is "within 300 ms of a vote".
      elements.main.dataset['nextShownMs'] = (performance.now() - this.votedAt).toFixed(0);
      this.votedAt = null;
    }
  }

  private showDone(message: string, state: 'done' | 'error'): void {
    this.replays.player.pause();
    this.elements.doneMessage.textContent = message;
    this.elements.done.hidden = false;
    delete this.elements.main.dataset['ticket'];
    // Keep `current` so "check again" excludes the comparison just voted on.
    this.setBusy(true, state);
  }

  private setBusy(busy: boolean, state: string = this.elements.main.dataset['state'] ?? ''): void {
    this.busy = busy;
    this.elements.main.dataset['state'] = state;
    for (const button of this.elements.voteButtons) button.disabled = busy;
  }

  private say(text: string, kind: 'info' | 'problem' = 'info'): void {
    this.elements.voteStatus.textContent = text;
    this.elements.voteStatus.className = kind;
  }

  private flash(choice: VoteChoice): void {
    const button = this.elements.voteButtons.find((b) => b.dataset['choice'] === choice);
    button?.classList.add('chosen');
    setTimeout(() => button?.classList.remove('chosen'), chosenFlashMs);
  }
}
