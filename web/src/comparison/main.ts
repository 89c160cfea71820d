// The comparison page, for researchers: both replays in step, the episodes' metrics, every
// judgement and the outcome of one comparison, with the policies named.
import { bindPlaybackControls } from '../judge/playback-controls.ts';
import { parseReplayTrajectory } from '../replay/parse-replay-trajectory.ts';
import { replayProblem, type ReplaySource } from '../replay/replay-trajectory.ts';
import { SyncedReplays } from '../replay/synced-replays.ts';
import { requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import type { ComparisonDetail } from './comparison-types.ts';
import { renderComparison } from './comparison-view.ts';

const main = requireElement('comparison', HTMLElement);

async function loadReplay(url: string | null): Promise<ReplaySource> {
  if (url === null) return replayProblem('no trajectory was recorded for this episode');
  try {
    const response = await fetch(url);
    if (!response.ok) return replayProblem(`the server answered ${response.status}`);
    return parseReplayTrajectory(await response.json());
  } catch (error) {
    return replayProblem(
      `it could not be loaded (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function start(): Promise<void> {
  const id = new URLSearchParams(location.search).get('id');
  if (id === null || id === '') {
    fail('This page needs a comparison: comparison.html?id=<comparison id>.');
    return;
  }
  let detail: ComparisonDetail;
  try {
    ({ comparison: detail } = await getJson<{ comparison: ComparisonDetail }>(
      `/api/comparisons/${encodeURIComponent(id)}`,
    ));
  } catch (error) {
    fail(
      `Could not load comparison ${id}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  renderComparison(detail);
  const replays = new SyncedReplays([
    requireElement('stage-a', HTMLDivElement),
    requireElement('stage-b', HTMLDivElement),
  ]);
  bindPlaybackControls(replays.player, {
    play: requireElement('play', HTMLButtonElement),
    scrub: requireElement('scrub', HTMLInputElement),
    time: requireElement('time', HTMLElement),
    speed: requireElement('speed', HTMLSelectElement),
    loop: requireElement('loop', HTMLInputElement),
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === ' ' && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      replays.player.toggle();
    }
  });
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) replays.dispose();
  });
  const sources = await Promise.all([
    loadReplay(detail.episodes.A?.trajectoryUrl ?? null),
    loadReplay(detail.episodes.B?.trajectoryUrl ?? null),
  ]);
  replays.show(sources);
  bindCameraChoice(replays, requireElement('view-camera', HTMLSelectElement));
  main.dataset['state'] = 'ready';
}

/** Offers the replays' scene cameras beside the free orbit. */
function bindCameraChoice(replays: SyncedReplays, select: HTMLSelectElement): void {
  for (const name of replays.cameraNames()) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name.replaceAll('_', ' ');
    select.append(option);
  }
  select.addEventListener('change', () => {
    replays.setCamera(select.value === '' ? null : select.value);
  });
}

function fail(message: string): void {
  const problem = requireElement('load-problem', HTMLParagraphElement);
  problem.textContent = message;
  problem.hidden = false;
  requireElement('instruction', HTMLParagraphElement).textContent = '';
  main.dataset['state'] = 'error';
}

void start();
