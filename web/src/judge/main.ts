// The crowd judging page: wires the DOM of judge.html to a JudgePage and starts it.
import { requireChild, requireElement } from '../shared/dom.ts';
import { JudgePage } from './judge-page.ts';

const page = new JudgePage({
  main: requireElement('judge', HTMLElement),
  instruction: requireElement('instruction', HTMLElement),
  stages: {
    left: requireElement('stage-left', HTMLDivElement),
    right: requireElement('stage-right', HTMLDivElement),
  },
  playback: {
    play: requireElement('play', HTMLButtonElement),
    scrub: requireElement('scrub', HTMLInputElement),
    time: requireElement('time', HTMLElement),
    speed: requireElement('speed', HTMLSelectElement),
    loop: requireElement('loop', HTMLInputElement),
  },
  voteButtons: Array.from(
    requireChild(document, '#vote .choices', HTMLDivElement).querySelectorAll('button'),
  ),
  comment: requireElement('comment', HTMLTextAreaElement),
  voteStatus: requireElement('vote-status', HTMLElement),
  judgedCount: requireElement('judged-count', HTMLElement),
  done: requireElement('done', HTMLElement),
  doneMessage: requireElement('done-message', HTMLElement),
  checkAgain: requireElement('check-again', HTMLButtonElement),
});
// A page kept in the back-forward cache comes back as it was, so only a real unload frees WebGL.
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) page.dispose();
});
void page.start();
