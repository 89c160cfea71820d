/**
 * A MuJoCo scene standing in for a station's robot, where there is no robot (tests, demos, this
 * repository's CI). It runs the sim task the job names (or a default one), both episodes of a
 * comparison from the same initial state (the seed comes from the comparison id), and answers
 * with an observation map in two layouts at once: DROID-style keys for policies written for real
 * robots, and the "arena" keys policy-arena's built-in policy server reads.
 */
import { errorMessage } from '../../lib/error-message.ts';
import { createHash } from 'node:crypto';
import { setImmediate as nextEventLoopTurn } from 'node:timers/promises';
import { ndarrayFromValues } from '../../openpi/msgpack-numpy.ts';
import type { EpisodeSide } from '../../contract/literals.ts';
import {
  actionLength,
  defaultActionMode,
  getTask,
  listTasks,
  parseActionMode,
  startSteppedEpisode,
  type ActionMode,
  type Perturbation,
  type SteppedEpisode,
} from '../../sim/index.ts';
import type { ControlClock } from './control-clock.ts';
import {
  RobotFaultError,
  type RecordedRobotState,
  type RobotEpisode,
  type RobotLink,
} from './robot-link.ts';

export interface SimulatedRobotLinkOptions {
  /** Sim task used when the job's task is not one (a station task like "fold the towel"). */
  defaultTask?: string;
  /**
   * Run in real time (the default, as a robot would), or as fast as the policy answers, on a
   * simulated clock: then the episode time limit counts simulated time.
   */
  realTime?: boolean;
  /** How the seven arm values are read when the policy's metadata does not say. */
  actionMode?: ActionMode;
  perturbation?: Perturbation;
}

/** Where a simulated episode stands; what a demo's stand-in evaluator can score from. */
export interface SimulatedEpisodeReport {
  task: string;
  seed: number;
  steps: number;
  success: boolean;
  /** Task progress, 0 to 1. */
  progress: number;
}

/**
 * The policy metadata key that says how actions are read: "joint-position", "joint-velocity" or
 * "ee-delta" ("joint" is read as joint-position).
 */
export const actionModeMetadataKey = 'action_mode';
/**
 * The policy metadata key listing which columns of the policy's action rows make the simulated
 * arm's action: a remote policy's registered `actionColumns`, passed on by the services' relay,
 * so that one registration serves the simulator and the simulated station alike.
 */
export const actionColumnsMetadataKey = 'action_columns';

export class SimulatedRobotLink implements RobotLink {
  readonly actionLength = actionLength;
  readonly clock: ControlClock | undefined;
  private readonly defaultTask: string;
  private readonly options: SimulatedRobotLinkOptions;
  private episode: SteppedEpisode | null = null;
  private current: {
    comparisonId: string;
    side: EpisodeSide;
    seed: number;
    actionMode: ActionMode;
    actionColumns: readonly number[] | undefined;
    prompt: string;
  } | null = null;
  private readonly reports = new Map<EpisodeSide, SimulatedEpisodeReport>();
  /** Control steps run since the link was made: the simulated clock's time. */
  private totalSteps = 0;
  private closed = false;

  constructor(options: SimulatedRobotLinkOptions = {}) {
    this.options = options;
    this.defaultTask = options.defaultTask ?? listTasks()[0]?.name ?? 'push-cube';
    getTask(this.defaultTask);
    this.clock = options.realTime === false ? this.simulatedClock() : undefined;
  }

  readonly observationLayout = {
    arenaLayout: true,
    keys: [
      'observation/joint_position',
      'observation/gripper_position',
      'arena/observation',
      'arena/task',
      'arena/seed',
      'arena/control_hz',
      'prompt',
    ],
  };

  get actionColumns(): readonly number[] | undefined {
    return this.current?.actionColumns;
  }

  get controlHz(): number {
    return this.episode?.controlHz ?? getTask(this.defaultTask).controlHz;
  }

  /** Each side's episode of the comparison run last (or running). */
  report(side: EpisodeSide): SimulatedEpisodeReport | undefined {
    return this.reports.get(side);
  }

  async begin(episode: RobotEpisode): Promise<void> {
    if (this.closed) throw new RobotFaultError('the simulated robot is closed');
    this.endEpisode();
    if (this.current?.comparisonId !== episode.comparisonId) this.reports.clear();
    const isJobTask = isSimTask(episode.task.name);
    const taskName = isJobTask ? episode.task.name : this.defaultTask;
    const seed = seedForComparison(episode.comparisonId);
    this.episode = await startSteppedEpisode(taskName, seed, {
      ...(this.options.perturbation === undefined
        ? {}
        : { perturbation: this.options.perturbation }),
    });
    this.current = {
      comparisonId: episode.comparisonId,
      side: episode.side,
      seed,
      actionMode:
        parseActionMode(episode.policyMetadata[actionModeMetadataKey]) ??
        this.options.actionMode ??
        defaultActionMode,
      actionColumns: actionColumnsFrom(episode.policyMetadata),
      // The job's words when the scene is its task; else the words of the task that does run.
      prompt: isJobTask ? episode.task.instruction : this.episode.instruction,
    };
    this.updateReport();
  }

  observe(): Promise<Record<string, unknown>> {
    const episode = this.running();
    const observation = episode.observation();
    return Promise.resolve({
      'observation/joint_position': ndarrayFromValues(observation.jointPositionsRad, '<f4'),
      'observation/gripper_position': ndarrayFromValues([observation.gripperPosition], '<f4'),
      'arena/observation': observation,
      'arena/task': episode.task,
      'arena/seed': this.current?.seed ?? 0,
      'arena/control_hz': episode.controlHz,
      prompt: this.current?.prompt ?? episode.instruction,
    });
  }

  async command(action: readonly number[]): Promise<void> {
    const episode = this.running();
    try {
      episode.step(action, this.current?.actionMode ?? defaultActionMode);
    } catch (error) {
      throw new RobotFaultError(`simulated robot: ${errorMessage(error)}`);
    } finally {
      this.totalSteps += 1;
      this.updateReport();
    }
    // As fast as possible still leaves the event loop to BullMQ's lock renewal and signal polls.
    if (this.clock !== undefined) await nextEventLoopTurn();
  }

  recordedState(): RecordedRobotState | undefined {
    if (this.episode === null) return undefined;
    const observation = this.episode.observation();
    return {
      positions: [...observation.jointPositionsRad],
      gripper: observation.gripperPosition,
    };
  }

  /** The simulated servos keep their last targets: holding is what they do between commands. */
  hold(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    this.endEpisode();
    return Promise.resolve();
  }

  private running(): SteppedEpisode {
    if (this.episode === null) {
      throw new RobotFaultError('the simulated robot has no episode: begin() was not called');
    }
    return this.episode;
  }

  private updateReport(): void {
    if (this.episode === null || this.current === null) return;
    this.reports.set(this.current.side, {
      task: this.episode.task,
      seed: this.current.seed,
      steps: this.episode.steps,
      success: this.episode.isSuccess(),
      progress: this.episode.progress(),
    });
  }

  private endEpisode(): void {
    this.episode?.close();
    this.episode = null;
  }

  private simulatedClock(): ControlClock {
    return {
      now: () => (this.totalSteps * 1000) / this.controlHz,
      sleepUntil: async () => {
        await nextEventLoopTurn();
      },
    };
  }
}

/** Both episodes of a comparison start from the state this seed determines. */
export function seedForComparison(comparisonId: string): number {
  return createHash('sha256').update(comparisonId).digest().readUInt32BE(0);
}

function isSimTask(name: string): boolean {
  return listTasks().some((task) => task.name === name);
}

function actionColumnsFrom(
  metadata: Readonly<Record<string, unknown>>,
): readonly number[] | undefined {
  const columns = metadata[actionColumnsMetadataKey];
  const valid =
    Array.isArray(columns) &&
    columns.length === actionLength &&
    columns.every((column) => Number.isInteger(column) && (column as number) >= 0);
  return valid ? (columns as number[]) : undefined;
}
