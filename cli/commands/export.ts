import fs from 'node:fs';
import { openDatabase } from '../../services/db/open-database.ts';
import { NotFoundError } from '../../services/errors.ts';
import { campaignBattles } from '../../services/ranker/campaign-battles.ts';
import { formatBattles } from '../../services/ranking/battle-writer.ts';
import { loadConfig } from '../../runtime/config.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

export const exportCommand: Command = {
  name: 'export',
  help: `Usage: arena export CAMPAIGN [--format jsonl|csv] [--output FILE]

Writes every judgement of the campaign (id or name) in the Chatbot Arena battle format that
"arena rank" reads: model_a and model_b (policy names), winner (model_a, model_b, tie, or "tie (bothbad)"
when a judge said both failed), task
(task name), judge, comparison_id (judgements of one paired comparison share it) and source
(auto, evaluator or crowd). Reads the database named by DATABASE_URL / ARENA_DATA_DIR.

  --format F     jsonl (default) or csv
  --output FILE  write to FILE instead of standard output`,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { format: { type: 'string' }, output: { type: 'string' } },
      true,
    );
    const [campaign, ...extra] = positionals;
    if (campaign === undefined) throw new UsageError('export needs a CAMPAIGN id or name');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const format = values.format ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') {
      throw new UsageError(`--format must be jsonl or csv (got "${format}")`);
    }
    const config = loadConfig();
    const database = openDatabase(config.databaseUrl, config.dataDir);
    try {
      const rows = await campaignBattles(database.db, campaign);
      const text = formatBattles(rows, format);
      if (values.output === undefined) process.stdout.write(text);
      else fs.writeFileSync(values.output, text);
      console.error(`arena: exported ${rows.length} judgements of campaign ${campaign}`);
      return 0;
    } catch (error) {
      if (error instanceof NotFoundError) {
        console.error(`arena: ${error.message} (in ${database.location})`);
        return 1;
      }
      throw error;
    } finally {
      await database.close();
    }
  },
};
