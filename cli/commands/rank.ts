import { createReadStream } from 'node:fs';
import path from 'node:path';
import { BattleFileError } from '../../services/ranking/battle-errors.ts';
import type { BattleLeaderboard } from '../../services/ranking/battle-leaderboard.ts';
import { rankBattleTable } from '../../services/ranking/battle-leaderboard.ts';
import { createJudgementReader, detectBattleFormat } from '../../services/ranking/battle-reader.ts';
import type {
  BattleFormat,
  JudgementFile,
  JudgementReader,
} from '../../services/ranking/battle-reader.ts';
import { fillTableCounts, tableFromLog } from '../../services/ranking/battle-table.ts';
import type { BattleTable } from '../../services/ranking/battle-table.ts';
import { fitRankingTable } from '../../services/ranking/fit-plackett-luce.ts';
import { fitBradleyTerry, UnknownPolicyError } from '../../services/ranking/index.ts';
import type { TieModel } from '../../services/ranking/index.ts';
import { emptyPairCounts } from '../../services/ranking/pair-counts.ts';
import { battleRankings } from '../../services/ranking/pairwise-rankings.ts';
import { rankRankingTable } from '../../services/ranking/plackett-luce-leaderboard.ts';
import { rankingTableFromJudgements } from '../../services/ranking/ranking-table.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';
import { battleLeaderboardJson, describeModel, formatBattleLeaderboard } from './rank-output.ts';
import type { FittedModel } from './rank-output.ts';

/** The library's weak prior, used for Davidson fits and when a half-win MLE does not exist. */
const DEFAULT_PRIOR = 0.1;

export const rankCommand: Command = {
  name: 'rank',
  help: `Usage: arena rank FILE [--json] [--bootstrap N] [--seed S] [--ties davidson|half]
                  [--prior P] [--anchor NAME] [--format csv|jsonl]

Reads pairwise battles with columns model_a, model_b, winner (model_a, model_b, tie or
"tie (bothbad)") and optional task, judge and comparison_id (battles sharing one are resampled
together); other columns are ignored. Prints a Bradley-Terry leaderboard: rating (Elo scale,
mean 1000), 95% bootstrap interval, 95% rank range, comparisons and wins / losses / ties.

JSON Lines may also hold K-wise rankings of policies run from the same initial state, best
first, an inner array being a tied group, with the same optional fields:
  {"ranking": ["pi0", ["octo", "rt1"], "rt2"], "task": "stack", "judge": "j1"}
A file with any ranking is fitted by Plackett-Luce, its battles taken as rankings of two: a
tied group counts as the average of its orderings, which for two policies is half a win each
way (so --ties davidson is refused). The bootstrap resamples whole rankings (or comparisons);
comparisons then counts the rankings a policy is in, W / L / T the policies it placed below,
above and level with. CSV files hold pairwise battles only.

  --json           print the leaderboard as JSON
  --bootstrap N    bootstrap rounds (default 1000; 0 for none)
  --seed S         bootstrap seed (default 1)
  --ties MODEL     davidson (default for battles: fits a tie parameter) or half (a tie is
                   half a win each way, as Chatbot Arena and evalica count it; the only
                   choice for rankings)
  --prior P        weak prior in virtual comparisons per policy (default 0.1 for davidson;
                   0, plain maximum likelihood, for half and for rankings, so that ratings
                   match other implementations; if no finite estimate exists 0.1 is used
                   with a warning)
  --anchor NAME    pin this policy at 1000 instead of the mean
  --format F       csv or jsonl (default: from the extension, else from the content)`,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        json: { type: 'boolean', default: false },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        ties: { type: 'string' },
        prior: { type: 'string' },
        anchor: { type: 'string' },
        format: { type: 'string' },
      },
      true,
    );
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('rank needs a FILE of battles or rankings');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const rounds = integerOption('bootstrap', values.bootstrap, 1000, 0, 1_000_000);
    const seed = integerOption('seed', values.seed, 1, 0, 2 ** 32 - 1);
    const requestedTies = tieOption(values.ties);
    const format = formatOption(values.format);
    const explicitPrior = priorOption(values.prior);

    let judgements: JudgementFile;
    try {
      judgements = await readJudgementFile(file, format);
    } catch (error) {
      if (error instanceof BattleFileError || isFileSystemError(error)) {
        console.error(`arena: ${file}: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const settings = { rounds, seed, anchor: values.anchor, json: values.json };
    if (judgements.rankings.length > 0) {
      if (requestedTies === 'davidson') {
        throw new UsageError(
          `--ties davidson does not apply to ${file}: it holds K-wise rankings, which are ` +
            'fitted by Plackett-Luce, a model without a tie parameter (a tied group counts as ' +
            'the average of its orderings: for two policies, half a win each way). Use ' +
            '--ties half or leave --ties out.',
        );
      }
      return rankRankingFile(judgements, { ...settings, explicitPrior });
    }

    const ties = requestedTies ?? 'davidson';
    const table = tableFromLog(judgements.battles);
    const { priorStrength, warning } = choosePrior(table, ties, explicitPrior);
    const board = withAnchorAsUsage(() =>
      rankBattleTable(table, {
        bootstrapRounds: rounds,
        seed,
        ties,
        priorStrength,
        anchor: values.anchor,
      }),
    );
    const model: FittedModel = {
      name: 'bradley-terry',
      ties,
      battles: judgements.battles.count,
      rankings: 0,
    };
    printLeaderboard(board, model, { ...settings, priorStrength, warning });
    return 0;
  },
};

/**
 * The Plackett-Luce path: every ranking, and every battle as a ranking of two, in one table
 * whose units (rankings, or comparisons sharing an id) the bootstrap resamples.
 */
function rankRankingFile(
  judgements: JudgementFile,
  settings: RunSettings & { readonly explicitPrior: number | undefined },
): number {
  const table = rankingTableFromJudgements([
    ...battleRankings(judgements.battles),
    ...judgements.rankings,
  ]);
  let priorStrength = settings.explicitPrior;
  let warning: string | null = null;
  if (priorStrength === undefined) {
    const fit = fitRankingTable(table, { priorStrength: 0 });
    priorStrength = fit.converged ? 0 : DEFAULT_PRIOR;
    if (!fit.converged) warning = noEstimateWarning(fit.warnings);
  }
  const board = withAnchorAsUsage(() =>
    rankRankingTable(table, {
      bootstrapRounds: settings.rounds,
      seed: settings.seed,
      priorStrength,
      anchor: settings.anchor,
    }),
  );
  let smallestK = Infinity;
  let largestK = 0;
  for (const { ranking } of judgements.rankings) {
    smallestK = Math.min(smallestK, ranking.flat().length);
    largestK = Math.max(largestK, ranking.flat().length);
  }
  const model: FittedModel = {
    name: 'plackett-luce',
    ties: 'half',
    battles: judgements.battles.count,
    rankings: judgements.rankings.length,
    smallestK,
    largestK,
  };
  printLeaderboard(board, model, { ...settings, priorStrength, warning });
  return 0;
}

interface RunSettings {
  readonly rounds: number;
  readonly seed: number;
  readonly anchor: string | undefined;
  readonly json: boolean;
}

function printLeaderboard(
  board: BattleLeaderboard,
  model: FittedModel,
  settings: RunSettings & { readonly priorStrength: number; readonly warning: string | null },
): void {
  const { rounds, seed, priorStrength, warning } = settings;
  const warnings = [...(warning === null ? [] : [warning]), ...board.warnings];
  if (settings.json) {
    console.log(battleLeaderboardJson(board, { model, priorStrength, rounds, seed, warnings }));
    return;
  }
  console.log(formatBattleLeaderboard(board));
  console.log(`\n${describeModel(model, board)}`);
  for (const line of warnings) console.error(`arena: warning: ${line}`);
}

/** A bad --anchor is the user's input: a usage error, not a crash. */
function withAnchorAsUsage<T>(rank: () => T): T {
  try {
    return rank();
  } catch (error) {
    if (error instanceof UnknownPolicyError) throw new UsageError(`--anchor: ${error.message}`);
    throw error;
  }
}

/** Streams the file through the pure reader, so a large file is never held twice. */
export async function readJudgementFile(
  file: string,
  format?: BattleFormat,
): Promise<JudgementFile> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let reader: JudgementReader | null = null;
  for await (const chunk of stream as AsyncIterable<string>) {
    reader ??= createJudgementReader(format ?? detectBattleFormat(path.basename(file), chunk));
    reader.push(chunk);
  }
  return (reader ?? createJudgementReader(format ?? 'csv')).end();
}

/**
 * Plain maximum likelihood under half-win ties (what other implementations compute), unless the
 * estimate does not exist (e.g. a policy never lost), where the weak prior keeps ratings finite.
 */
function choosePrior(
  table: BattleTable,
  ties: TieModel,
  explicit: number | undefined,
): { priorStrength: number; warning: string | null } {
  if (explicit !== undefined) return { priorStrength: explicit, warning: null };
  if (ties === 'davidson') return { priorStrength: DEFAULT_PRIOR, warning: null };
  const fit = fitBradleyTerry(fillTableCounts(table, emptyPairCounts(table)), {
    ties,
    priorStrength: 0,
  });
  if (fit.converged) return { priorStrength: 0, warning: null };
  return { priorStrength: DEFAULT_PRIOR, warning: noEstimateWarning(fit.warnings) };
}

function noEstimateWarning(fitWarnings: readonly string[]): string {
  return `no finite maximum-likelihood estimate (${fitWarnings.join('; ')}); used --prior ${DEFAULT_PRIOR}`;
}

/** The --ties asked for; undefined when not given (its default depends on the data). */
function tieOption(raw: string | undefined): TieModel | undefined {
  if (raw === undefined || raw === 'davidson' || raw === 'half') return raw;
  throw new UsageError(`--ties must be davidson or half (got "${raw}")`);
}

function formatOption(raw: string | undefined): BattleFormat | undefined {
  if (raw === undefined || raw === 'csv' || raw === 'jsonl') return raw;
  throw new UsageError(`--format must be csv or jsonl (got "${raw}")`);
}

function priorOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--prior must be a number >= 0 (got "${raw}")`);
  }
  return value;
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
