/**
 * How the tabletop scene looks, shared by the judging page's replay viewer (three.js) and the
 * workers' camera rasteriser, so a policy sees the colours, light and viewpoint a judge sees.
 * Colours are sRGB, as MuJoCo's rgba values are read by both renderers.
 */
import type { Vec3 } from '../observation.ts';

/** The sky behind the scene. */
export const backgroundSrgb: Vec3 = [0.86, 0.89, 0.93];

/** three's physically based lights need more than MuJoCo's 0–1 diffuse to look the same. */
export const keyLightScale = 2.6;
/**
 * A light from straight above lights every top face alike; the key light is tilted this much
 * (added to the unit vector towards it) so cubes show which face is up.
 */
export const keyLightTilt: Vec3 = [0.15, -0.1, 0];
/** A soft sky/ground hemisphere fill so faces away from the key light stay readable. */
export const fillSkySrgb: Vec3 = [0.85, 0.9, 1];
export const fillGroundSrgb: Vec3 = [0.35, 0.32, 0.3];
export const fillLightIntensity = 1.1;

/** The judging page's default viewpoint: from the table's far side and above, arm facing it. */
export const defaultViewDirection: Vec3 = [1.1, -0.7, 1.05];
export const defaultFieldOfViewDeg = 45;
/** Camera distance from its aim point, in radii of the table's bounding box. */
export const viewDistanceInRadii = 1.6;
/** Aim this far above the table top so a raised arm stays in the picture, metres. */
export const aimAboveTableM = 0.08;

/** sRGB channel value in [0, 1] to linear light, as three.js and GPUs decode it. */
export function srgbToLinear(value: number): number {
  return value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
}

/** Linear light in [0, 1] to an sRGB channel value. */
export function linearToSrgb(value: number): number {
  return value <= 0.0031308 ? value * 12.92 : 1.055 * Math.pow(value, 1 / 2.4) - 0.055;
}
