import { z } from 'zod';

const vector3 = z.tuple([z.number(), z.number(), z.number()]);
const vector4 = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** An episode's recorded trajectory as the replay viewer reads it: the scene once, then poses. */
export const replayTrajectory = z.object({
  task: z.string(),
  seed: z.number(),
  frameHz: z.number(),
  bodyNames: z.array(z.string()),
  geoms: z.array(
    z.object({
      name: z.string(),
      type: z.string().describe("MuJoCo's geom type: plane, sphere, capsule, box, …"),
      size: vector3,
      rgba: vector4,
      bodyIndex: z.number(),
      bodyName: z.string(),
      localPosition: vector3,
      localQuaternion: vector4,
    }),
  ),
  cameras: z
    .array(
      z.object({
        name: z.string(),
        bodyIndex: z.number(),
        localPosition: vector3,
        localQuaternion: vector4,
        fovyDeg: z.number().describe('Vertical field of view, degrees.'),
      }),
    )
    .describe(
      "The scene's named cameras (a camera looks along its -z with +y up, fixed in its body); " +
        'what a camera-based policy saw. Empty for trajectories recorded before scenes had cameras.',
    ),
  visuals: z.record(z.string(), z.unknown()).describe('Colours and lighting, for a renderer.'),
  perturbation: z.record(z.string(), z.unknown()),
  frameCount: z.number(),
  timesS: z.array(z.number()).describe('Simulated time of each frame, seconds.'),
  bodyPositions: z
    .array(z.number())
    .describe('frameCount × bodyCount × 3 body positions (world frame, metres).'),
  bodyQuaternions: z
    .array(z.number())
    .describe('frameCount × bodyCount × 4 body orientations (unit quaternions, w first).'),
});
export type ReplayTrajectory = z.infer<typeof replayTrajectory>;
