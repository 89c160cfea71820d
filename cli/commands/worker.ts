import { loadConfig } from '../../runtime/config.ts';
import { findRedis } from '../../runtime/local-redis.ts';
import { spawnSimWorkers } from '../../workers/worker-pool.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';
import { untilSignal } from '../until-signal.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run rollout workers: `arena worker sim`',
  help: `Usage: arena worker sim [--concurrency N]

Runs N simulation worker processes (default 1), one MuJoCo instance each. A worker needs only
Redis: set REDIS_URL (and ARENA_QUEUE_PREFIX if the services use another prefix). Without
REDIS_URL it uses a Redis on 127.0.0.1:6379 or the one "arena up" started in ./data.
On SIGTERM or Ctrl-C the workers stop taking jobs and finish the rollouts in hand.`,
  async run(args) {
    const { values, positionals } = parseOptions(args, { concurrency: { type: 'string' } }, true);
    if (positionals[0] !== 'sim' || positionals.length !== 1) {
      throw new UsageError('expected "arena worker sim"; "sim" is the only worker kind so far');
    }
    const concurrency = integerOption('concurrency', values.concurrency, 1, 1, 256);
    const config = loadConfig();
    const redisUrl = await findRedis(config.redisUrl, config.dataDir);
    if (redisUrl === undefined) {
      throw new UsageError(
        'no Redis found: set REDIS_URL=redis://host:port to the Redis the services use',
      );
    }
    const pool = spawnSimWorkers(concurrency, { redisUrl, queuePrefix: config.queuePrefix });
    console.error(
      `arena: ${concurrency} sim worker process(es) on ${redisUrl}, prefix "${config.queuePrefix}"`,
    );
    await untilSignal();
    await pool.stop();
    return 0;
  },
};
