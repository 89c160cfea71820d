import { apiRole } from '../../contract/literals.ts';
import { stationNamePattern } from '../../contract/name-patterns.ts';
import { createToken, listTokens, revokeToken } from '../../services/auth/api-tokens.ts';
import { migrateToLatest } from '../../services/db/migrate.ts';
import { openDatabase } from '../../services/db/open-database.ts';
import { NotFoundError } from '../../services/errors.ts';
import { loadConfig } from '../../runtime/config.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

export const tokenCommand: Command = {
  name: 'token',
  help: `Usage: arena token create --role researcher|judge|evaluator|station [--station NAME] [--label L]
       arena token list
       arena token revoke ID

create  Prints a new token once, and the sign-in link a browser opens with it (the token is in
        the link's #fragment, which browsers never send to a server). Only its SHA-256 is
        stored. Evaluator and station tokens act for one station (--station). Programs send the
        token as "Authorization: Bearer <token>"; a station worker reads it from ARENA_TOKEN.
list    Every token's id, role, station, label, creation and revocation time (never the token).
revoke  Ends a token and every browser session made from it, at once.

Uses DATABASE_URL, or the embedded database in ARENA_DATA_DIR; ARENA_PUBLIC_URL (or
http://HOST:PORT) is the address the printed link starts with.`,
  async run(args) {
    const [action, ...rest] = args;
    const config = loadConfig();
    const database = openDatabase(config.databaseUrl, config.dataDir);
    try {
      await migrateToLatest(database.db);
      switch (action) {
        case 'create': {
          const { values } = parseOptions(rest, {
            role: { type: 'string' },
            station: { type: 'string' },
            label: { type: 'string' },
          });
          const role = apiRole.safeParse(values.role);
          if (!role.success)
            throw new UsageError('--role must be researcher, judge, evaluator or station');
          const station = values.station;
          if (station !== undefined && !stationNamePattern.test(station))
            throw new UsageError(`--station must be a station name (got "${station}")`);
          let created;
          try {
            created = await createToken(database.db, {
              role: role.data,
              station,
              label: values.label,
            });
          } catch (error) {
            if (error instanceof TypeError) throw new UsageError(error.message);
            throw error;
          }
          const base = config.publicUrl ?? `http://${config.host}:${config.port}`;
          console.log(created.token);
          console.error(
            `arena: ${created.info.role} token ${created.info.id}; sign in at ${base.replace(/\/$/, '')}/login#token=${created.token}`,
          );
          return 0;
        }
        case 'list': {
          parseOptions(rest, {});
          for (const t of await listTokens(database.db)) {
            console.log(
              [t.id, t.role, t.station ?? '-', t.createdAt, t.revokedAt ?? 'active', t.label ?? '']
                .join('\t')
                .trimEnd(),
            );
          }
          return 0;
        }
        case 'revoke': {
          const { positionals } = parseOptions(rest, {}, true);
          if (positionals.length !== 1) throw new UsageError('name one token id to revoke');
          try {
            await revokeToken(database.db, positionals[0]!);
          } catch (error) {
            if (error instanceof NotFoundError) throw new UsageError(error.message);
            throw error;
          }
          console.error(`arena: token ${positionals[0]} revoked`);
          return 0;
        }
        case undefined:
        default:
          throw new UsageError('arena token create|list|revoke; see arena token --help');
      }
    } finally {
      await database.close();
    }
  },
};
