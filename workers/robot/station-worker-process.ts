// Entry point of one station worker process (spawned by `arena worker robot`).
import { errorMessage } from '../../lib/error-message.ts';
import { loadConfig } from '../../runtime/config.ts';
import { createRobotLink, type RobotLinkSpec } from './create-robot-link.ts';
import { defaultStationShutdownGraceMs, startStationWorker } from './station-worker.ts';

const config = loadConfig();
const station = process.env.ARENA_STATION ?? '';
const fail = (message: string): never => {
  console.error(`station worker: ${message}`);
  process.exit(1);
};
if (config.redisUrl === undefined) fail('REDIS_URL must be set (the parent process passes it)');
if (station === '') fail('ARENA_STATION must name the station (the parent process passes it)');

let linkSpec: RobotLinkSpec = { kind: 'simulated' };
try {
  linkSpec = JSON.parse(process.env.ARENA_ROBOT_LINK ?? '{"kind":"simulated"}') as RobotLinkSpec;
} catch (error) {
  fail(`ARENA_ROBOT_LINK is not JSON: ${errorMessage(error)}`);
}
const openLoopSteps = Number(process.env.ARENA_OPEN_LOOP_STEPS ?? 'NaN');
const link = await createRobotLink(linkSpec).catch((error: unknown) => fail(errorMessage(error)));
const stationWorker = (() => {
  try {
    return startStationWorker({
      redisUrl: config.redisUrl ?? '',
      queuePrefix: config.queuePrefix,
      station,
      link,
      linkKind: linkSpec.kind,
      ...(Number.isInteger(openLoopSteps) && openLoopSteps > 0
        ? { maxOpenLoopSteps: openLoopSteps }
        : {}),
    });
  } catch (error) {
    return fail(errorMessage(error));
  }
})();
console.error(
  `station ${station}: ${linkSpec.kind} robot, taking comparisons on ${config.redisUrl ?? ''} (prefix "${config.queuePrefix}")`,
);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  // Abandons the comparison in hand (the robot holds; the job waits for the next start).
  void stationWorker.close(defaultStationShutdownGraceMs).then((how) => {
    if (how === 'timed-out') {
      console.error(
        `station ${station}: the worker did not let go of its job within ${defaultStationShutdownGraceMs} ms; exiting`,
      );
    }
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// When the parent dies without signalling (e.g. SIGKILL), stop rather than linger.
process.on('disconnect', stop);
