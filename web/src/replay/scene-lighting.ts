import type { Object3D } from 'three';
import { Color, DirectionalLight, HemisphereLight, SRGBColorSpace } from 'three';
import {
  fillGroundSrgb,
  fillLightIntensity,
  fillSkySrgb,
  keyLightScale,
  keyLightTilt,
} from '../../../sim/render/scene-look.ts';
import type { ReplayTrajectory } from './replay-trajectory.ts';

const degree = Math.PI / 180;
/** The scene's default key light (sim/perturbations: lightIntensity 0.8, from straight above). */
const defaultIntensity = 0.8;
/** How far back along its direction the key light sits, metres (only its direction matters). */
const keyLightDistanceM = 3;

/**
 * The lights the trajectory's visuals describe: a directional key light from the recorded
 * azimuth and elevation (as the MJCF's `<light dir>`), plus a soft sky/ground fill so the sides
 * of objects away from the key light stay readable. Shadow casting is the caller's choice.
 */
export function sceneLights(
  visuals: ReplayTrajectory['visuals'],
  target: Object3D,
  { shadows }: { shadows: boolean },
): Object3D[] {
  const intensity = visuals.lightIntensity ?? defaultIntensity;
  const elevation = (visuals.lightElevationDeg ?? 90) * degree;
  const azimuth = (visuals.lightAzimuthDeg ?? 0) * degree;
  const key = new DirectionalLight(0xffffff, intensity * keyLightScale);
  // A light from straight above casts shadows straight down; tilt it slightly so cubes show
  // which face is up without changing the recorded direction noticeably. The workers' camera
  // renderer tilts it the same way.
  const towardLight = [
    Math.cos(elevation) * Math.cos(azimuth) + keyLightTilt[0],
    Math.cos(elevation) * Math.sin(azimuth) + keyLightTilt[1],
    Math.sin(elevation) + keyLightTilt[2],
  ] as const;
  key.position.set(
    target.position.x + towardLight[0] * keyLightDistanceM,
    target.position.y + towardLight[1] * keyLightDistanceM,
    target.position.z + towardLight[2] * keyLightDistanceM,
  );
  key.target = target;
  if (shadows) {
    key.castShadow = true;
    key.shadow.mapSize.set(1024, 1024);
    const extentM = 1.2;
    key.shadow.camera.left = -extentM;
    key.shadow.camera.right = extentM;
    key.shadow.camera.top = extentM;
    key.shadow.camera.bottom = -extentM;
    key.shadow.camera.near = 0.5;
    key.shadow.camera.far = 6;
    key.shadow.bias = -0.0005;
  }
  const fill = new HemisphereLight(
    new Color().setRGB(...fillSkySrgb, SRGBColorSpace),
    new Color().setRGB(...fillGroundSrgb, SRGBColorSpace),
    fillLightIntensity,
  );
  fill.up.set(0, 0, 1);
  fill.position.set(0, 0, 1);
  return [key, fill];
}
