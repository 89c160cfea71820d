// Entry point of one sim worker process (spawned by `arena worker sim` and by `arena up`).
import { loadConfig } from '../runtime/config.ts';
import { startSimWorker } from './sim-worker.ts';

/** How long in-flight rollouts may take to finish after SIGTERM before the process exits anyway. */
const shutdownGraceMs = 30_000;

const config = loadConfig();
if (config.redisUrl === undefined) {
  console.error('sim worker: REDIS_URL must be set (the parent process passes it)');
  process.exit(1);
}
const worker = startSimWorker({
  redisUrl: config.redisUrl,
  queuePrefix: config.queuePrefix,
  policyNetworks: config.policyNetworks,
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
