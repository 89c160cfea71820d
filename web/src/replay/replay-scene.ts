import {
  Box3,
  Color,
  Group,
  Light,
  Mesh,
  Object3D,
  PerspectiveCamera,
  Quaternion,
  Scene,
  SRGBColorSpace,
  Vector3,
  type Material,
} from 'three';
import { frameCursorAt } from './frame-cursor.ts';
import { geomMesh } from './geom-mesh.ts';
import type { RenderQuality } from './render-quality.ts';
import type { ReplayTrajectory } from './replay-trajectory.ts';
import { sceneLights } from './scene-lighting.ts';

const backgroundColor = new Color().setRGB(0.86, 0.89, 0.93, SRGBColorSpace);

/** Where a camera should look and from how far, derived from what the scene holds. */
export interface SceneFocus {
  readonly target: Vector3;
  readonly radiusM: number;
}

/**
 * A three.js scene rebuilt from a trajectory's geoms: one group per body, each geom at its local
 * pose inside it, and the recorded lights. `showTime` moves the bodies to their interpolated
 * poses. Owns every geometry and material it creates; `dispose()` frees them.
 */
export class ReplayScene {
  readonly scene = new Scene();
  /** Geom types that could not be drawn, for a note in the view; the rest still renders. */
  readonly skippedGeoms: readonly string[];
  readonly durationS: number;
  private readonly bodies: Group[];
  /** The scene's named cameras, each riding on its body like MuJoCo's. */
  private readonly cameras = new Map<string, PerspectiveCamera>();
  private readonly lightTarget = new Object3D();
  // Scratch values reused every frame so playback allocates nothing.
  private readonly fromQuaternion = new Quaternion();
  private readonly toQuaternion = new Quaternion();

  constructor(
    private readonly trajectory: ReplayTrajectory,
    quality: RenderQuality,
  ) {
    this.scene.background = backgroundColor;
    this.bodies = trajectory.bodyNames.map((name) => {
      const body = new Group();
      body.name = name;
      this.scene.add(body);
      return body;
    });
    const skipped: string[] = [];
    for (const geom of trajectory.geoms) {
      if (geom.rgba[3] <= 0) continue; // MuJoCo hides fully transparent geoms too.
      const mesh = geomMesh(geom, quality);
      if (mesh === null) skipped.push(`${geom.name || 'unnamed'} (${geom.type})`);
      else this.bodies[geom.bodyIndex]?.add(mesh);
    }
    this.skippedGeoms = skipped;
    for (const recorded of trajectory.cameras) {
      // MuJoCo's cameras, like three's, look along their -z with +y up: the pose carries over.
      const camera = new PerspectiveCamera(recorded.fovyDeg, 1, 0.01, 50);
      const [px, py, pz] = recorded.localPosition;
      const [qw, qx, qy, qz] = recorded.localQuaternion;
      camera.position.set(px, py, pz);
      camera.quaternion.set(qx, qy, qz, qw).normalize();
      this.bodies[recorded.bodyIndex]?.add(camera);
      this.cameras.set(recorded.name, camera);
    }
    this.durationS = trajectory.timesS[trajectory.frameCount - 1] ?? 0;
    this.showTime(0);
    this.lightTarget.position.copy(this.focus().target);
    this.scene.add(
      this.lightTarget,
      ...sceneLights(trajectory.visuals, this.lightTarget, { shadows: quality === 'high' }),
    );
  }

  /** The names of the scene's cameras, in the model's order. */
  cameraNames(): string[] {
    return [...this.cameras.keys()];
  }

  /** The named scene camera, posed with its body; null when the scene has no such camera. */
  sceneCamera(name: string): PerspectiveCamera | null {
    return this.cameras.get(name) ?? null;
  }

  /** Poses every body at `timeS`, interpolating between the two recorded frames around it. */
  showTime(timeS: number): void {
    const { from, to, alpha } = frameCursorAt(this.trajectory.timesS, timeS);
    const { bodyPositions: p, bodyQuaternions: q } = this.trajectory;
    const bodyCount = this.bodies.length;
    for (let body = 0; body < bodyCount; body += 1) {
      const group = this.bodies[body]!;
      const a = (from * bodyCount + body) * 3;
      const b = (to * bodyCount + body) * 3;
      group.position.set(
        p[a]! + (p[b]! - p[a]!) * alpha,
        p[a + 1]! + (p[b + 1]! - p[a + 1]!) * alpha,
        p[a + 2]! + (p[b + 2]! - p[a + 2]!) * alpha,
      );
      const qa = (from * bodyCount + body) * 4;
      const qb = (to * bodyCount + body) * 4;
      // Stored w first (MuJoCo); three's Quaternion takes x, y, z, w.
      this.fromQuaternion.set(q[qa + 1]!, q[qa + 2]!, q[qa + 3]!, q[qa]!);
      this.toQuaternion.set(q[qb + 1]!, q[qb + 2]!, q[qb + 3]!, q[qb]!);
      group.quaternion.slerpQuaternions(this.fromQuaternion, this.toQuaternion, alpha).normalize();
    }
  }

  /**
   * The centre and size of what matters: the table top and everything on it. The floor plane is
   * left out (it would put the centre at the origin and the camera kilometres away).
   */
  focus(): SceneFocus {
    const box = new Box3();
    const table = this.scene.getObjectByName('table');
    if (table !== undefined) box.expandByObject(table);
    else {
      for (const body of this.bodies.slice(1)) box.expandByObject(body);
    }
    if (box.isEmpty()) return { target: new Vector3(0.5, 0, 0.4), radiusM: 1 };
    const centre = box.getCenter(new Vector3());
    centre.z = box.max.z; // look at the table top, where the task happens
    return { target: centre, radiusM: Math.max(0.3, box.getSize(new Vector3()).length() / 2) };
  }

  dispose(): void {
    this.scene.traverse((object) => {
      if (object instanceof Mesh) {
        (object.geometry as { dispose(): void }).dispose();
        const materials = (
          Array.isArray(object.material) ? object.material : [object.material]
        ) as Material[];
        for (const material of materials) material.dispose();
      }
      if (object instanceof Light) object.dispose(); // frees a shadow map
    });
    this.scene.clear();
  }
}
