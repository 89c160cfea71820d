import { PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import {
  aimAboveTableM,
  defaultFieldOfViewDeg as fieldOfViewDeg,
  defaultViewDirection as viewDirection,
  viewDistanceInRadii,
} from '../../../sim/render/scene-look.ts';
import type { SceneFocus } from './replay-scene.ts';

/**
 * Looking at the table from the far side and above, the arm facing the viewer: the scene's
 * `exterior_1` camera, which camera-based policies see through.
 */
const defaultViewDirection = new Vector3(...viewDirection).normalize();

/**
 * One camera and one orbit target shared by several views. Each view's canvas gets its own
 * OrbitControls, all driving this camera, so dragging in either view turns both. Damping is off:
 * damped controls keep momentum of their own, which would fight the other view's controls.
 */
export class SharedOrbit {
  readonly camera = new PerspectiveCamera(fieldOfViewDeg, 4 / 3, 0.02, 50);
  readonly target = new Vector3();
  private readonly controls = new Set<OrbitControls>();
  private readonly listeners = new Set<() => void>();

  constructor() {
    this.camera.up.set(0, 0, 1); // MuJoCo is z-up
  }

  /** Lets `element` orbit the shared camera; returns the function that detaches it. */
  attach(element: HTMLElement): () => void {
    const controls = new OrbitControls(this.camera, element);
    // Every controls object reads and writes the same target vector, so the orbits agree.
    controls.target = this.target;
    controls.enableDamping = false;
    controls.minDistance = 0.15;
    controls.maxDistance = 8;
    controls.maxPolarAngle = Math.PI * 0.495; // stay above the floor
    const onChange = (): void => this.notify();
    controls.addEventListener('change', onChange);
    this.controls.add(controls);
    return () => {
      controls.removeEventListener('change', onChange);
      controls.dispose();
      this.controls.delete(controls);
    };
  }

  /** Puts the camera at the default viewpoint for `focus`. */
  frame(focus: SceneFocus): void {
    this.target.copy(focus.target);
    this.target.z += aimAboveTableM;
    this.camera.position
      .copy(defaultViewDirection)
      .multiplyScalar(focus.radiusM * viewDistanceInRadii)
      .add(this.target);
    this.camera.lookAt(this.target);
    for (const controls of this.controls) controls.update();
    this.notify();
  }

  /** Calls `listener` whenever the camera moves; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const controls of this.controls) controls.dispose();
    this.controls.clear();
    this.listeners.clear();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
