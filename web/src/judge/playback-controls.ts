import type { ReplayPlayer } from '../replay/replay-player.ts';

export interface PlaybackElements {
  play: HTMLButtonElement;
  scrub: HTMLInputElement;
  time: HTMLElement;
  speed: HTMLSelectElement;
  loop: HTMLInputElement;
}

/** Scrub bar resolution, seconds. */
const scrubStepS = 0.01;

/** Binds one play/pause button, scrub bar, clock, speed selector and loop box to a player. */
export function bindPlaybackControls(player: ReplayPlayer, elements: PlaybackElements): () => void {
  const { play, scrub, time, speed, loop } = elements;
  scrub.step = String(scrubStepS);
  const onPlay = (): void => player.toggle();
  const onScrub = (): void => player.seek(Number(scrub.value));
  const onSpeed = (): void => player.setSpeed(Number(speed.value));
  const onLoop = (): void => player.setLoop(loop.checked);
  play.addEventListener('click', onPlay);
  scrub.addEventListener('input', onScrub);
  speed.addEventListener('change', onSpeed);
  loop.addEventListener('change', onLoop);
  const unsubscribe = player.subscribe((state) => {
    play.textContent = state.playing ? '❚❚' : '▶';
    play.setAttribute('aria-label', state.playing ? 'Pause (space)' : 'Play (space)');
    play.title = play.getAttribute('aria-label') ?? '';
    scrub.max = String(state.durationS);
    // Writing the value while the judge drags would make the thumb jump under the finger.
    if (document.activeElement !== scrub || state.playing) scrub.value = String(state.timeS);
    time.textContent = `${state.timeS.toFixed(1)} / ${state.durationS.toFixed(1)} s`;
    if (Number(speed.value) !== state.speed) speed.value = String(state.speed);
    loop.checked = state.loop;
  });
  return () => {
    unsubscribe();
    play.removeEventListener('click', onPlay);
    scrub.removeEventListener('input', onScrub);
    speed.removeEventListener('change', onSpeed);
    loop.removeEventListener('change', onLoop);
  };
}
