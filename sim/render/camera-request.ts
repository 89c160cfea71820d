/**
 * Which camera images a policy wants with each observation, and rendering them. A policy that
 * asks for none (every built-in) costs no rendering at all.
 */
import type { MjData } from 'mujoco-js';
import { resizeWithPad, type RgbImage } from './resize-with-pad.ts';
import type { SceneRenderer } from './scene-renderer.ts';

export interface CameraRequest {
  /** Scene camera names (`exterior_1`, `exterior_2`, `wrist` in every built-in scene). */
  readonly cameras: readonly string[];
  /** Rendered width and height, pixels; 224 × 224 by default. */
  readonly width?: number;
  readonly height?: number;
  /**
   * Render at width × height, then scale to fit a square of this side and pad with black, as
   * DROID does with its wide cameras' frames (openpi's `resize_with_pad`).
   */
  readonly resizeWithPad?: number;
}

/** Images by camera name, row-major RGB, 8 bits per channel. */
export type CameraImages = Readonly<Record<string, RgbImage>>;

export const defaultImageSizePx = 224;
/** Enough for any policy's input; beyond it a render costs more than the physics. */
export const maxImageSizePx = 1024;

export class InvalidCameraRequestError extends Error {
  override name = 'InvalidCameraRequestError';
}

/** Why `request` cannot be rendered (null when it can); names the field. */
export function cameraRequestProblem(request: CameraRequest): string | null {
  if (!Array.isArray(request.cameras) || request.cameras.length === 0) {
    return 'cameras must name at least one camera';
  }
  if (request.cameras.some((name) => typeof name !== 'string' || name === '')) {
    return 'cameras must be camera names';
  }
  for (const field of ['width', 'height', 'resizeWithPad'] as const) {
    const value = request[field];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1 || value > maxImageSizePx) {
      return `${field} must be a whole number of pixels from 1 to ${maxImageSizePx}`;
    }
  }
  return null;
}

/** Renders every requested camera at `data`'s state. Throws for a bad request or camera name. */
export function renderCameraImages(
  renderer: SceneRenderer,
  data: MjData,
  request: CameraRequest,
): CameraImages {
  const problem = cameraRequestProblem(request);
  if (problem !== null) throw new InvalidCameraRequestError(problem);
  const width = request.width ?? defaultImageSizePx;
  const height = request.height ?? defaultImageSizePx;
  const images: Record<string, RgbImage> = {};
  for (const camera of request.cameras) {
    const image = renderer.render(data, camera, width, height);
    images[camera] =
      request.resizeWithPad === undefined ? image : resizeWithPad(image, request.resizeWithPad);
  }
  return images;
}
