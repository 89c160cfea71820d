/**
 * A colour buffer and a depth buffer that triangles are drawn into. Vertex positions are snapped
 * to a 1/16-pixel grid and coverage is decided by integer edge functions with a top-left rule,
 * so which pixels a triangle covers never depends on floating-point rounding, and triangles
 * sharing an edge neither overlap nor leave a gap along it.
 */
import type { Vec3 } from '../observation.ts';
import { linearToSrgb } from './scene-look.ts';

const subpixels = 16;
const halfSubpixel = subpixels / 2;
/** Linear light to sRGB through a table: pow() per pixel would dominate the render. */
const srgbSteps = 4095;
const srgbTable = Uint8Array.from({ length: srgbSteps + 1 }, (_, step) =>
  Math.round(linearToSrgb(step / srgbSteps) * 255),
);

/**
 * One screen-space vertex: x, y in pixels (y down), the inverse of its view depth, then its
 * colour in linear light.
 */
export const vertexStride = 6;

export class RasterTarget {
  /** 8-bit sRGB, three channels per pixel, row-major from the top. */
  readonly colour: Uint8Array;
  /** Inverse view depth per pixel; 0 where nothing has been drawn. */
  readonly depth: Float32Array;
  private background: { key: string; pixels: Uint8Array } | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.colour = new Uint8Array(width * height * 3);
    this.depth = new Float32Array(width * height);
  }

  clear(backgroundSrgb: Vec3): void {
    const key = backgroundSrgb.join(' ');
    if (this.background?.key !== key) {
      const pixels = new Uint8Array(this.colour.length);
      const bytes = backgroundSrgb.map((channel) => Math.round(channel * 255));
      for (let at = 0; at < pixels.length; at += 3) pixels.set(bytes, at);
      this.background = { key, pixels };
    }
    this.colour.set(this.background.pixels);
    this.depth.fill(0);
  }

  /**
   * Draws the triangle whose vertices are at `v[a]`, `v[b]`, `v[c]` (offsets of `vertexStride`
   * values) if it faces the camera: counter-clockwise as seen on screen with y up. Opaque
   * triangles (alpha 1) write depth; translucent ones blend over what is there, as three.js
   * blends them, in sRGB.
   */
  triangle(v: Float64Array, a: number, b: number, c: number, alpha: number): void {
    const x0 = Math.round(v[a]! * subpixels);
    const y0 = Math.round(v[a + 1]! * subpixels);
    let x1 = Math.round(v[b]! * subpixels);
    let y1 = Math.round(v[b + 1]! * subpixels);
    let x2 = Math.round(v[c]! * subpixels);
    let y2 = Math.round(v[c + 1]! * subpixels);
    // With y pointing down, a front face has a negative area; swap to draw it as positive.
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (area >= 0) return;
    let i1 = b;
    let i2 = c;
    [x1, x2, y1, y2, i1, i2] = [x2, x1, y2, y1, c, b];
    const positiveArea = -area;

    const minX = Math.max(0, Math.ceil((Math.min(x0, x1, x2) - halfSubpixel) / subpixels));
    const maxX = Math.min(
      this.width - 1,
      Math.floor((Math.max(x0, x1, x2) - halfSubpixel) / subpixels),
    );
    const minY = Math.max(0, Math.ceil((Math.min(y0, y1, y2) - halfSubpixel) / subpixels));
    const maxY = Math.min(
      this.height - 1,
      Math.floor((Math.max(y0, y1, y2) - halfSubpixel) / subpixels),
    );
    if (minX > maxX || minY > maxY) return;

    // Edge k is opposite vertex k; E_k > 0 inside. A top-left edge also owns its own pixels.
    const bias0 = isTopLeft(x1, y1, x2, y2) ? 0 : -1;
    const bias1 = isTopLeft(x2, y2, x0, y0) ? 0 : -1;
    const bias2 = isTopLeft(x0, y0, x1, y1) ? 0 : -1;
    const px = minX * subpixels + halfSubpixel;
    const py = minY * subpixels + halfSubpixel;
    let row0 = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1);
    let row1 = (x0 - x2) * (py - y2) - (y0 - y2) * (px - x2);
    let row2 = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0);
    const stepX0 = -(y2 - y1) * subpixels;
    const stepX1 = -(y0 - y2) * subpixels;
    const stepX2 = -(y1 - y0) * subpixels;
    const stepY0 = (x2 - x1) * subpixels;
    const stepY1 = (x0 - x2) * subpixels;
    const stepY2 = (x1 - x0) * subpixels;

    const iz0 = v[a + 2]!;
    const iz1 = v[i1 + 2]!;
    const iz2 = v[i2 + 2]!;
    // Colours weighted by inverse depth, for perspective-correct interpolation.
    const r0 = v[a + 3]! * iz0;
    const g0 = v[a + 4]! * iz0;
    const b0 = v[a + 5]! * iz0;
    const r1 = v[i1 + 3]! * iz1;
    const g1 = v[i1 + 4]! * iz1;
    const b1 = v[i1 + 5]! * iz1;
    const r2 = v[i2 + 3]! * iz2;
    const g2 = v[i2 + 4]! * iz2;
    const b2 = v[i2 + 5]! * iz2;
    const inverseArea = 1 / positiveArea;
    const opaque = alpha >= 1;
    const { colour, depth, width } = this;

    for (let y = minY; y <= maxY; y += 1) {
      // The run of pixels inside all three edges, found per edge and then checked exactly.
      const first = Math.max(
        minX + firstInside(row0, stepX0, bias0),
        minX + firstInside(row1, stepX1, bias1),
        minX + firstInside(row2, stepX2, bias2),
      );
      const last = Math.min(
        maxX,
        minX + lastInside(row0, stepX0, bias0, maxX - minX),
        minX + lastInside(row1, stepX1, bias1, maxX - minX),
        minX + lastInside(row2, stepX2, bias2, maxX - minX),
      );
      for (let x = first; x <= last; x += 1) {
        const offset = x - minX;
        const w0 = (row0 + stepX0 * offset) * inverseArea;
        const w1 = (row1 + stepX1 * offset) * inverseArea;
        const w2 = (row2 + stepX2 * offset) * inverseArea;
        const iz = w0 * iz0 + w1 * iz1 + w2 * iz2;
        const pixel = y * width + x;
        if (iz <= depth[pixel]!) continue;
        const toLinear = 1 / iz;
        const red = srgbTable[channelStep((w0 * r0 + w1 * r1 + w2 * r2) * toLinear)]!;
        const green = srgbTable[channelStep((w0 * g0 + w1 * g1 + w2 * g2) * toLinear)]!;
        const blue = srgbTable[channelStep((w0 * b0 + w1 * b1 + w2 * b2) * toLinear)]!;
        const at = pixel * 3;
        if (opaque) {
          depth[pixel] = iz;
          colour[at] = red;
          colour[at + 1] = green;
          colour[at + 2] = blue;
        } else {
          // Rounded to nearest: a Uint8Array store alone would truncate.
          colour[at] = red * alpha + colour[at]! * (1 - alpha) + 0.5;
          colour[at + 1] = green * alpha + colour[at + 1]! * (1 - alpha) + 0.5;
          colour[at + 2] = blue * alpha + colour[at + 2]! * (1 - alpha) + 0.5;
        }
      }
      row0 += stepY0;
      row1 += stepY1;
      row2 += stepY2;
    }
  }

  /** The picture as interleaved 8-bit RGB. */
  toRgb(): Uint8Array {
    return this.colour.slice();
  }
}

/**
 * The first pixel offset k ≥ 0 at which the edge function `start + step·k` (plus its tie
 * bias) is non-negative. The float estimate is corrected against the exact integer values.
 */
function firstInside(start: number, step: number, bias: number): number {
  if (step <= 0) return start + bias >= 0 ? 0 : Number.POSITIVE_INFINITY;
  let k = Math.max(0, Math.ceil((-bias - start) / step));
  while (k > 0 && start + step * (k - 1) + bias >= 0) k -= 1;
  while (start + step * k + bias < 0) k += 1;
  return k;
}

/** The last pixel offset k ≤ `limit` at which the edge function is non-negative (or -1). */
function lastInside(start: number, step: number, bias: number, limit: number): number {
  if (step >= 0) return start + step * (step === 0 ? 0 : limit) + bias >= 0 ? limit : -1;
  let k = Math.min(limit, Math.floor((start + bias) / -step));
  while (k < limit && start + step * (k + 1) + bias >= 0) k += 1;
  while (k >= 0 && start + step * k + bias < 0) k -= 1;
  return k;
}

/** Exactly one of two triangles sharing an edge (traversed in opposite directions) owns it. */
function isTopLeft(ax: number, ay: number, bx: number, by: number): boolean {
  const dy = by - ay;
  return dy > 0 || (dy === 0 && bx < ax);
}

function channelStep(linear: number): number {
  if (!(linear > 0)) return 0;
  return linear >= 1 ? srgbSteps : Math.round(linear * srgbSteps);
}
