import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { getCampaignRow } from '../../services/campaigns/campaign-store.ts';
import type { Database } from '../../services/db/schema.ts';
import { openDatabase } from '../../services/db/open-database.ts';
import { NotFoundError } from '../../services/errors.ts';
import { formatBattles } from '../../services/ranking/battle-writer.ts';
import type { BattleRow } from '../../services/ranking/battle-writer.ts';
import { loadConfig } from '../../runtime/config.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

const WINNER = { A: 'model_a', B: 'model_b', tie: 'tie' } as const;

function winnerOf(outcome: keyof typeof WINNER, bothFailed: boolean): BattleRow['winner'] {
  return outcome === 'tie' && bothFailed ? 'tie (bothbad)' : WINNER[outcome];
}

export const exportCommand: Command = {
  name: 'export',
  summary: "write a campaign's judgements as battles (JSONL or CSV) for arena rank",
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

/** Every judgement of a campaign with policy and task names, in the order they were recorded. */
export async function campaignBattles(db: Kysely<Database>, ref: string): Promise<BattleRow[]> {
  const campaign = await getCampaignRow(db, ref);
  const rows = await db
    .selectFrom('judgements')
    .innerJoin('comparisons', 'comparisons.id', 'judgements.comparison_id')
    .innerJoin('policies as pa', 'pa.id', 'comparisons.policy_a_id')
    .innerJoin('policies as pb', 'pb.id', 'comparisons.policy_b_id')
    .innerJoin('tasks', 'tasks.id', 'comparisons.task_id')
    .select([
      'pa.name as model_a',
      'pb.name as model_b',
      'judgements.outcome',
      'judgements.both_failed',
      'tasks.name as task',
      'judgements.judge',
      'judgements.comparison_id',
      'judgements.source',
    ])
    .where('comparisons.campaign_id', '=', campaign.id)
    .orderBy('judgements.id')
    .execute();
  return rows.map((r) => ({
    model_a: r.model_a,
    model_b: r.model_b,
    winner: winnerOf(r.outcome, Number(r.both_failed) === 1),
    task: r.task,
    judge: r.judge,
    comparison_id: r.comparison_id,
    source: r.source,
  }));
}
