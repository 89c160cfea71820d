/** The simulation library: MuJoCo scenes, tasks, reference policies and the episode runner. */
export { runEpisode, runEpisodeWithPolicy, InvalidSeedError } from './run-episode.ts';
export type { EpisodeOutcome, EpisodeSpec, RunEpisodeOptions } from './run-episode.ts';
export { listTasks, getTask, UnknownTaskError } from './tasks/index.ts';
export type { TaskDefinition, TaskSummary } from './tasks/index.ts';
export {
  builtinPolicyNames,
  createBuiltinPolicy,
  isBuiltinPolicyName,
  UnknownPolicyError,
} from './policies/index.ts';
export type { BuiltinPolicyName, Policy } from './policies/index.ts';
export type { Action, ActionBounds, Observation, Vec3, WorldSnapshot } from './observation.ts';
export { loadMujoco, loadMjcf, MjcfLoadError } from './mujoco-runtime.ts';
export type { LoadedMjcf } from './mujoco-runtime.ts';
