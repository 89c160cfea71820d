import { McapWriter, TempBuffer } from '@mcap/core';
import type { StationRecording } from '../../queue/station-recording.ts';
import type { Trajectory } from '../../sim/index.ts';
import type { LoadedEpisode } from './episode-recording.ts';
import {
  compressedImageSchema,
  frameTransformsSchema,
  jointCommandSchema,
  jointStateSchema,
} from './foxglove-schemas.ts';

/** The frame every recorded pose is given in: the simulator's world frame. */
export const worldFrame = 'world';

interface Stamp {
  sec: number;
  nsec: number;
}

/** A message to write: its topic's channel, its time in nanoseconds since the epoch, and the JSON. */
interface Outgoing {
  channelId: number;
  timeNs: bigint;
  message: unknown;
}

/**
 * An episode as an MCAP file Foxglove opens: `/tf` (foxglove.FrameTransforms) with every body's
 * pose in the world frame per frame, for a simulated episode; `/joint_states`,
 * `/joint_commands` and `/camera/<name>` (foxglove.CompressedImage) for a station's recording,
 * as far as it has them. Times start at the episode's stored time. Generic over the number of
 * bodies and joints: names come from the recording, or are numbered when it has none.
 */
export async function episodeMcap(episode: LoadedEpisode): Promise<Uint8Array> {
  const buffer = new TempBuffer();
  const writer = new McapWriter({ writable: buffer, useStatistics: true, useChunks: true });
  await writer.start({ profile: '', library: 'policy-arena' });
  const startNs = BigInt(Date.parse(episode.createdAt)) * 1_000_000n;
  const channel = async (
    topic: string,
    { name, schema }: { name: string; schema: object },
  ): Promise<number> => {
    const schemaId = await writer.registerSchema({
      name,
      encoding: 'jsonschema',
      data: new TextEncoder().encode(JSON.stringify(schema)),
    });
    return writer.registerChannel({
      topic,
      schemaId,
      messageEncoding: 'json',
      metadata: new Map(),
    });
  };
  const { recording } = episode;
  const messages =
    recording.kind === 'sim'
      ? await trajectoryMessages(recording.trajectory, startNs, channel)
      : await stationMessages(recording.recording, startNs, channel);
  // Channels registered, messages in time order, as readers stream them.
  messages.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  const sequences = new Map<number, number>();
  for (const { channelId, timeNs, message } of messages) {
    const sequence = sequences.get(channelId) ?? 0;
    sequences.set(channelId, sequence + 1);
    await writer.addMessage({
      channelId,
      sequence,
      logTime: timeNs,
      publishTime: timeNs,
      data: new TextEncoder().encode(JSON.stringify(message)),
    });
  }
  const task = recording.kind === 'sim' ? recording.trajectory.task : recording.recording.task;
  const frameHz =
    recording.kind === 'sim' ? recording.trajectory.frameHz : recording.recording.frameHz;
  await writer.addMetadata({
    name: 'episode',
    metadata: new Map([
      ['episode', episode.id],
      ['kind', recording.kind],
      ['task', task],
      ['frameHz', String(frameHz)],
    ]),
  });
  await writer.end();
  return buffer.get();
}

type ChannelFactory = (topic: string, schema: { name: string; schema: object }) => Promise<number>;

async function trajectoryMessages(
  trajectory: Trajectory,
  startNs: bigint,
  channel: ChannelFactory,
): Promise<Outgoing[]> {
  const tf = await channel('/tf', frameTransformsSchema);
  const bodies = trajectory.bodyNames.length;
  const out: Outgoing[] = [];
  for (let frame = 0; frame < trajectory.frameCount; frame += 1) {
    const timeNs = startNs + secondsToNs(trajectory.timesS[frame] ?? 0);
    const timestamp = stamp(timeNs);
    const transforms = [];
    // Body 0 is the world itself.
    for (let body = 1; body < bodies; body += 1) {
      const p = (frame * bodies + body) * 3;
      const q = (frame * bodies + body) * 4;
      const at = (values: Float32Array, index: number): number => values[index] ?? 0;
      transforms.push({
        timestamp,
        parent_frame_id: worldFrame,
        child_frame_id: trajectory.bodyNames[body] ?? `body_${body}`,
        translation: {
          x: at(trajectory.bodyPositions, p),
          y: at(trajectory.bodyPositions, p + 1),
          z: at(trajectory.bodyPositions, p + 2),
        },
        // The trajectory stores w first; Foxglove's quaternion names its fields.
        rotation: {
          w: at(trajectory.bodyQuaternions, q),
          x: at(trajectory.bodyQuaternions, q + 1),
          y: at(trajectory.bodyQuaternions, q + 2),
          z: at(trajectory.bodyQuaternions, q + 3),
        },
      });
    }
    out.push({ channelId: tf, timeNs, message: { transforms } });
  }
  return out;
}

async function stationMessages(
  recording: StationRecording,
  startNs: bigint,
  channel: ChannelFactory,
): Promise<Outgoing[]> {
  const out: Outgoing[] = [];
  const timeAt = (frame: number): bigint => startNs + secondsToNs(recording.timesS[frame] ?? 0);
  if (recording.jointPositions.some((row) => row !== null)) {
    const states = await channel('/joint_states', jointStateSchema);
    recording.jointPositions.forEach((joints, frame) => {
      if (joints === null) return;
      const gripper = recording.gripper[frame] ?? null;
      const timeNs = timeAt(frame);
      out.push({
        channelId: states,
        timeNs,
        message: {
          header: { stamp: stamp(timeNs), frame_id: '' },
          name: [
            ...joints.map((_, i) => `joint_${i + 1}`),
            ...(gripper === null ? [] : ['gripper']),
          ],
          position: gripper === null ? joints : [...joints, gripper],
          velocity: [],
          effort: [],
        },
      });
    });
  }
  if (recording.commands.length > 0) {
    const commands = await channel('/joint_commands', jointCommandSchema);
    recording.commands.forEach((row, frame) => {
      const timeNs = timeAt(frame);
      out.push({
        channelId: commands,
        timeNs,
        message: {
          timestamp: stamp(timeNs),
          name: row.map((_, i) => `action_${i}`),
          command: row,
        },
      });
    });
  }
  const cameraChannels = new Map<string, number>();
  for (const image of recording.images) {
    let channelId = cameraChannels.get(image.camera);
    if (channelId === undefined) {
      channelId = await channel(`/camera/${image.camera}`, compressedImageSchema);
      cameraChannels.set(image.camera, channelId);
    }
    const timeNs = startNs + secondsToNs(image.timeS);
    out.push({
      channelId,
      timeNs,
      message: { timestamp: stamp(timeNs), frame_id: image.camera, data: image.png, format: 'png' },
    });
  }
  return out;
}

function secondsToNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1e9));
}

function stamp(timeNs: bigint): Stamp {
  return { sec: Number(timeNs / 1_000_000_000n), nsec: Number(timeNs % 1_000_000_000n) };
}
