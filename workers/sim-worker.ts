import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { queueConnection } from '../queue/connection.ts';
import {
  createRemotePolicy,
  EndpointRefusedError,
  InvalidRemotePolicySpecError,
  type EndpointNetworks,
  type RemotePolicySpec,
} from '../openpi/index.ts';
import { JobSecretError, type JobSecret } from '../queue/job-secret.ts';
import { rolloutQueueName } from '../queue/names.ts';
import { openRemotePolicy } from '../queue/sealed-remote-policy.ts';
import { processLogger, type Logger } from '../runtime/logger.ts';
import { ConnectionWatchedPolicy } from './connection-watched-policy.ts';
import {
  policyServerUnreachable,
  type RolloutJobData,
  type RolloutJobResult,
} from '../queue/rollout-job.ts';
import { stageTrajectory, type StagedTrajectory } from '../queue/staged-trajectory.ts';
import {
  encodeTrajectory,
  InvalidPerturbationError,
  InvalidPolicyParamError,
  InvalidSeedError,
  runEpisode,
  runEpisodeWithPolicy,
  type EpisodeOutcome,
  UnknownPolicyError,
  UnknownTaskError,
} from '../sim/index.ts';

/**
 * A rollout's lock lasts 8 s and is renewed every 4 s (half of it); every worker looks for
 * stalled rollouts every 3 s. A rollout whose worker was killed is thus handed to another worker
 * 8-11 s after the worker's last renewal, instead of BullMQ's 30 s + 30 s. The price: a rollout
 * whose process cannot renew for 8 s (an event loop blocked that long) is run a second time.
 * The episode loop yields to the event loop every few steps (sim.run-episode-yields-to-event-loop
 * test), and the comparison's writes are idempotent, so a duplicate costs only CPU.
 */
const rolloutLockMs = 8_000;
const stalledCheckMs = 3_000;
/**
 * A rollout may lose its worker twice and still run: killing two workers in a row is a fault
 * to ride out, a rollout that takes down every worker it reaches (three) is failed.
 */
const maxRolloutStalls = 2;

export interface SimWorkerOptions {
  redisUrl: string;
  queuePrefix: string;
  /** Rollouts run at once in this process; they share one MuJoCo instance's event loop. */
  concurrency?: number;
  /** Where remote policy servers may be; checked again at every connection. */
  policyNetworks: EndpointNetworks;
  /** Opens remote policies' sealed specs; without it only built-in policies run. */
  jobSecret?: JobSecret | undefined;
  /** One line per rollout, carrying the request id of the campaign's start. */
  logger?: Logger;
}

/** What a rollout needs besides its job data: the deployment's settings. */
export interface RolloutContext {
  policyNetworks: EndpointNetworks;
  jobSecret?: JobSecret | undefined;
}

/**
 * Runs rollout jobs in MuJoCo. Needs only Redis: the episode travels back as the job's return
 * value (its trajectory staged under a Redis key of its own), and the comparison processor in
 * services turns it into rows.
 */
export function startSimWorker(
  options: SimWorkerOptions,
): Worker<RolloutJobData, RolloutJobResult> {
  // Like the worker's own connections, it rides out a Redis restart instead of failing the job.
  const staging = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const logger = (options.logger ?? processLogger()).child({ component: 'sim-worker' });
  const worker = new Worker<RolloutJobData, RolloutJobResult>(
    rolloutQueueName,
    async (job) => {
      const { comparisonId, side, task, requestId } = job.data;
      const log = logger.child({
        comparisonId,
        side,
        ...(requestId === undefined ? {} : { requestId }),
      });
      log.debug({ task, attempt: job.attemptsMade + 1 }, 'rollout started');
      try {
        const result = await runRollout(
          job.data,
          (encoded) => stageTrajectory(staging, options.queuePrefix, job.data, encoded),
          { policyNetworks: options.policyNetworks, jobSecret: options.jobSecret },
        );
        log.info(
          {
            task,
            success: result.success,
            progress: result.progress,
            termination: result.termination,
            steps: result.steps,
            durationMs: result.durationMs,
          },
          'rollout finished',
        );
        return result;
      } catch (error) {
        log.warn({ task, err: error, attempt: job.attemptsMade + 1 }, 'rollout failed');
        throw error;
      }
    },
    {
      connection: queueConnection(options.redisUrl),
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: rolloutLockMs,
      stalledInterval: stalledCheckMs,
      maxStalledCount: maxRolloutStalls,
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'queue connection error'));
  worker.once('closed', () => staging.disconnect());
  return worker;
}

/** Puts an encoded trajectory where the services will collect it. */
export type TrajectoryStager = (encoded: Uint8Array) => Promise<StagedTrajectory>;

export async function runRollout(
  data: RolloutJobData,
  stage: TrajectoryStager,
  context: RolloutContext,
): Promise<RolloutJobResult> {
  const outcome = await runPolicyEpisode(data, context).catch((error: unknown) => {
    // A job naming an unknown task or policy, or an invalid seed or perturbation, fails the same
    // way every time: fail it at once instead of retrying it.
    if (isSpecificationError(error)) throw new UnrecoverableError(error.message);
    throw error;
  });
  return {
    comparisonId: data.comparisonId,
    side: data.side,
    success: outcome.success,
    progress: outcome.progress,
    steps: outcome.steps,
    durationMs: outcome.durationMs,
    error: outcome.error,
    termination: outcome.termination,
    timeToSuccessMs: outcome.timeToSuccessMs,
    pathLengthM: outcome.endEffectorPathLengthM,
    peakContactForceN: outcome.peakContactForceN,
    perturbation: outcome.perturbation,
    trajectory:
      outcome.trajectory === undefined ? null : await stage(encodeTrajectory(outcome.trajectory)),
  };
}

/**
 * A remote policy that raises or answers nonsense ends its episode as a policy error (the runner
 * never throws for the policy's faults): that is the policy's result. A server that cannot be
 * reached fails the rollout instead, to be retried: nothing about the policy was learnt.
 */
async function runPolicyEpisode(
  data: RolloutJobData,
  context: RolloutContext,
): Promise<EpisodeOutcome> {
  const { policy } = data;
  if (policy.kind === 'builtin') {
    return runEpisode(
      { task: data.task, seed: data.seed, policy: policy.name, perturbation: data.perturbation },
      { record: true },
    );
  }
  if (context.jobSecret === undefined) {
    throw new UnrecoverableError(
      `policy server ${policy.endpoint}: its spec is sealed and this worker has no ARENA_SECRET; ` +
        "set it to the services' secret",
    );
  }
  let spec: RemotePolicySpec;
  try {
    spec = openRemotePolicy(policy, context.jobSecret);
  } catch (error) {
    if (!(error instanceof JobSecretError)) throw error;
    throw new UnrecoverableError(
      `policy server ${policy.endpoint}: its sealed spec ${error.message}; ` +
        "the worker's ARENA_SECRET must be the services'",
    );
  }
  const remote = new ConnectionWatchedPolicy(
    createRemotePolicy(spec, { networks: context.policyNetworks }),
  );
  const outcome = await runEpisodeWithPolicy(data.task, data.seed, remote, {
    record: true,
    perturbation: data.perturbation,
    policyTimeoutMs: remotePolicyTimeoutMs,
  });
  const lost = remote.connectionError;
  // A refused address stays refused: retrying would only knock on it again.
  if (lost instanceof EndpointRefusedError) throw new UnrecoverableError(lost.message);
  if (lost !== null) {
    throw new Error(`${policyServerUnreachable} ${policy.endpoint}: ${lost.message}`);
  }
  return outcome;
}

/** A remote inference crosses a network and may run a large model: allow it more than 10 s. */
const remotePolicyTimeoutMs = 30_000;

function isSpecificationError(error: unknown): error is Error {
  return (
    error instanceof UnknownTaskError ||
    error instanceof UnknownPolicyError ||
    error instanceof InvalidPolicyParamError ||
    error instanceof InvalidSeedError ||
    error instanceof InvalidPerturbationError ||
    error instanceof InvalidRemotePolicySpecError
  );
}
