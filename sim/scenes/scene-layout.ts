import type { Rgb } from '../perturbations/perturbation.ts';

/** A free object on the table: a cube or an upright cylinder as tall as it is wide. */
export interface SceneObject {
  readonly name: string;
  readonly shape: 'box' | 'cylinder';
  /** Half the edge (box) or the radius and half the height (cylinder), metres. */
  readonly halfSizeM: number;
  readonly rgb: Rgb;
  readonly massKg: number;
}

/** What a task puts into the shared tabletop scene besides the arm and the table. */
export interface SceneLayout {
  /** Task objects, in the order they appear in observations. */
  readonly objects: readonly SceneObject[];
  /** A visual marker the task moves to its goal (mocap, never collides). */
  readonly target: 'disc' | 'sphere' | 'none';
  readonly drawer: boolean;
}

export const distractorPalette: readonly Rgb[] = [
  [0.95, 0.8, 0.15],
  [0.6, 0.3, 0.75],
  [0.1, 0.7, 0.75],
];
/** Distractors are small boxes of this half-size, metres. */
export const distractorRadiusM = 0.018;
export const distractorMassKg = 0.05;

/** Name of the i-th distractor body (and of its free joint, with `_free`). */
export function distractorName(index: number): string {
  return `distractor_${index}`;
}
