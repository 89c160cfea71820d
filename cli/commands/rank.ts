import { createReadStream } from 'node:fs';
import path from 'node:path';
import { BattleFileError } from '../../services/ranking/battle-errors.ts';
import type { BattleLeaderboard } from '../../services/ranking/battle-leaderboard.ts';
import { rankBattleTable } from '../../services/ranking/battle-leaderboard.ts';
import { createBattleReader, detectBattleFormat } from '../../services/ranking/battle-reader.ts';
import type { BattleFormat } from '../../services/ranking/battle-reader.ts';
import type { BattleLog } from '../../services/ranking/battle-log.ts';
import { fillTableCounts, tableFromLog } from '../../services/ranking/battle-table.ts';
import type { BattleTable } from '../../services/ranking/battle-table.ts';
import { fitBradleyTerry, UnknownPolicyError } from '../../services/ranking/index.ts';
import type { TieModel } from '../../services/ranking/index.ts';
import { emptyPairCounts } from '../../services/ranking/pair-counts.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';
import { battleLeaderboardJson, formatBattleLeaderboard } from './rank-output.ts';

/** The library's weak prior, used for Davidson fits and when a half-win MLE does not exist. */
const DEFAULT_PRIOR = 0.1;

export const rankCommand: Command = {
  name: 'rank',
  summary: 'rank policies from a file of battles (CSV or JSONL, Chatbot Arena format)',
  help: `Usage: arena rank FILE [--json] [--bootstrap N] [--seed S] [--ties davidson|half]
                  [--prior P] [--anchor NAME] [--format csv|jsonl]

Reads pairwise battles with columns model_a, model_b, winner (model_a, model_b, tie or
"tie (bothbad)") and optional task, judge and comparison_id (battles sharing one are resampled
together); other columns are ignored. Prints a Bradley-Terry leaderboard: rating (Elo scale,
mean 1000), 95% bootstrap interval, 95% rank range, comparisons and wins / losses / ties.

  --json           print the leaderboard as JSON
  --bootstrap N    bootstrap rounds (default 1000; 0 for none)
  --seed S         bootstrap seed (default 1)
  --ties MODEL     davidson (default: fits a tie parameter) or half (a tie is half a win
                   each way, as Chatbot Arena and evalica count it)
  --prior P        weak prior in virtual comparisons per policy (default 0.1 for davidson;
                   0, plain maximum likelihood, for half, so that ratings match other
                   implementations; if no finite estimate exists 0.1 is used with a warning)
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
    if (file === undefined) throw new UsageError('rank needs a FILE of battles');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const rounds = integerOption('bootstrap', values.bootstrap, 1000, 0, 1_000_000);
    const seed = integerOption('seed', values.seed, 1, 0, 2 ** 32 - 1);
    const ties = tieOption(values.ties);
    const format = formatOption(values.format);
    const explicitPrior = priorOption(values.prior);

    let table: BattleTable;
    try {
      table = tableFromLog(await readBattleFile(file, format));
    } catch (error) {
      if (error instanceof BattleFileError || isFileSystemError(error)) {
        console.error(`arena: ${file}: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const { priorStrength, warning } = choosePrior(table, ties, explicitPrior);
    let board: BattleLeaderboard;
    try {
      board = rankBattleTable(table, {
        bootstrapRounds: rounds,
        seed,
        ties,
        priorStrength,
        anchor: values.anchor,
      });
    } catch (error) {
      if (error instanceof UnknownPolicyError) throw new UsageError(`--anchor: ${error.message}`);
      throw error;
    }
    const warnings = [...(warning === null ? [] : [warning]), ...board.warnings];
    if (values.json) {
      console.log(battleLeaderboardJson(board, { ties, priorStrength, rounds, seed, warnings }));
    } else {
      console.log(formatBattleLeaderboard(board));
      if (board.tieParameter !== null) {
        console.log(`\nDavidson tie parameter nu = ${board.tieParameter.toFixed(3)}`);
      }
      for (const line of warnings) console.error(`arena: warning: ${line}`);
    }
    return 0;
  },
};

/** Streams the file through the pure reader, so a large file is never held twice. */
export async function readBattleFile(file: string, format?: BattleFormat): Promise<BattleLog> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let reader: ReturnType<typeof createBattleReader> | null = null;
  for await (const chunk of stream as AsyncIterable<string>) {
    reader ??= createBattleReader(format ?? detectBattleFormat(path.basename(file), chunk));
    reader.push(chunk);
  }
  return (reader ?? createBattleReader(format ?? 'csv')).end();
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
  return {
    priorStrength: DEFAULT_PRIOR,
    warning: `no finite maximum-likelihood estimate (${fit.warnings.join('; ')}); used --prior ${DEFAULT_PRIOR}`,
  };
}

function tieOption(raw: string | undefined): TieModel {
  if (raw === undefined || raw === 'davidson' || raw === 'half') return raw ?? 'davidson';
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
