import assert from 'node:assert/strict';
import { test } from 'node:test';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import request from 'supertest';
import { stationRecordingFormat, type StationRecording } from '../queue/station-recording.ts';
import { LocalDirectoryStore } from '../services/artifacts/local-directory-store.ts';
import { createApp } from './helpers/contract-checked-app.ts';
import { withDatabase } from './helpers/databases.ts';
import { recordSimComparison, recordStationEpisode } from './helpers/recorded-episodes.ts';

const simCatalog = { policies: ['expert'], tasks: [] };

interface ReadBack {
  reader: McapIndexedReader;
  /** Decoded JSON messages by topic, in file order. */
  byTopic: Map<string, { logTime: bigint; message: Record<string, unknown> }[]>;
  /** Schema name per topic. */
  schemas: Map<string, string>;
}

async function readMcap(bytes: Uint8Array): Promise<ReadBack> {
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
  const schemas = new Map<string, string>();
  for (const channel of reader.channelsById.values()) {
    assert.equal(channel.messageEncoding, 'json');
    const schema = reader.schemasById.get(channel.schemaId);
    assert.equal(schema?.encoding, 'jsonschema');
    JSON.parse(new TextDecoder().decode(schema.data));
    schemas.set(channel.topic, schema.name);
  }
  const byTopic: ReadBack['byTopic'] = new Map();
  for await (const record of reader.readMessages()) {
    const topic = reader.channelsById.get(record.channelId)!.topic;
    const list = byTopic.get(topic) ?? [];
    list.push({
      logTime: record.logTime,
      message: JSON.parse(new TextDecoder().decode(record.data)) as Record<string, unknown>,
    });
    byTopic.set(topic, list);
  }
  return { reader, byTopic, schemas };
}

function binary(
  res: request.Response,
  callback: (error: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

test("a simulated episode's MCAP holds every body's pose per frame on /tf, as Foxglove reads it", async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const { comparisonId, trajectories } = await recordSimComparison(db, artifacts);
    const app = createApp({ db, artifacts, simCatalog });
    const res = await request(app)
      .get(`/api/episodes/${comparisonId}-A/mcap`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    assert.match(res.headers['content-disposition'] ?? '', /\.mcap"/);
    const { reader, byTopic, schemas } = await readMcap(res.body as Buffer);
    assert.equal(schemas.get('/tf'), 'foxglove.FrameTransforms');
    assert.deepEqual([...schemas.keys()], ['/tf'], 'a simulated episode has no joints or cameras');
    const trajectory = trajectories.A;
    const tf = byTopic.get('/tf')!;
    assert.equal(tf.length, trajectory.frameCount);
    assert.equal(reader.statistics?.messageCount, BigInt(trajectory.frameCount));
    const bodies = trajectory.bodyNames.length;
    // Frame k's transform of body b is the recorded pose, quaternion reordered to x, y, z, w.
    const frame = Math.floor(trajectory.frameCount / 2);
    const transforms = tf[frame]!.message.transforms as {
      parent_frame_id: string;
      child_frame_id: string;
      translation: { x: number; y: number; z: number };
      rotation: { x: number; y: number; z: number; w: number };
      timestamp: { sec: number; nsec: number };
    }[];
    assert.equal(transforms.length, bodies - 1);
    for (let body = 1; body < bodies; body += 1) {
      const t = transforms[body - 1]!;
      assert.equal(t.parent_frame_id, 'world');
      assert.equal(t.child_frame_id, trajectory.bodyNames[body]);
      const p = (frame * bodies + body) * 3;
      const q = (frame * bodies + body) * 4;
      assert.deepEqual(
        [t.translation.x, t.translation.y, t.translation.z],
        Array.from(trajectory.bodyPositions.subarray(p, p + 3)),
      );
      assert.deepEqual(
        [t.rotation.w, t.rotation.x, t.rotation.y, t.rotation.z],
        Array.from(trajectory.bodyQuaternions.subarray(q, q + 4)),
      );
    }
    // Log times advance with the simulated clock.
    const seconds = Number(tf.at(-1)!.logTime - tf[0]!.logTime) / 1e9;
    const recorded = trajectory.timesS[trajectory.frameCount - 1]! - trajectory.timesS[0]!;
    assert.ok(Math.abs(seconds - recorded) < 1e-6, `${seconds} s against ${recorded} s`);
    const metadata = [];
    for await (const m of reader.readMetadata({ name: 'episode' })) metadata.push(m);
    assert.equal(metadata[0]?.metadata.get('episode'), `${comparisonId}-A`);

    await request(app).get(`/api/episodes/nope-A/mcap`).expect(404);
  });
});

test("a station episode's MCAP has its joint states, commands and camera frames, for any joint count", async () => {
  await withDatabase('sqlite', async ({ db }, { dataDir }) => {
    const artifacts = new LocalDirectoryStore(dataDir);
    const { comparisonId } = await recordSimComparison(db, artifacts);
    const campaignId = (
      await db
        .selectFrom('comparisons')
        .select('campaign_id')
        .where('id', '=', comparisonId)
        .executeTakeFirstOrThrow()
    ).campaign_id;
    const joints = 7;
    const frames = 12;
    const pixel = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
    const recording: StationRecording = {
      format: stationRecordingFormat,
      task: 'stack cups',
      frameHz: 15,
      achievedHz: 14.8,
      droppedFrames: 0,
      frameCount: frames,
      timesS: Array.from({ length: frames }, (_, i) => i / 15),
      // One step without a fresh measurement: no joint state is made up for it.
      jointPositions: Array.from({ length: frames }, (_, i) =>
        i === 4 ? null : Array.from({ length: joints }, (_, j) => i * 0.01 + j),
      ),
      gripper: Array.from({ length: frames }, (_, i) => (i < 6 ? 0 : 1)),
      commands: Array.from({ length: frames }, (_, i) =>
        Array.from({ length: joints + 1 }, (_, j) => i - j),
      ),
      cameraHz: 5,
      images: [0, 3, 6, 9].flatMap((i) =>
        ['wrist', 'exterior'].map((camera) => ({
          timeS: i / 15,
          camera,
          width: 2,
          height: 2,
          png: pixel,
        })),
      ),
    };
    const episodeId = await recordStationEpisode(db, artifacts, campaignId, 1, recording);
    const app = createApp({ db, artifacts, simCatalog });
    const res = await request(app)
      .get(`/api/episodes/${episodeId}/mcap`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const { byTopic, schemas } = await readMcap(res.body as Buffer);
    assert.equal(schemas.get('/joint_states'), 'sensor_msgs/msg/JointState');
    assert.equal(schemas.get('/joint_commands'), 'policy_arena.JointCommand');
    assert.equal(schemas.get('/camera/wrist'), 'foxglove.CompressedImage');
    assert.equal(schemas.get('/camera/exterior'), 'foxglove.CompressedImage');
    const states = byTopic.get('/joint_states')!;
    assert.equal(states.length, frames - 1);
    const last = states.at(-1)!.message as { name: string[]; position: number[] };
    assert.equal(last.name.length, joints + 1);
    assert.equal(last.name.at(-1), 'gripper');
    assert.deepEqual(last.position, [...recording.jointPositions.at(-1)!, 1]);
    const commands = byTopic.get('/joint_commands')!;
    assert.equal(commands.length, frames);
    assert.deepEqual(commands[5]!.message.command, recording.commands[5]);
    const wrist = byTopic.get('/camera/wrist')!;
    assert.equal(wrist.length, 4);
    assert.equal(wrist[0]!.message.format, 'png');
    assert.equal(wrist[0]!.message.data, pixel);
  });
});
