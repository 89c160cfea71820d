/**
 * A compact binary form of a trajectory: gzip over
 *   "PATR" | u32 format version | u32 header byte length | header JSON (UTF-8) | padding to 4 |
 *   float32 times | float32 body positions | float32 body quaternions   (little-endian)
 * The header holds everything but the three float arrays, whose lengths follow from
 * frameCount and the number of bodies.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Trajectory } from './trajectory.ts';

const magic = 'PATR';
const formatVersion = 1;
const prefixBytes = 12;

export class TrajectoryFormatError extends Error {
  override name = 'TrajectoryFormatError';
}

type TrajectoryHeader = Omit<Trajectory, 'timesS' | 'bodyPositions' | 'bodyQuaternions'>;

export function encodeTrajectory(trajectory: Trajectory): Uint8Array {
  const { timesS, bodyPositions, bodyQuaternions, ...header } = trajectory;
  const headerBytes = new TextEncoder().encode(JSON.stringify(header satisfies TrajectoryHeader));
  const headerEnd = align4(prefixBytes + headerBytes.length);
  const floats = timesS.length + bodyPositions.length + bodyQuaternions.length;
  const buffer = new ArrayBuffer(headerEnd + floats * 4);
  const view = new DataView(buffer);
  new Uint8Array(buffer).set(new TextEncoder().encode(magic), 0);
  view.setUint32(4, formatVersion, true);
  view.setUint32(8, headerBytes.length, true);
  new Uint8Array(buffer).set(headerBytes, prefixBytes);
  let offset = headerEnd;
  for (const array of [timesS, bodyPositions, bodyQuaternions]) {
    for (const value of array) {
      view.setFloat32(offset, value, true);
      offset += 4;
    }
  }
  return gzipSync(new Uint8Array(buffer), { level: 6 });
}

export function decodeTrajectory(bytes: Uint8Array): Trajectory {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (error) {
    throw new TrajectoryFormatError('trajectory bytes are not gzip data', { cause: error });
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.byteLength < prefixBytes || new TextDecoder().decode(raw.subarray(0, 4)) !== magic) {
    throw new TrajectoryFormatError('not a policy-arena trajectory (missing "PATR" magic)');
  }
  const version = view.getUint32(4, true);
  if (version !== formatVersion) {
    throw new TrajectoryFormatError(
      `trajectory format ${version} is not supported (expected ${formatVersion})`,
    );
  }
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(
    new TextDecoder().decode(raw.subarray(prefixBytes, prefixBytes + headerLength)),
  ) as TrajectoryHeader;
  const bodies = header.bodyNames.length;
  const lengths = [
    header.frameCount,
    header.frameCount * bodies * 3,
    header.frameCount * bodies * 4,
  ];
  let offset = align4(prefixBytes + headerLength);
  const expectedBytes = offset + lengths.reduce((sum, length) => sum + length * 4, 0);
  if (raw.byteLength !== expectedBytes) {
    throw new TrajectoryFormatError(
      `trajectory is ${raw.byteLength} bytes, its header implies ${expectedBytes}`,
    );
  }
  const [timesS, bodyPositions, bodyQuaternions] = lengths.map((length) => {
    const array = new Float32Array(length);
    for (let index = 0; index < length; index += 1) {
      array[index] = view.getFloat32(offset, true);
      offset += 4;
    }
    return array;
  }) as [Float32Array, Float32Array, Float32Array];
  // Trajectories recorded before scenes had cameras carry none.
  return { ...header, cameras: header.cameras ?? [], timesS, bodyPositions, bodyQuaternions };
}

function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}
