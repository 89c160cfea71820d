import { isNdArray } from '../../openpi/msgpack-numpy.ts';
import { stationRecordingFormat, type StationRecording } from '../../queue/station-recording.ts';
import { encodePng } from './encode-png.ts';
import { resizeWithPad } from '../../sim/render/resize-with-pad.ts';
import type { RecordedRobotState } from './robot-link.ts';

export interface StationEpisodeRecorderOptions {
  /** Camera frames kept per second and camera (default 1): a replay, not a dataset. */
  cameraHz?: number;
  /** Kept frames are scaled to fit this square (default 112 px). */
  cameraSize?: number;
}

/**
 * Collects an episode as it runs: one entry per control step (measured state, command) and the
 * camera images of observations, thinned to `cameraHz`. Images are the observation's uint8
 * arrays of shape [H, W, 3], whatever their key.
 */
export class StationEpisodeRecorder {
  private readonly timesS: number[] = [];
  private readonly jointPositions: (number[] | null)[] = [];
  private readonly gripper: (number | null)[] = [];
  private readonly commands: number[][] = [];
  private readonly images: StationRecording['images'] = [];
  private readonly lastImageAt = new Map<string, number>();
  private readonly cameraHz: number;
  private readonly cameraSize: number;

  constructor(options: StationEpisodeRecorderOptions = {}) {
    this.cameraHz = options.cameraHz ?? 1;
    this.cameraSize = options.cameraSize ?? 112;
  }

  observed(timeS: number, observation: Readonly<Record<string, unknown>>): void {
    for (const [camera, value] of Object.entries(observation)) {
      if (!isNdArray(value) || value.dtype !== '|u1' || value.shape.length !== 3) continue;
      const [height = 0, width = 0, channels = 0] = value.shape;
      if (channels !== 3) continue;
      const last = this.lastImageAt.get(camera);
      if (last !== undefined && timeS - last < 1 / this.cameraHz) continue;
      this.lastImageAt.set(camera, timeS);
      const small = resizeWithPad(
        { width, height, data: value.data as Uint8Array },
        this.cameraSize,
      );
      this.images.push({
        timeS,
        camera,
        width: small.width,
        height: small.height,
        png: Buffer.from(encodePng(small.width, small.height, small.data)).toString('base64'),
      });
    }
  }

  stepped(timeS: number, command: readonly number[], state: RecordedRobotState | undefined): void {
    this.timesS.push(timeS);
    this.commands.push([...command]);
    this.jointPositions.push(state === undefined ? null : [...state.positions]);
    this.gripper.push(state === undefined ? null : state.gripper);
  }

  finish(header: {
    task: string;
    frameHz: number;
    achievedHz: number;
    droppedFrames: number;
  }): StationRecording {
    return {
      format: stationRecordingFormat,
      ...header,
      frameCount: this.timesS.length,
      timesS: this.timesS,
      jointPositions: this.jointPositions,
      gripper: this.gripper,
      commands: this.commands,
      cameraHz: this.cameraHz,
      images: this.images,
    };
  }
}
