/** The simulation library: MuJoCo scenes, tasks, reference policies and the episode runner. */
export { runEpisode, runEpisodeWithPolicy, InvalidSeedError } from './run-episode.ts';
export {
  InvalidActionError,
  PhysicsDivergedError,
  startSteppedEpisode,
} from './stepped-episode.ts';
export type { SteppedEpisode, SteppedEpisodeOptions } from './stepped-episode.ts';
export type {
  EpisodeOutcome,
  EpisodeSpec,
  EpisodeTermination,
  RunEpisodeOptions,
} from './episode/episode-outcome.ts';
export { listTasks, getTask, UnknownTaskError } from './tasks/index.ts';
export type { TaskDefinition, TaskSummary } from './tasks/index.ts';
export {
  builtinPolicyNames,
  createBuiltinPolicy,
  isBuiltinPolicyName,
  InvalidPolicyParamError,
  laggedExpertParams,
  noisyExpertParams,
  parameterisedPolicyName,
  UnknownPolicyError,
} from './policies/index.ts';
export type {
  BuiltinPolicyName,
  BuiltinPolicyParams,
  EpisodeContext,
  ExpertSkillParams,
  Policy,
  PolicyOutput,
} from './policies/index.ts';
export {
  actionLength,
  actionModes,
  actionWidth,
  armActionLength,
  defaultActionMode,
  describeActionRow,
  endEffectorDeltaLength,
  parseActionMode,
} from './observation.ts';
export type {
  Action,
  ActionBounds,
  ActionChunk,
  ActionMode,
  Observation,
  Quat,
  Vec3,
  WorldSnapshot,
} from './observation.ts';
export {
  defaultPerturbation,
  perturbationFields,
  visualPerturbationFields,
} from './perturbations/perturbation.ts';
export type {
  Perturbation,
  ResolvedPerturbation,
  Rgb,
  VisualPerturbation,
} from './perturbations/perturbation.ts';
export {
  InvalidPerturbationError,
  resolvePerturbation,
} from './perturbations/validate-perturbation.ts';
export {
  checkPerturbationAxes,
  perturbationGrid,
  perturbationGridPoint,
  perturbationGridSize,
} from './perturbations/perturbation-grid.ts';
export type { PerturbationAxes } from './perturbations/perturbation-grid.ts';
export type { Trajectory, TrajectoryGeom } from './trajectory/trajectory.ts';
export {
  decodeTrajectory,
  encodeTrajectory,
  TrajectoryFormatError,
} from './trajectory/trajectory-codec.ts';
export { loadMujoco, loadMjcf, MjcfLoadError } from './mujoco-runtime.ts';
export type { LoadedMjcf } from './mujoco-runtime.ts';
export { sceneCameraNames } from './scenes/scene-cameras.ts';
export type { SceneCameraName } from './scenes/scene-cameras.ts';
export { gripperClosure } from './scenes/gripper-closure.ts';
export {
  cameraRequestProblem,
  defaultImageSizePx,
  InvalidCameraRequestError,
  renderCameraImages,
} from './render/camera-request.ts';
export type { CameraImages, CameraRequest } from './render/camera-request.ts';
export { SceneRenderer, UnknownCameraError } from './render/scene-renderer.ts';
export { resizeWithPad } from './render/resize-with-pad.ts';
export type { RgbImage } from './render/resize-with-pad.ts';
