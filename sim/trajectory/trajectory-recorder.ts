import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { float64View } from '../mujoco-runtime.ts';
import { visualPartOf, type ResolvedPerturbation } from '../perturbations/perturbation.ts';
import { readSceneCameras, readSceneGeoms } from './scene-geoms.ts';
import type { Trajectory } from './trajectory.ts';

/** Collects body poses once per control step into growable float32 buffers. */
export class TrajectoryRecorder {
  private readonly bodyCount: number;
  private frameCount = 0;
  private times: Float32Array = new Float32Array(64);
  private positions: Float32Array;
  private quaternions: Float32Array;

  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly header: {
      task: string;
      seed: number;
      frameHz: number;
      perturbation: ResolvedPerturbation;
    },
  ) {
    this.bodyCount = model.nbody;
    this.positions = new Float32Array(64 * this.bodyCount * 3);
    this.quaternions = new Float32Array(64 * this.bodyCount * 4);
  }

  capture(data: MjData): void {
    if (this.frameCount === this.times.length) this.grow();
    this.times[this.frameCount] = data.time;
    this.positions.set(float64View(data.xpos, 'xpos'), this.frameCount * this.bodyCount * 3);
    this.quaternions.set(float64View(data.xquat, 'xquat'), this.frameCount * this.bodyCount * 4);
    this.frameCount += 1;
  }

  finish(): Trajectory {
    const { bodyNames, geoms } = readSceneGeoms(this.mujoco, this.model);
    const frames = this.frameCount;
    return {
      ...this.header,
      bodyNames,
      geoms,
      cameras: readSceneCameras(this.mujoco, this.model),
      visuals: visualPartOf(this.header.perturbation),
      frameCount: frames,
      timesS: this.times.slice(0, frames),
      bodyPositions: this.positions.slice(0, frames * this.bodyCount * 3),
      bodyQuaternions: this.quaternions.slice(0, frames * this.bodyCount * 4),
    };
  }

  private grow(): void {
    const grown = (old: Float32Array): Float32Array => {
      const bigger = new Float32Array(old.length * 2);
      bigger.set(old);
      return bigger;
    };
    this.times = grown(this.times);
    this.positions = grown(this.positions);
    this.quaternions = grown(this.quaternions);
  }
}
