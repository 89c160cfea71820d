import {
  BoxGeometry,
  CapsuleGeometry,
  Color,
  CylinderGeometry,
  Mesh,
  MeshLambertMaterial,
  MeshStandardMaterial,
  PlaneGeometry,
  SphereGeometry,
  SRGBColorSpace,
  type BufferGeometry,
} from 'three';
import type { RenderQuality } from './render-quality.ts';
import type { TrajectoryGeom } from './replay-trajectory.ts';

/** Curved primitives: enough segments to look round at table scale, few enough for 50 fps. */
const radialSegments = 24;
/** MuJoCo's "infinite" plane (size 0) drawn this large, metres. */
const infinitePlaneHalfM = 20;

/**
 * three.js geometry for a MuJoCo geom, in the geom's own frame (MuJoCo sizes are half-extents
 * and radii; its capsules and cylinders run along z, three's along y). Null for types the
 * trajectory cannot describe (mesh, height field, SDF: their data is not recorded).
 */
export function geomGeometry(geom: TrajectoryGeom): BufferGeometry | null {
  const [a, b, c] = geom.size;
  switch (geom.type) {
    case 'plane':
      return new PlaneGeometry(
        2 * (a > 0 ? a : infinitePlaneHalfM),
        2 * (b > 0 ? b : infinitePlaneHalfM),
      );
    case 'sphere':
      return new SphereGeometry(a, radialSegments, radialSegments / 2);
    case 'capsule':
      return new CapsuleGeometry(a, 2 * b, radialSegments / 4, radialSegments).rotateX(Math.PI / 2);
    case 'ellipsoid':
      return new SphereGeometry(1, radialSegments, radialSegments / 2).scale(a, b, c);
    case 'cylinder':
      return new CylinderGeometry(a, a, 2 * b, radialSegments).rotateX(Math.PI / 2);
    case 'box':
      return new BoxGeometry(2 * a, 2 * b, 2 * c);
    case 'hfield':
    case 'mesh':
    case 'sdf':
    case 'unknown':
      return null;
  }
}

/**
 * A mesh for the geom at its local pose in its body, or null when it cannot be drawn. Matte
 * physically based material at high quality, Lambert (far cheaper per pixel) at low.
 */
export function geomMesh(geom: TrajectoryGeom, quality: RenderQuality): Mesh | null {
  const geometry = geomGeometry(geom);
  if (geometry === null) return null;
  const [red, green, blue, alpha] = geom.rgba;
  const common = {
    color: new Color().setRGB(red, green, blue, SRGBColorSpace),
    transparent: alpha < 1,
    opacity: alpha,
    // Transparent markers (targets) must not hide what lies behind them.
    depthWrite: alpha >= 1,
  };
  const material =
    quality === 'high'
      ? new MeshStandardMaterial({ ...common, roughness: 0.75, metalness: 0.05 })
      : new MeshLambertMaterial(common);
  const mesh = new Mesh(geometry, material);
  mesh.name = geom.name;
  const [px, py, pz] = geom.localPosition;
  const [qw, qx, qy, qz] = geom.localQuaternion;
  mesh.position.set(px, py, pz);
  mesh.quaternion.set(qx, qy, qz, qw).normalize();
  mesh.castShadow = geom.type !== 'plane' && alpha >= 1;
  mesh.receiveShadow = true;
  return mesh;
}
