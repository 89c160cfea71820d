import { migrateToLatest } from '../../services/db/migrate.ts';
import { openDatabase } from '../../services/db/open-database.ts';
import { loadConfig } from '../../runtime/config.ts';
import { parseOptions, type Command } from '../command.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  help: `Usage: arena migrate

Applies every pending migration in migrations/ to the database: PostgreSQL when DATABASE_URL is
set, otherwise the embedded SQLite database in ARENA_DATA_DIR (default ./data). Services also
migrate at start-up; this command is for deployments that migrate as a separate step.`,
  async run(args) {
    parseOptions(args, {});
    const config = loadConfig();
    const database = openDatabase(config.databaseUrl, config.dataDir);
    try {
      const applied = await migrateToLatest(database.db);
      console.log(
        applied.length === 0
          ? `${database.location}: up to date`
          : `${database.location}: applied ${applied.join(', ')}`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
