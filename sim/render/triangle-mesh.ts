/**
 * Triangles of a geom in its own frame, with a normal per vertex. Built once per (type, size)
 * and reused by every render. Every triangle winds counter-clockwise seen from outside, so
 * back faces can be culled.
 */
export interface TriangleMesh {
  /** x, y, z per vertex. */
  readonly positions: Float64Array;
  /** Unit outward normal per vertex. */
  readonly normals: Float64Array;
  /** Three vertex indices per triangle. */
  readonly indices: Uint32Array;
}

/** Collects vertices and triangles, fixing each triangle's winding against its normals. */
export class TriangleMeshBuilder {
  private readonly positions: number[] = [];
  private readonly normals: number[] = [];
  private readonly indices: number[] = [];

  vertex(position: readonly number[], normal: readonly number[]): number {
    this.positions.push(position[0] ?? 0, position[1] ?? 0, position[2] ?? 0);
    this.normals.push(normal[0] ?? 0, normal[1] ?? 0, normal[2] ?? 0);
    return this.positions.length / 3 - 1;
  }

  /** Adds the triangle (skipping a degenerate one) wound so that it faces its normals. */
  triangle(a: number, b: number, c: number): void {
    const p = this.positions;
    const n = this.normals;
    const e1 = [
      p[3 * b]! - p[3 * a]!,
      p[3 * b + 1]! - p[3 * a + 1]!,
      p[3 * b + 2]! - p[3 * a + 2]!,
    ];
    const e2 = [
      p[3 * c]! - p[3 * a]!,
      p[3 * c + 1]! - p[3 * a + 1]!,
      p[3 * c + 2]! - p[3 * a + 2]!,
    ];
    const face = [
      e1[1]! * e2[2]! - e1[2]! * e2[1]!,
      e1[2]! * e2[0]! - e1[0]! * e2[2]!,
      e1[0]! * e2[1]! - e1[1]! * e2[0]!,
    ];
    const area = Math.hypot(face[0]!, face[1]!, face[2]!);
    if (area < 1e-14) return;
    let facing = 0;
    for (const vertex of [a, b, c]) {
      for (let axis = 0; axis < 3; axis += 1) facing += face[axis]! * n[3 * vertex + axis]!;
    }
    if (facing >= 0) this.indices.push(a, b, c);
    else this.indices.push(a, c, b);
  }

  build(): TriangleMesh {
    return {
      positions: Float64Array.from(this.positions),
      normals: Float64Array.from(this.normals),
      indices: Uint32Array.from(this.indices),
    };
  }
}
