/** Two-dimensional vector helpers for controllers that work in the table plane. */

export interface Vec2 {
  readonly x: number;
  readonly y: number;
}

export const vec2 = {
  of: (x: number, y: number): Vec2 => ({ x, y }),
  add: (a: Vec2, b: Vec2): Vec2 => ({ x: a.x + b.x, y: a.y + b.y }),
  sub: (a: Vec2, b: Vec2): Vec2 => ({ x: a.x - b.x, y: a.y - b.y }),
  scale: (a: Vec2, factor: number): Vec2 => ({ x: a.x * factor, y: a.y * factor }),
  dot: (a: Vec2, b: Vec2): number => a.x * b.x + a.y * b.y,
  /** z of the 3-D cross product: positive when b lies counter-clockwise of a. */
  cross: (a: Vec2, b: Vec2): number => a.x * b.y - a.y * b.x,
  length: (a: Vec2): number => Math.hypot(a.x, a.y),
  /** Counter-clockwise perpendicular. */
  perpendicular: (a: Vec2): Vec2 => ({ x: -a.y, y: a.x }),
  /** Shortens `a` to at most `maxLength`. */
  clampLength(a: Vec2, maxLength: number): Vec2 {
    const length = Math.hypot(a.x, a.y);
    return length <= maxLength
      ? a
      : { x: (a.x * maxLength) / length, y: (a.y * maxLength) / length };
  },
};
