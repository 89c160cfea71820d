import { stationRecordingSuffix } from '../stations/store-station-recordings.ts';
import type { Kysely } from 'kysely';
import { deriveSeed } from '../../lib/seeded-random.ts';
import type { Database } from '../db/schema.ts';
import { crowdJudgeKey } from './crowd-judge.ts';

/** How many of the least-judged comparisons are considered; the judge gets one of them. */
const candidatePoolSize = 50;

export interface JudgingItem {
  /** Opaque to the browser; the comparison it stands for names no policy. */
  ticket: string;
  instruction: string;
  task: string;
  campaignId: string;
}

/**
 * The next comparison a crowd judge should see: a completed comparison, with both replays
 * recorded, of a campaign that asks for crowd judgements, that this judge has not judged and that
 * is not in `exclude` (the one on screen, when prefetching). Comparisons with the fewest crowd
 * judgements come first, so judgements spread evenly; among those, each judge gets a different
 * order, so simultaneous judges do not all pile onto the same comparison.
 */
export async function nextForJudge(
  db: Kysely<Database>,
  judge: string,
  exclude: readonly string[],
): Promise<JudgingItem | null> {
  const judgeKey = crowdJudgeKey(judge);
  let query = db
    .selectFrom('comparisons as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .innerJoin('campaigns as k', 'k.id', 'c.campaign_id')
    .select((eb) => [
      'c.id',
      'c.campaign_id',
      't.instruction',
      't.name as task',
      eb
        .selectFrom('judgements as j')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('j.comparison_id', '=', 'c.id')
        .where('j.source', '=', 'crowd')
        .as('crowd_judgements'),
    ])
    .where('c.status', '=', 'completed')
    .where('k.status', '!=', 'cancelled')
    .where('c.campaign_id', 'in', (eb) =>
      eb
        .selectFrom('campaign_judgement_sources')
        .select('campaign_id')
        .where('source', '=', 'crowd'),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('judgements as mine')
            .select('mine.id')
            .whereRef('mine.comparison_id', '=', 'c.id')
            .where('mine.judge', '=', judgeKey),
        ),
      ),
    )
    .where((eb) =>
      eb(
        eb
          .selectFrom('episodes as e')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('e.comparison_id', '=', 'c.id')
          .where('e.trajectory_ref', 'is not', null)
          // Crowd judges watch simulated replays; a station's recording is for researchers.
          .where('e.trajectory_ref', 'not like', `%${stationRecordingSuffix}`),
        '=',
        2,
      ),
    );
  if (exclude.length > 0) query = query.where('c.id', 'not in', exclude);
  const candidates = await query
    .orderBy('crowd_judgements')
    .orderBy('c.completed_at')
    .limit(candidatePoolSize)
    .execute();
  const fewest = Math.min(...candidates.map((c) => Number(c.crowd_judgements)));
  const pick = candidates
    .filter((c) => Number(c.crowd_judgements) === fewest)
    .sort((x, y) => deriveSeed(0, `${judge}|${x.id}`) - deriveSeed(0, `${judge}|${y.id}`))[0];
  if (pick === undefined) return null;
  return {
    ticket: pick.id,
    instruction: pick.instruction,
    task: pick.task,
    campaignId: pick.campaign_id,
  };
}
