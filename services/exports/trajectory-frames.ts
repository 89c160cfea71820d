import type { MainModule, MjData, MjModel } from 'mujoco-js';
import {
  defaultFieldOfViewDeg,
  defaultViewDirection,
  viewDistanceInRadii,
} from '../../sim/render/scene-look.ts';
import { SceneRenderer, type RgbImage, type Trajectory } from '../../sim/index.ts';
import { geomTypeNames } from '../../sim/trajectory/trajectory.ts';

/** The one camera a replay video is seen through; any name does, it is the only one. */
const replayCamera = 'replay';
/** The scene is framed to at least this radius, so a lone small object is not filled edge to edge. */
const minimumFramedRadiusM = 0.3;
/** Geoms reach past their centres: stand back this much further than the centres alone need. */
const centresToExtent = 2;

/**
 * Draws a recorded trajectory's frames with the simulator's own camera renderer, from the
 * judging page's default viewpoint. The renderer reads a compiled model and its state; a
 * trajectory holds the same facts (each geom's type, size, colour and body, each body's pose per
 * frame), so they are laid out in the fields it reads, and nothing else of MuJoCo is needed:
 * any scene, any number of bodies, renders the same way.
 */
export class TrajectoryFrames {
  private readonly renderer: SceneRenderer;
  private readonly data: SceneState;
  private readonly drawn: readonly number[];

  constructor(
    private readonly trajectory: Trajectory,
    readonly width: number,
    readonly height: number,
  ) {
    // Mesh geoms carry no vertices in a trajectory: left out, as the browser replay does.
    this.drawn = trajectory.geoms.flatMap((g, i) =>
      g.type === 'mesh' || g.type === 'hfield' || g.type === 'sdf' || g.type === 'unknown'
        ? []
        : [i],
    );
    const model = sceneModel(trajectory, this.drawn);
    this.data = {
      geom_xpos: new Float64Array(this.drawn.length * 3),
      geom_xmat: new Float64Array(this.drawn.length * 9),
      cam_xpos: new Float64Array(3),
      cam_xmat: new Float64Array(9),
      light_xdir: lightDirection(trajectory),
    };
    // The renderer asks MuJoCo only for camera ids and names; there is one camera.
    const mujoco = {
      mjtObj: { mjOBJ_CAMERA: { value: 7 } },
      mj_name2id: (_model: unknown, _type: number, name: string) =>
        name === replayCamera ? 0 : -1,
      mj_id2name: () => replayCamera,
    };
    this.renderer = new SceneRenderer(mujoco as unknown as MainModule, model as unknown as MjModel);
    this.poseGeoms(0);
    this.aimCamera();
  }

  get frameCount(): number {
    return this.trajectory.frameCount;
  }

  /** Frame `frame` as 8-bit RGB rows, top first. */
  render(frame: number): RgbImage {
    this.poseGeoms(frame);
    return this.renderer.render(
      this.data as unknown as MjData,
      replayCamera,
      this.width,
      this.height,
    );
  }

  /** Each drawn geom's world pose: its body's pose at `frame` composed with its own offset. */
  private poseGeoms(frame: number): void {
    const { bodyPositions, bodyQuaternions, bodyNames, geoms } = this.trajectory;
    const bodies = bodyNames.length;
    this.drawn.forEach((geomIndex, slot) => {
      const geom = geoms[geomIndex]!;
      const b = frame * bodies + geom.bodyIndex;
      const bodyRotation = rotationMatrix([
        bodyQuaternions[b * 4] ?? 1,
        bodyQuaternions[b * 4 + 1] ?? 0,
        bodyQuaternions[b * 4 + 2] ?? 0,
        bodyQuaternions[b * 4 + 3] ?? 0,
      ]);
      const local = rotationMatrix(geom.localQuaternion);
      const rotation = multiply(bodyRotation, local);
      this.data.geom_xmat.set(rotation, slot * 9);
      for (let axis = 0; axis < 3; axis += 1) {
        const offset =
          (bodyRotation[axis * 3] ?? 0) * geom.localPosition[0] +
          (bodyRotation[axis * 3 + 1] ?? 0) * geom.localPosition[1] +
          (bodyRotation[axis * 3 + 2] ?? 0) * geom.localPosition[2];
        this.data.geom_xpos[slot * 3 + axis] = (bodyPositions[b * 3 + axis] ?? 0) + offset;
      }
    });
  }

  /** Frames the scene's geom centres at the first frame (planes aside) from the default view. */
  private aimCamera(): void {
    const low = [Infinity, Infinity, Infinity];
    const high = [-Infinity, -Infinity, -Infinity];
    this.drawn.forEach((geomIndex, slot) => {
      const geom = this.trajectory.geoms[geomIndex]!;
      if (geom.type === 'plane') return;
      // Geom centres only: a table's box would otherwise pull the view back to the floor.
      for (let axis = 0; axis < 3; axis += 1) {
        const value = this.data.geom_xpos[slot * 3 + axis] ?? 0;
        low[axis] = Math.min(low[axis]!, value);
        high[axis] = Math.max(high[axis]!, value);
      }
    });
    const empty = !Number.isFinite(low[0]!);
    const aim = empty ? [0, 0, 0] : low.map((value, axis) => (value + high[axis]!) / 2);
    const radius = Math.max(
      minimumFramedRadiusM,
      empty ? 0 : Math.hypot(...low.map((value, axis) => high[axis]! - value)) / 2,
    );
    const direction = normalise(defaultViewDirection);
    const position = aim.map(
      (value, axis) => value + direction[axis]! * radius * viewDistanceInRadii * centresToExtent,
    );
    const forward = normalise(aim.map((value, axis) => value - position[axis]!));
    const right = normalise(cross(forward, [0, 0, 1]));
    const up = cross(right, forward);
    this.data.cam_xpos.set(position);
    // MuJoCo's cam_xmat holds the camera's axes as columns: x right, y up, z backwards.
    this.data.cam_xmat.set([
      right[0]!,
      up[0]!,
      -forward[0]!,
      right[1]!,
      up[1]!,
      -forward[1]!,
      right[2]!,
      up[2]!,
      -forward[2]!,
    ]);
  }
}

interface SceneState {
  geom_xpos: Float64Array;
  geom_xmat: Float64Array;
  cam_xpos: Float64Array;
  cam_xmat: Float64Array;
  light_xdir: Float64Array;
}

/** The model fields the renderer reads, for the drawn geoms in order. */
function sceneModel(trajectory: Trajectory, drawn: readonly number[]): Record<string, unknown> {
  const geoms = drawn.map((i) => trajectory.geoms[i]!);
  const intensity = trajectory.visuals.lightIntensity;
  return {
    ngeom: geoms.length,
    ncam: 1,
    nlight: 1,
    geom_type: Int32Array.from(geoms, (g) =>
      geomTypeNames.indexOf(g.type as (typeof geomTypeNames)[number]),
    ),
    geom_size: Float64Array.from(geoms.flatMap((g) => [...g.size])),
    geom_dataid: new Int32Array(geoms.length).fill(-1),
    geom_matid: new Int32Array(geoms.length).fill(-1),
    geom_rgba: Float32Array.from(geoms.flatMap((g) => [...g.rgba])),
    mat_rgba: new Float32Array(0),
    cam_fovy: Float64Array.of(defaultFieldOfViewDeg),
    light_diffuse: Float32Array.of(intensity, intensity, intensity),
  };
}

/** The scene's key light, as the MJCF builder aims it from the recorded lighting. */
function lightDirection(trajectory: Trajectory): Float64Array {
  const degree = Math.PI / 180;
  const elevation = trajectory.visuals.lightElevationDeg * degree;
  const azimuth = trajectory.visuals.lightAzimuthDeg * degree;
  return Float64Array.of(
    -Math.cos(elevation) * Math.cos(azimuth),
    -Math.cos(elevation) * Math.sin(azimuth),
    -Math.sin(elevation),
  );
}

/** Row-major rotation matrix of a unit quaternion given w first. */
function rotationMatrix(q: readonly number[]): number[] {
  const [w = 1, x = 0, y = 0, z = 0] = q;
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  ];
}

function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let row = 0; row < 3; row += 1)
    for (let col = 0; col < 3; col += 1)
      for (let k = 0; k < 3; k += 1) out[row * 3 + col]! += a[row * 3 + k]! * b[k * 3 + col]!;
  return out;
}

function normalise(v: readonly number[]): number[] {
  const length = Math.hypot(...v) || 1;
  return v.map((value) => value / length);
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [
    a[1]! * b[2]! - a[2]! * b[1]!,
    a[2]! * b[0]! - a[0]! * b[2]!,
    a[0]! * b[1]! - a[1]! * b[0]!,
  ];
}
