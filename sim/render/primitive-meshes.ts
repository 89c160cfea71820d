/**
 * Triangle meshes of MuJoCo's primitive geoms in the geom's frame (sizes are half-extents and
 * radii; capsules and cylinders run along z), as finely divided as the replay viewer's three.js
 * geometries, so both renderers draw the same silhouettes.
 */
import { TriangleMeshBuilder, type TriangleMesh } from './triangle-mesh.ts';

/** The replay viewer's radial segments for curved primitives (web/src/replay/geom-mesh.ts). */
const radialSegments = 24;
const capSegments = radialSegments / 4;
/** MuJoCo's "infinite" plane (size 0) is drawn this large, metres. */
const infinitePlaneHalfM = 20;

export type PrimitiveType = 'plane' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box';

const cache = new Map<string, TriangleMesh>();

/** The mesh of a primitive geom of `type` and MuJoCo `size`, built once and shared. */
export function primitiveMesh(type: PrimitiveType, size: readonly number[]): TriangleMesh {
  const [a = 0, b = 0, c = 0] = size;
  const key = `${type} ${a} ${b} ${c}`;
  let mesh = cache.get(key);
  if (mesh === undefined) {
    mesh = buildPrimitive(type, a, b, c);
    cache.set(key, mesh);
  }
  return mesh;
}

function buildPrimitive(type: PrimitiveType, a: number, b: number, c: number): TriangleMesh {
  switch (type) {
    case 'plane':
      return box(a > 0 ? a : infinitePlaneHalfM, b > 0 ? b : infinitePlaneHalfM, 0, true);
    case 'box':
      return box(a, b, c, false);
    case 'sphere':
      return ellipsoid(a, a, a);
    case 'ellipsoid':
      return ellipsoid(a, b, c);
    case 'capsule':
      return capsule(a, b);
    case 'cylinder':
      return cylinder(a, b);
  }
}

/** A box of half-extents (a, b, c); a plane is its top face alone. */
function box(a: number, b: number, c: number, topOnly: boolean): TriangleMesh {
  const mesh = new TriangleMeshBuilder();
  const half = [a, b, c];
  for (let axis = 0; axis < 3; axis += 1) {
    for (const sign of [1, -1]) {
      if (topOnly && (axis !== 2 || sign !== 1)) continue;
      const u = (axis + 1) % 3;
      const v = (axis + 2) % 3;
      const normal = [0, 0, 0];
      normal[axis] = sign;
      const corners = [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ].map(([su = 0, sv = 0]) => {
        const position = [0, 0, 0];
        position[axis] = sign * half[axis]!;
        position[u] = su * half[u]!;
        position[v] = sv * half[v]!;
        return mesh.vertex(position, normal);
      });
      mesh.triangle(corners[0]!, corners[1]!, corners[2]!);
      mesh.triangle(corners[0]!, corners[2]!, corners[3]!);
    }
  }
  return mesh.build();
}

/** Rings of latitude from the +z pole down; normals follow the ellipsoid's surface. */
function ellipsoid(a: number, b: number, c: number): TriangleMesh {
  const rings = Array.from({ length: radialSegments / 2 + 1 }, (_, k) => ({
    polarRad: (k * Math.PI) / (radialSegments / 2),
    zOffset: 0,
  }));
  return latitudeRings(rings, [a, b, c]);
}

/** Two hemispheres of radius r joined by a cylinder of half-length h, along z. */
function capsule(r: number, h: number): TriangleMesh {
  const rings: { polarRad: number; zOffset: number }[] = [];
  for (let k = 0; k <= capSegments; k += 1) {
    rings.push({ polarRad: (k * Math.PI) / 2 / capSegments, zOffset: h });
  }
  for (let k = 0; k <= capSegments; k += 1) {
    rings.push({ polarRad: Math.PI / 2 + (k * Math.PI) / 2 / capSegments, zOffset: -h });
  }
  return latitudeRings(rings, [r, r, r]);
}

function latitudeRings(
  rings: readonly { polarRad: number; zOffset: number }[],
  [a, b, c]: readonly [number, number, number],
): TriangleMesh {
  const mesh = new TriangleMeshBuilder();
  const grid = rings.map(({ polarRad, zOffset }) =>
    Array.from({ length: radialSegments + 1 }, (_, j) => {
      const azimuth = (j * 2 * Math.PI) / radialSegments;
      const d = [
        Math.sin(polarRad) * Math.cos(azimuth),
        Math.sin(polarRad) * Math.sin(azimuth),
        Math.cos(polarRad),
      ] as const;
      const normal = [d[0] / a, d[1] / b, d[2] / c];
      const length = Math.hypot(normal[0]!, normal[1]!, normal[2]!);
      return mesh.vertex(
        [a * d[0], b * d[1], c * d[2] + zOffset],
        normal.map((value) => value / length),
      );
    }),
  );
  for (let ring = 0; ring + 1 < grid.length; ring += 1) {
    const upper = grid[ring]!;
    const lower = grid[ring + 1]!;
    for (let j = 0; j < radialSegments; j += 1) {
      mesh.triangle(upper[j]!, lower[j]!, lower[j + 1]!);
      mesh.triangle(upper[j]!, lower[j + 1]!, upper[j + 1]!);
    }
  }
  return mesh.build();
}

/** Radius r, half-height h, along z: a smooth side and two flat caps. */
function cylinder(r: number, h: number): TriangleMesh {
  const mesh = new TriangleMeshBuilder();
  const around = Array.from({ length: radialSegments + 1 }, (_, j) => {
    const azimuth = (j * 2 * Math.PI) / radialSegments;
    return [Math.cos(azimuth), Math.sin(azimuth)] as const;
  });
  const top = around.map(([x, y]) => mesh.vertex([r * x, r * y, h], [x, y, 0]));
  const bottom = around.map(([x, y]) => mesh.vertex([r * x, r * y, -h], [x, y, 0]));
  for (let j = 0; j < radialSegments; j += 1) {
    mesh.triangle(top[j]!, bottom[j]!, bottom[j + 1]!);
    mesh.triangle(top[j]!, bottom[j + 1]!, top[j + 1]!);
  }
  for (const sign of [1, -1]) {
    const normal = [0, 0, sign];
    const centre = mesh.vertex([0, 0, sign * h], normal);
    const rim = around.map(([x, y]) => mesh.vertex([r * x, r * y, sign * h], normal));
    for (let j = 0; j < radialSegments; j += 1) mesh.triangle(centre, rim[j]!, rim[j + 1]!);
  }
  return mesh.build();
}
