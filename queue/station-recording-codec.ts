import { gunzipSync, gzipSync } from 'node:zlib';
import { stationRecordingFormat, type StationRecording } from './station-recording.ts';

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
