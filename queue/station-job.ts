import type { EpisodeSide, StationPhase, StationTermination } from '../contract/literals.ts';
import type { StagedTrajectory } from './staged-trajectory.ts';

/**
 * A real-robot station runs both episodes of a comparison in one job, A then B, because one
 * robot and one evaluator do them in turn: reset the scene, run A, reset, run B, then judge.
 * The job stays active until the evaluator submits, so a comparison completes only then.
 */

export { stationNamePattern } from '../contract/name-patterns.ts';
export type { StationPhase } from '../contract/literals.ts';

/** One queue per station, processed by that station's `arena worker robot`. */
export function stationQueueName(station: string): string {
  return `station-${station}`;
}

export interface StationJobData {
  comparisonId: string;
  station: string;
  /** What the evaluator sets up and the policies are told (the openpi `prompt`). */
  task: { name: string; instruction: string };
  /**
   * Opaque policy handles: openpi websocket URLs of the services' relay. They never name the
   * policy, so the station stays blind.
   */
  policies: Record<EpisodeSide, string>;
  /** Longest an episode may run before the station stops it, seconds. */
  episodeTimeLimitS: number;
  /**
   * Episodes already run, written back by the station as it goes, so a station restarted
   * mid-comparison does not run a finished episode again.
   */
  done?: Partial<Record<EpisodeSide, StationEpisodeResult>>;
  /** The API request that started the campaign, for following it through the logs. */
  requestId?: string;
}

export interface StationJobProgress {
  phase: StationPhase;
  /** ISO time the phase began. */
  since: string;
}

export interface StationEpisodeResult {
  side: EpisodeSide;
  steps: number;
  durationMs: number;
  /** Why the episode ended abnormally (the policy failed, the robot faulted); null otherwise. */
  error: string | null;
  termination: StationTermination;
  /** A recording of the episode, staged with `stageTrajectory`; absent when none was made. */
  trajectory?: StagedTrajectory | null;
  /** The control rate the station aimed for, Hz; null when the robot never started. */
  targetHz: number | null;
  /** Commands sent per second of the episode, waits for the policy included; null without steps. */
  achievedHz: number | null;
  /** Control periods in which no command went out (the loop was late or waited for the policy). */
  droppedFrames: number;
  /**
   * The episode's recording (queue/station-recording.ts), gzipped and base64'd, as simulated
   * trajectories travel; null when nothing was recorded.
   */
  recording: string | null;
}

/** The evaluator's verdict, as RoboArena's protocol asks for it. */
export interface StationEvaluation {
  /** Task progress of each episode, 0 to 100. */
  progressA: number;
  progressB: number;
  preference: 'A' | 'B' | 'tie';
  comment: string | null;
  /** The evaluator's name or id, as the evaluator page sends it. */
  evaluator: string;
  submittedAt: string;
}

export interface StationJobResult {
  comparisonId: string;
  station: string;
  episodes: Record<EpisodeSide, StationEpisodeResult>;
  evaluation: StationEvaluation;
}

/**
 * Signals from the evaluator page to the station travel through Redis keys (the station needs
 * nothing but Redis). Services set them; the station polls them.
 */
export type StationSignal = 'start-A' | 'stop-A' | 'start-B' | 'stop-B';

export function stationSignalKey(
  queuePrefix: string,
  comparisonId: string,
  signal: StationSignal,
): string {
  return `${queuePrefix}:station-signal:${comparisonId}:${signal}`;
}

/** Holds the evaluator's StationEvaluation as JSON, set once (SET NX) by services. */
export function stationEvaluationKey(queuePrefix: string, comparisonId: string): string {
  return `${queuePrefix}:station-evaluation:${comparisonId}`;
}

/** Signals and evaluations outlive any sensible comparison, then expire. */
export const stationKeyTtlS = 7 * 24 * 3600;

/**
 * What a station can send a policy, announced by its worker when it starts (stored under
 * `stationProfileKey`), so that services refuse campaigns whose policies it cannot feed.
 */
export interface StationProfile {
  /** The robot link: a real robot over ROS 2, or MuJoCo standing in for one. */
  link: 'ros2' | 'simulated';
  /** Whether observations carry the arena layout (the whole simulated Observation). */
  arenaLayout: boolean;
  /** The observation keys the station sends, e.g. `observation/joint_position`, camera keys. */
  keys: string[];
  /** Numbers per action row the robot takes. */
  actionLength: number;
  /** ISO time the worker announced this. */
  announcedAt: string;
}

export function stationProfileKey(queuePrefix: string, station: string): string {
  return `${queuePrefix}:station-profile:${station}`;
}
