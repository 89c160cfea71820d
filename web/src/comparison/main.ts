// The comparison page, for researchers: both replays in step, the episodes' metrics, every
// judgement and the outcome of one comparison, with the policies named.
import { bindPlaybackControls } from '../judge/playback-controls.ts';
import { parseReplayTrajectory } from '../replay/parse-replay-trajectory.ts';
import { replayProblem, type ReplaySource } from '../replay/replay-trajectory.ts';
import { ReplayPlayer } from '../replay/replay-player.ts';
import { asStationRecording, StationRecordingView } from '../replay/station-recording-view.ts';
import { SyncedReplays } from '../replay/synced-replays.ts';
import type { StationRecording } from '../../../queue/station-recording.ts';
import { requireElement } from '../shared/dom.ts';
import { getJson } from '../shared/get-json.ts';
import type { ComparisonDetail } from './comparison-types.ts';
import { renderComparison } from './comparison-view.ts';

const main = requireElement('comparison', HTMLElement);

/** The trajectory's JSON, or the replay problem that stands in for it. */
async function loadTrajectory(url: string | null): Promise<unknown> {
  if (url === null) return replayProblem('no trajectory was recorded for this episode');
  try {
    const response = await fetch(url);
    if (!response.ok) return replayProblem(`the server answered ${response.status}`);
    return await response.json();
  } catch (error) {
    return replayProblem(
      `it could not be loaded (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function isProblem(json: unknown): json is ReplaySource {
  return typeof json === 'object' && json !== null && (json as ReplaySource).kind === 'problem';
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
  const trajectories = await Promise.all([
    loadTrajectory(detail.episodes.A?.trajectoryUrl ?? null),
    loadTrajectory(detail.episodes.B?.trajectoryUrl ?? null),
  ]);
  const stages = [
    requireElement('stage-a', HTMLDivElement),
    requireElement('stage-b', HTMLDivElement),
  ];
  const recordings = trajectories.map(asStationRecording);
  // A station's episodes are recordings of a real robot: camera frames and joints, not a scene.
  const player = recordings.some((r) => r !== null)
    ? showStationRecordings(stages, trajectories, recordings)
    : showReplays(stages, trajectories);
  bindPlaybackControls(player, {
    play: requireElement('play', HTMLButtonElement),
    scrub: requireElement('scrub', HTMLInputElement),
    time: requireElement('time', HTMLElement),
    speed: requireElement('speed', HTMLSelectElement),
    loop: requireElement('loop', HTMLInputElement),
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === ' ' && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault();
      player.toggle();
    }
  });
  main.dataset['state'] = 'ready';
}

function showReplays(stages: HTMLDivElement[], trajectories: unknown[]): ReplayPlayer {
  const replays = new SyncedReplays(stages);
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) replays.dispose();
  });
  replays.show(trajectories.map((json) => (isProblem(json) ? json : parseReplayTrajectory(json))));
  return replays.player;
}

function showStationRecordings(
  stages: HTMLDivElement[],
  trajectories: unknown[],
  recordings: (StationRecording | null)[],
): ReplayPlayer {
  const player = new ReplayPlayer({ loop: false });
  const views = recordings.map((recording, index) => {
    const stage = stages[index];
    if (stage === undefined) return null;
    if (recording === null) {
      const json = trajectories[index];
      stage.textContent =
        isProblem(json) && json.kind === 'problem' ? json.message : 'No recording.';
      return null;
    }
    return new StationRecordingView(stage, recording, player);
  });
  player.load(Math.max(0, ...views.map((view) => view?.durationS ?? 0)));
  player.play();
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) return;
    player.dispose();
    for (const view of views) view?.dispose();
  });
  return player;
}

function fail(message: string): void {
  const problem = requireElement('load-problem', HTMLParagraphElement);
  problem.textContent = message;
  problem.hidden = false;
  requireElement('instruction', HTMLParagraphElement).textContent = '';
  main.dataset['state'] = 'error';
}

void start();
