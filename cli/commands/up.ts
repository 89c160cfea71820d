import { integerOption, parseOptions, type Command } from '../command.ts';
import { mintSignInLink } from '../sign-in-link.ts';
import { startStack } from '../start-stack.ts';
import { untilSignal } from '../until-signal.ts';

export const upCommand: Command = {
  name: 'up',
  help: `Usage: arena up [--sim-workers N] [--port P] [--take-over-queues]

Starts the API and dashboard, the campaign scheduler, the comparison processor, the ranker and
N sim worker processes (default 2) in one process tree. Uses REDIS_URL or finds/starts a local
redis-server, and DATABASE_URL or the embedded database in ./data. Ctrl-C stops it cleanly.

  --sim-workers N      sim worker processes (default 2)
  --port P             dashboard and API port (default PORT or 8080); a taken port is an error
  --take-over-queues   start even if another deployment (another database) owns the queue
                       prefix ARENA_QUEUE_PREFIX in this Redis, and make it this one's
                       (as ARENA_TAKE_OVER_QUEUES=1)

On a first start (no researcher token yet) it prints a researcher sign-in link; later ones come
from "arena token create --role researcher".`,
  async run(args) {
    const { values } = parseOptions(args, {
      'sim-workers': { type: 'string' },
      port: { type: 'string' },
      'take-over-queues': { type: 'boolean' },
    });
    const stack = await startStack({
      simWorkers: integerOption('sim-workers', values['sim-workers'], 2, 0, 256),
      port: values.port === undefined ? undefined : integerOption('port', values.port, 0, 0, 65535),
      takeOverQueues: values['take-over-queues'],
    });
    console.error(
      `arena: dashboard and API on ${stack.services.url}  (database: ${stack.services.database.location}, redis: ${stack.redis.url})`,
    );
    const { db } = stack.services.database;
    const researchers = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('role', '=', 'researcher')
      .where('revoked_at', 'is', null)
      .execute();
    // The first start makes the first researcher; afterwards `arena token create` makes more.
    if (researchers.length === 0) {
      const link = await mintSignInLink(db, stack.services.url, {
        role: 'researcher',
        label: 'first start',
      });
      console.error(`arena: first start: sign in as researcher at ${link}`);
    }
    await untilSignal();
    console.error('arena: stopping (finishing rollouts in hand)…');
    await stack.stop();
    return 0;
  },
};
