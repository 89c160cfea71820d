// Entry point of one sim worker process (spawned by `arena worker sim` and by `arena up`).
import { loadConfig } from '../runtime/config.ts';
import { deploymentSecret, deploymentSecretText } from '../runtime/deployment-secret.ts';
import { startSimWorker } from './sim-worker.ts';

/** How long in-flight rollouts may take to finish after SIGTERM before the process exits anyway. */
const shutdownGraceMs = 30_000;

const config = loadConfig();
if (config.redisUrl === undefined) {
  console.error('sim worker: REDIS_URL must be set (the parent process passes it)');
  process.exit(1);
}
// Without one, built-in policies still run; a remote policy's rollout fails saying what to set.
const secretText = deploymentSecretText(config.secret, config.dataDir, { create: false });
const worker = startSimWorker({
  redisUrl: config.redisUrl,
  queuePrefix: config.queuePrefix,
  policyNetworks: config.policyNetworks,
  jobSecret: secretText === undefined ? undefined : deploymentSecret(secretText),
});

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  // close() waits for the jobs in hand and has no timeout of its own.
  const deadline = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), shutdownGraceMs).unref(),
  );
  void Promise.race([worker.close().then(() => 'closed' as const), deadline]).then((how) => {
    if (how === 'timeout')
      console.error(
        `sim worker ${process.pid}: rollouts still running after ${shutdownGraceMs} ms; exiting`,
      );
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// When the parent dies without signalling (e.g. SIGKILL), stop rather than linger.
process.on('disconnect', stop);
