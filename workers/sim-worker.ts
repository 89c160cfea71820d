import { UnrecoverableError, Worker } from 'bullmq';
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
import { ConnectionWatchedPolicy } from './connection-watched-policy.ts';
import type { RolloutJobData, RolloutJobResult } from '../queue/rollout-job.ts';
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

export interface SimWorkerOptions {
  redisUrl: string;
  queuePrefix: string;
  /** Rollouts run at once in this process; they share one MuJoCo instance's event loop. */
  concurrency?: number;
  /** Where remote policy servers may be; checked again at every connection. */
  policyNetworks: EndpointNetworks;
  /** Opens remote policies' sealed specs; without it only built-in policies run. */
  jobSecret?: JobSecret | undefined;
}

/** What a rollout needs besides its job data: the deployment's settings. */
export interface RolloutContext {
  policyNetworks: EndpointNetworks;
  jobSecret?: JobSecret | undefined;
}

/**
 * Runs rollout jobs in MuJoCo. Needs only Redis: the episode travels back as the job's return
 * value, and the comparison processor in services turns it into rows.
 */
export function startSimWorker(
  options: SimWorkerOptions,
): Worker<RolloutJobData, RolloutJobResult> {
  const worker = new Worker<RolloutJobData, RolloutJobResult>(
    rolloutQueueName,
    async (job) =>
      runRollout(job.data, {
        policyNetworks: options.policyNetworks,
        jobSecret: options.jobSecret,
      }),
    {
      connection: queueConnection(options.redisUrl),
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? 1,
    },
  );
  worker.on('error', (error) => console.error(`sim worker: ${error.message}`));
  return worker;
}

export async function runRollout(
  data: RolloutJobData,
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
    timeToSuccessMs: outcome.timeToSuccessMs,
    pathLengthM: outcome.endEffectorPathLengthM,
    peakContactForceN: outcome.peakContactForceN,
    perturbation: outcome.perturbation,
    trajectory:
      outcome.trajectory === undefined
        ? null
        : Buffer.from(encodeTrajectory(outcome.trajectory)).toString('base64'),
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
  if (lost !== null) throw new Error(`policy server ${policy.endpoint}: ${lost.message}`);
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
