import type { Rgb } from '../perturbations/perturbation.ts';

/** Rotates the hue of an RGB colour (channels in [0, 1]) by `degrees`, keeping its lightness. */
export function shiftHue(rgb: Rgb, degrees: number): Rgb {
  if (degrees === 0) return rgb;
  // Rodrigues rotation about the grey axis: cheap and needs no HSV round trip.
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const third = 1 / 3;
  const root = Math.sqrt(third);
  const a = cos + (1 - cos) * third;
  const b = third * (1 - cos) - root * sin;
  const c = third * (1 - cos) + root * sin;
  const [r, g, bl] = rgb;
  const clamp = (value: number): number => Math.min(1, Math.max(0, value));
  return [
    clamp(a * r + b * g + c * bl),
    clamp(c * r + a * g + b * bl),
    clamp(b * r + c * g + a * bl),
  ];
}

export function rgbaAttribute(rgb: Rgb, alpha = 1): string {
  return `${rgb.map((channel) => channel.toFixed(4)).join(' ')} ${alpha}`;
}
