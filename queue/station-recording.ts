import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * What a station keeps of one real episode, for replay next to simulated ones: the robot's
 * measured joints and the command sent at every control step, and camera frames at a reduced
 * rate (PNG). A simulated trajectory holds body poses a renderer can draw; a robot has none to
 * give, so this is its own format, with the same container (gzip) and the same timing fields
 * (`frameHz`, `frameCount`, `timesS`).
 */
export interface StationRecording {
  format: typeof stationRecordingFormat;
  task: string;
  /** The control rate the station aimed for, Hz: one recorded frame per control step. */
  frameHz: number;
  /** Steps per second the loop achieved, counting time spent waiting for the policy. */
  achievedHz: number;
  /** Control periods in which no command went out (the loop was late or waited for the policy). */
  droppedFrames: number;
  frameCount: number;
  /** Seconds from the first command, one per step. */
  timesS: number[];
  /** Measured arm joint positions (radians) after each step; null where none were fresh. */
  jointPositions: (number[] | null)[];
  /** Measured gripper closedness (0 open, 1 closed) after each step; null where unknown. */
  gripper: (number | null)[];
  /** The action row sent at each step. */
  commands: number[][];
  /** Camera frames the policy saw, at most `cameraHz` per camera. */
  cameraHz: number;
  images: { timeS: number; camera: string; width: number; height: number; png: string }[];
}

export const stationRecordingFormat = 'policy-arena/station-recording@1';

export class StationRecordingFormatError extends Error {
  override name = 'StationRecordingFormatError';
}

export function encodeStationRecording(recording: StationRecording): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify(recording)), { level: 6 });
}

export function decodeStationRecording(bytes: Uint8Array): StationRecording {
  let value: unknown;
  try {
    value = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch (error) {
    throw new StationRecordingFormatError('station recording bytes are not gzipped JSON', {
      cause: error,
    });
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { format?: unknown }).format !== stationRecordingFormat
  ) {
    throw new StationRecordingFormatError(`not a ${stationRecordingFormat}`);
  }
  return value as StationRecording;
}
