/**
 * Renders a compiled MuJoCo model's geoms, posed by an MjData, from one of its named cameras:
 * the picture a camera-based policy sees. A CPU rasteriser with a z-buffer and per-vertex
 * Lambert shading under the scene's key light and the judging page's sky fill (scene-look.ts),
 * with no randomness and no clock: the same state gives the same bytes, in any process.
 */
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { float64View, int32View } from '../mujoco-runtime.ts';
import { geomTypeNames } from '../trajectory/trajectory.ts';
import { primitiveMesh } from './primitive-meshes.ts';
import { RasterTarget, vertexStride } from './raster-target.ts';
import type { RgbImage } from './resize-with-pad.ts';
import {
  backgroundSrgb,
  fillGroundSrgb,
  fillLightIntensity,
  fillSkySrgb,
  keyLightScale,
  keyLightTilt,
  srgbToLinear,
} from './scene-look.ts';
import { TriangleMeshBuilder, type TriangleMesh } from './triangle-mesh.ts';

/** Nothing closer to a camera than this is drawn, metres (three.js's near plane is 0.02). */
const nearPlaneM = 0.01;

export class UnknownCameraError extends Error {
  override name = 'UnknownCameraError';
}

interface DrawnGeom {
  readonly id: number;
  readonly mesh: TriangleMesh;
  /** Diffuse colour in linear light, divided by π (Lambert's BRDF). */
  readonly albedo: readonly [number, number, number];
  readonly alpha: number;
}

/** Draws the scene of one model; `render` may be called with any MjData of that model. */
export class SceneRenderer {
  private readonly geoms: readonly DrawnGeom[];
  private readonly cameraIds = new Map<string, number>();
  private readonly targets = new Map<string, RasterTarget>();
  // Scratch buffers grown to the largest mesh, so a render allocates almost nothing.
  private cameraSpace = new Float64Array(0);
  private shade = new Float64Array(0);
  private readonly polygon = new Float64Array(4 * vertexStride);
  private readonly clipped = new Float64Array(4 * 6);

  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
  ) {
    this.geoms = readDrawnGeoms(model);
  }

  /** The scene's camera names, in model order. */
  cameraNames(): string[] {
    return Array.from(
      { length: this.model.ncam },
      (_, id) =>
        this.mujoco.mj_id2name(this.model, this.mujoco.mjtObj.mjOBJ_CAMERA.value, id) ?? '',
    );
  }

  /** An RGB picture, `width` × `height`, from the camera named `camera` at `data`'s state. */
  render(data: MjData, camera: string, width: number, height: number): RgbImage {
    const cameraId = this.cameraId(camera);
    const key = `${width}x${height}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      target = new RasterTarget(width, height);
      this.targets.set(key, target);
    }
    target.clear(backgroundSrgb);

    const camPos = float64View(data.cam_xpos, 'cam_xpos').subarray(cameraId * 3, cameraId * 3 + 3);
    const camMat = float64View(data.cam_xmat, 'cam_xmat').subarray(cameraId * 9, cameraId * 9 + 9);
    const fovyDeg = float64View(this.model.cam_fovy, 'cam_fovy')[cameraId] ?? 45;
    const focalPx = height / 2 / Math.tan((fovyDeg * Math.PI) / 360);
    const light = this.keyLight(data);
    const geomPos = float64View(data.geom_xpos, 'geom_xpos');
    const geomMat = float64View(data.geom_xmat, 'geom_xmat');

    const translucent: { geom: DrawnGeom; depth: number }[] = [];
    for (const geom of this.geoms) {
      if (geom.alpha < 1) {
        // Drawn after everything opaque, farthest first, as three.js orders transparent objects.
        const p = geom.id * 3;
        const depth =
          camMat[2]! * (geomPos[p]! - camPos[0]!) +
          camMat[5]! * (geomPos[p + 1]! - camPos[1]!) +
          camMat[8]! * (geomPos[p + 2]! - camPos[2]!);
        translucent.push({ geom, depth });
        continue;
      }
      this.drawGeom(target, geom, geomPos, geomMat, camPos, camMat, focalPx, light);
    }
    translucent.sort((a, b) => a.depth - b.depth || a.geom.id - b.geom.id);
    for (const { geom } of translucent) {
      this.drawGeom(target, geom, geomPos, geomMat, camPos, camMat, focalPx, light);
    }
    return { width, height, data: target.toRgb() };
  }

  private cameraId(name: string): number {
    let id = this.cameraIds.get(name);
    if (id === undefined) {
      id = this.mujoco.mj_name2id(this.model, this.mujoco.mjtObj.mjOBJ_CAMERA.value, name);
      if (id < 0) {
        throw new UnknownCameraError(
          `the scene has no camera named "${name}"; cameras: ${this.cameraNames().join(', ') || 'none'}`,
        );
      }
      this.cameraIds.set(name, id);
    }
    return id;
  }

  /** Unit vector towards the scene's first light and its intensity (none: fill light only). */
  private keyLight(data: MjData): { towards: readonly number[]; intensity: number } {
    if (this.model.nlight === 0) return { towards: [0, 0, 1], intensity: 0 };
    const dir = float64View(data.light_xdir, 'light_xdir');
    const diffuse = this.model.light_diffuse as Float32Array;
    const towards = [0, 1, 2].map((axis) => -(dir[axis] ?? 0) + (keyLightTilt[axis] ?? 0));
    const length = Math.hypot(...towards);
    return {
      towards: towards.map((value) => value / length),
      intensity: (diffuse[0] ?? 0) * keyLightScale,
    };
  }

  private drawGeom(
    target: RasterTarget,
    geom: DrawnGeom,
    geomPos: Float64Array,
    geomMat: Float64Array,
    camPos: Float64Array,
    camMat: Float64Array,
    focalPx: number,
    light: { towards: readonly number[]; intensity: number },
  ): void {
    const { positions, normals, indices } = geom.mesh;
    const vertexCount = positions.length / 3;
    if (this.cameraSpace.length < vertexCount * 3) {
      this.cameraSpace = new Float64Array(vertexCount * 3);
      this.shade = new Float64Array(vertexCount * 3);
    }
    const cam = this.cameraSpace;
    const shade = this.shade;
    const R = geomMat.subarray(geom.id * 9, geom.id * 9 + 9);
    const t = geomPos.subarray(geom.id * 3, geom.id * 3 + 3);
    const [lx = 0, ly = 0, lz = 1] = light.towards;
    const [ar, ag, ab] = geom.albedo;
    for (let v = 0; v < vertexCount; v += 1) {
      const px = positions[3 * v]!;
      const py = positions[3 * v + 1]!;
      const pz = positions[3 * v + 2]!;
      // World position, then into the camera's frame (its axes are cam_xmat's columns).
      const wx = R[0]! * px + R[1]! * py + R[2]! * pz + t[0]! - camPos[0]!;
      const wy = R[3]! * px + R[4]! * py + R[5]! * pz + t[1]! - camPos[1]!;
      const wz = R[6]! * px + R[7]! * py + R[8]! * pz + t[2]! - camPos[2]!;
      cam[3 * v] = camMat[0]! * wx + camMat[3]! * wy + camMat[6]! * wz;
      cam[3 * v + 1] = camMat[1]! * wx + camMat[4]! * wy + camMat[7]! * wz;
      cam[3 * v + 2] = camMat[2]! * wx + camMat[5]! * wy + camMat[8]! * wz;
      const nx = normals[3 * v]!;
      const ny = normals[3 * v + 1]!;
      const nz = normals[3 * v + 2]!;
      const wnx = R[0]! * nx + R[1]! * ny + R[2]! * nz;
      const wny = R[3]! * nx + R[4]! * ny + R[5]! * nz;
      const wnz = R[6]! * nx + R[7]! * ny + R[8]! * nz;
      const key = Math.max(0, wnx * lx + wny * ly + wnz * lz) * light.intensity;
      // three's hemisphere light: ground colour facing down, sky colour facing up.
      const sky = 0.5 * wnz + 0.5;
      shade[3 * v] = ar * (key + fill[0] + (fillSky[0] - fill[0]) * sky);
      shade[3 * v + 1] = ag * (key + fill[1] + (fillSky[1] - fill[1]) * sky);
      shade[3 * v + 2] = ab * (key + fill[2] + (fillSky[2] - fill[2]) * sky);
    }
    const halfWidth = target.width / 2;
    const halfHeight = target.height / 2;
    for (let t3 = 0; t3 < indices.length; t3 += 3) {
      const count = this.clipToNearPlane(indices[t3]!, indices[t3 + 1]!, indices[t3 + 2]!);
      if (count < 3) continue;
      const out = this.polygon;
      const c = this.clipped;
      for (let k = 0; k < count; k += 1) {
        const inverseDepth = 1 / -c[6 * k + 2]!;
        out[k * vertexStride] = halfWidth + focalPx * c[6 * k]! * inverseDepth;
        out[k * vertexStride + 1] = halfHeight - focalPx * c[6 * k + 1]! * inverseDepth;
        out[k * vertexStride + 2] = inverseDepth;
        out[k * vertexStride + 3] = c[6 * k + 3]!;
        out[k * vertexStride + 4] = c[6 * k + 4]!;
        out[k * vertexStride + 5] = c[6 * k + 5]!;
      }
      for (let k = 1; k + 1 < count; k += 1) {
        target.triangle(out, 0, k * vertexStride, (k + 1) * vertexStride, geom.alpha);
      }
    }
  }

  /**
   * Copies the triangle's camera-space vertices (and colours) into `clipped`, cut at the near
   * plane (z = -near; the camera looks along -z): 0, 3 or 4 vertices.
   */
  private clipToNearPlane(a: number, b: number, c: number): number {
    const cam = this.cameraSpace;
    const shade = this.shade;
    const out = this.clipped;
    let count = 0;
    const corners = [a, b, c];
    for (let k = 0; k < 3; k += 1) {
      const from = corners[k]!;
      const to = corners[(k + 1) % 3]!;
      const fromInside = cam[3 * from + 2]! <= -nearPlaneM;
      const toInside = cam[3 * to + 2]! <= -nearPlaneM;
      if (fromInside) {
        for (let i = 0; i < 3; i += 1) out[6 * count + i] = cam[3 * from + i]!;
        for (let i = 0; i < 3; i += 1) out[6 * count + 3 + i] = shade[3 * from + i]!;
        count += 1;
      }
      if (fromInside !== toInside) {
        const zf = cam[3 * from + 2]!;
        const zt = cam[3 * to + 2]!;
        const s = (-nearPlaneM - zf) / (zt - zf);
        for (let i = 0; i < 3; i += 1) {
          out[6 * count + i] = cam[3 * from + i]! + s * (cam[3 * to + i]! - cam[3 * from + i]!);
          out[6 * count + 3 + i] =
            shade[3 * from + i]! + s * (shade[3 * to + i]! - shade[3 * from + i]!);
        }
        count += 1;
      }
    }
    return count;
  }
}

const linearFill = (srgb: readonly [number, number, number]): [number, number, number] => [
  srgbToLinear(srgb[0]) * fillLightIntensity,
  srgbToLinear(srgb[1]) * fillLightIntensity,
  srgbToLinear(srgb[2]) * fillLightIntensity,
];
const fill = linearFill(fillGroundSrgb);
const fillSky = linearFill(fillSkySrgb);

/** The model's visible geoms with their meshes and colours (a material's when it has one). */
function readDrawnGeoms(model: MjModel): DrawnGeom[] {
  const types = int32View(model.geom_type, 'geom_type');
  const sizes = float64View(model.geom_size, 'geom_size');
  const dataIds = int32View(model.geom_dataid, 'geom_dataid');
  const materialIds = int32View(model.geom_matid, 'geom_matid');
  const geomRgba = model.geom_rgba as Float32Array;
  const materialRgba = model.mat_rgba as Float32Array;
  const meshes = new Map<number, TriangleMesh>();
  const geoms: DrawnGeom[] = [];
  for (let id = 0; id < model.ngeom; id += 1) {
    const material = materialIds[id] ?? -1;
    const rgba = material >= 0 ? materialRgba : geomRgba;
    const at = (material >= 0 ? material : id) * 4;
    const alpha = rgba[at + 3] ?? 1;
    if (alpha <= 0) continue; // MuJoCo hides fully transparent geoms
    const type = geomTypeNames[types[id] ?? -1] ?? 'unknown';
    let mesh: TriangleMesh | null;
    switch (type) {
      case 'plane':
      case 'sphere':
      case 'capsule':
      case 'ellipsoid':
      case 'cylinder':
      case 'box':
        mesh = primitiveMesh(type, [sizes[3 * id]!, sizes[3 * id + 1]!, sizes[3 * id + 2]!]);
        break;
      case 'mesh': {
        const meshId = dataIds[id] ?? -1;
        mesh = meshes.get(meshId) ?? modelMesh(model, meshId);
        meshes.set(meshId, mesh);
        break;
      }
      case 'hfield':
      case 'sdf':
      case 'unknown':
        mesh = null;
    }
    if (mesh === null) continue;
    const albedo = [0, 1, 2].map((channel) => srgbToLinear(rgba[at + channel] ?? 0) / Math.PI);
    geoms.push({
      id,
      mesh,
      albedo: [albedo[0]!, albedo[1]!, albedo[2]!],
      alpha: Math.min(1, alpha),
    });
  }
  return geoms;
}

/** A mesh asset as flat-shaded triangles (MuJoCo stores its faces counter-clockwise). */
function modelMesh(model: MjModel, meshId: number): TriangleMesh {
  const builder = new TriangleMeshBuilder();
  const vertAddress = int32View(model.mesh_vertadr, 'mesh_vertadr')[meshId] ?? 0;
  const faceAddress = int32View(model.mesh_faceadr, 'mesh_faceadr')[meshId] ?? 0;
  const faceCount = int32View(model.mesh_facenum, 'mesh_facenum')[meshId] ?? 0;
  const vertices = model.mesh_vert as Float32Array;
  const faces = int32View(model.mesh_face, 'mesh_face');
  for (let face = faceAddress; face < faceAddress + faceCount; face += 1) {
    const corners = [0, 1, 2].map((k) => {
      const vertex = vertAddress + (faces[3 * face + k] ?? 0);
      return [vertices[3 * vertex]!, vertices[3 * vertex + 1]!, vertices[3 * vertex + 2]!];
    });
    const [p0, p1, p2] = corners as [number[], number[], number[]];
    const e1 = [p1[0]! - p0[0]!, p1[1]! - p0[1]!, p1[2]! - p0[2]!];
    const e2 = [p2[0]! - p0[0]!, p2[1]! - p0[1]!, p2[2]! - p0[2]!];
    const normal = [
      e1[1]! * e2[2]! - e1[2]! * e2[1]!,
      e1[2]! * e2[0]! - e1[0]! * e2[2]!,
      e1[0]! * e2[1]! - e1[1]! * e2[0]!,
    ];
    const length = Math.hypot(normal[0]!, normal[1]!, normal[2]!) || 1;
    const unit = normal.map((value) => value / length);
    const ids = corners.map((corner) => builder.vertex(corner, unit));
    builder.triangle(ids[0]!, ids[1]!, ids[2]!);
  }
  return builder.build();
}
