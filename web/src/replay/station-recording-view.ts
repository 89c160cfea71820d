import type { StationRecording } from '../../../queue/station-recording.ts';
import { stationRecordingFormat } from '../../../queue/station-recording.ts';
import { element } from '../shared/dom.ts';
import type { ReplayPlayer } from './replay-player.ts';

/** A station recording as the API serves it, or null when `json` is something else. */
export function asStationRecording(json: unknown): StationRecording | null {
  return typeof json === 'object' &&
    json !== null &&
    (json as { format?: unknown }).format === stationRecordingFormat
    ? (json as StationRecording)
    : null;
}

/** Index of the last entry of a sorted list of times at or before `timeS`; -1 before the first. */
function lastAtOrBefore(timesS: readonly number[], timeS: number): number {
  let low = 0;
  let high = timesS.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((timesS[middle] ?? Infinity) <= timeS) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

const formatValues = (values: readonly number[] | null | undefined): string =>
  values === null || values === undefined ? '—' : values.map((v) => v.toFixed(3)).join(', ');

/**
 * A real robot's episode on the comparison page: the camera frame the policy saw at the
 * player's time, and the measured joints and the command sent at that step. There is no scene
 * to draw in 3D: a robot reports joints, not the world.
 */
export class StationRecordingView {
  private readonly image: HTMLImageElement;
  private readonly readout: HTMLElement;
  private readonly unsubscribe: () => void;
  private shownImage = -1;

  constructor(
    container: HTMLElement,
    private readonly recording: StationRecording,
    player: ReplayPlayer,
  ) {
    const figure = element('div', 'station-recording');
    this.image = element('img', 'station-frame');
    this.image.alt = 'camera frame';
    this.readout = element('dl', 'station-readout');
    const noCamera = element('p', 'muted', 'No camera was recorded for this episode.');
    figure.append(recording.images.length > 0 ? this.image : noCamera, this.readout);
    container.replaceChildren(figure);
    container.dataset['recording'] = 'station';
    this.unsubscribe = player.subscribe(({ timeS }) => this.showAt(timeS));
  }

  get durationS(): number {
    const last = this.recording.timesS.at(-1) ?? 0;
    return last + 1 / this.recording.frameHz;
  }

  dispose(): void {
    this.unsubscribe();
  }

  private showAt(timeS: number): void {
    const { images, timesS, jointPositions, gripper, commands } = this.recording;
    // Before the first kept frame, the first one stands in.
    const imageIndex = Math.max(
      0,
      lastAtOrBefore(
        images.map((image) => image.timeS),
        timeS,
      ),
    );
    const frame = images[imageIndex];
    if (frame !== undefined && imageIndex !== this.shownImage) {
      this.shownImage = imageIndex;
      this.image.src = `data:image/png;base64,${frame.png}`;
      this.image.dataset['frame'] = String(imageIndex);
    }
    const step = Math.max(0, lastAtOrBefore(timesS, timeS));
    const rows: [string, string][] = [
      ['Step', `${Math.min(step + 1, timesS.length)} of ${timesS.length}`],
      ['Joints (rad)', formatValues(jointPositions[step])],
      ['Gripper (0 open, 1 closed)', formatValues(gripper[step] == null ? null : [gripper[step]])],
      ['Command', formatValues(commands[step])],
    ];
    this.readout.replaceChildren(
      ...rows.flatMap(([term, value]) => [
        element('dt', undefined, term),
        element('dd', undefined, value),
      ]),
    );
  }
}
