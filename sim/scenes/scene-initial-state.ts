import type { Vec3 } from '../observation.ts';

export interface ObjectPlacement {
  readonly position: Vec3;
  readonly yawRad: number;
}

/** Everything needed to put the tabletop scene into one episode's starting state. */
export interface SceneInitialState {
  readonly armJointPositionsRad: readonly number[];
  readonly gripperOpeningM: number;
  /** Every free object of the scene by name, distractors included. */
  readonly objects: Readonly<Record<string, ObjectPlacement>>;
  readonly targetPosition: Vec3;
  /** Centre of the cabinet, for scenes with a drawer. */
  readonly cabinetPosition?: Vec3;
  readonly drawerOpeningM?: number;
}
