import { runPairingStudy } from '../../services/ranking/pairing-study.ts';
import type { PairingStudySpec } from '../../services/ranking/pairing-study.ts';
import { summarisePairingStudy } from '../../services/ranking/pairing-study-summary.ts';
import type { PairingStudySummary } from '../../services/ranking/pairing-study-summary.ts';
import { wilsonInterval } from '../../services/ranking/wilson-interval.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';

export const studyCommand: Command = {
  name: 'study',
  help: `Usage: arena study pairing [--repetitions N] [--seed S] [--policies N] [--spread ELO]
                           [--ties NU] [--budget N] [--epsilon E] [--json]

Simulates campaigns against known strengths (N policies with ratings evenly spread, Davidson
ties) with uniform and with active pair selection, refitting every 10 comparisons, and reports
over the repetitions (with 95% intervals) the comparisons needed
  - for Kendall's tau with the truth to reach 0.9 and stay there until the budget, and
  - to identify the best policy: the true best ranked first with the 95% intervals of its
    differences to every other policy excluding zero (the first time that holds for the
    wrong policy is counted as a false identification, reported with a Wilson interval),
and the ratio active / uniform. A run that never gets there counts as the budget.

  --repetitions N  simulated campaigns per strategy (default 500)
  --seed S         seed of the whole study (default 1)
  --policies N     number of policies (default 8)
  --spread ELO     rating gap between neighbours (default 80)
  --ties NU        Davidson's tie parameter of the simulation (default 0.5)
  --budget N       comparisons per simulated campaign (default 4000)
  --epsilon E      share of uniform exploration in active selection (default 0.1)
  --json           print the summary as JSON`,
  run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        repetitions: { type: 'string' },
        seed: { type: 'string' },
        policies: { type: 'string' },
        spread: { type: 'string' },
        ties: { type: 'string' },
        budget: { type: 'string' },
        epsilon: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      true,
    );
    if (positionals[0] !== 'pairing' || positionals.length > 1) {
      throw new UsageError('usage: arena study pairing [options] (see --help)');
    }
    const policies = integerOption('policies', values.policies, 8, 2, 50);
    const spread = numberOption('spread', values.spread, 80, 0, 2000);
    const spec: PairingStudySpec = {
      ratings: Array.from({ length: policies }, (_, i) => 1000 + (i - (policies - 1) / 2) * spread),
      tieParameter: numberOption('ties', values.ties, 0.5, 0, 100),
      repetitions: integerOption('repetitions', values.repetitions, 500, 1, 100_000),
      seed: integerOption('seed', values.seed, 1, 0, 2 ** 32 - 1),
      maxComparisons: integerOption('budget', values.budget, 4000, 10, 1_000_000),
      batch: 10,
      epsilon: numberOption('epsilon', values.epsilon, 0.1, 0, 1),
    };
    const started = Date.now();
    const results = runPairingStudy(spec, progressReporter(started));
    const summary = summarisePairingStudy(results, spec.maxComparisons, spec.seed);
    const seconds = (Date.now() - started) / 1000;
    if (values.json) console.log(JSON.stringify({ spec, seconds, ...summary }, null, 2));
    else console.log(formatStudy(spec, summary, seconds));
    return Promise.resolve(0);
  },
};

function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

/** A progress bar on stderr: redrawn in place on a terminal, every 10% otherwise. */
function progressReporter(started: number) {
  let lastDecile = -1;
  return (done: number, total: number) => {
    const fraction = done / total;
    const filled = Math.round(fraction * 30);
    const line = `${'█'.repeat(filled)}${'░'.repeat(30 - filled)} ${done}/${total} simulated campaigns ${Math.round((Date.now() - started) / 1000)}s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K${done === total ? '\n' : ''}`);
    } else if (Math.floor(fraction * 10) !== lastDecile) {
      lastDecile = Math.floor(fraction * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

function formatStudy(
  spec: PairingStudySpec,
  summary: PairingStudySummary,
  seconds: number,
): string {
  const goal = (g: PairingStudySummary['strategies']['uniform']['tau']) =>
    `${g.mean.toFixed(0)} (95% CI ${g.ciLow.toFixed(0)}–${g.ciHigh.toFixed(0)}, median ${g.median.toFixed(0)}${g.censored > 0 ? `, ${g.censored} not reached` : ''})`;
  const ratio = (r: PairingStudySummary['ratio']['tau']) =>
    `${r.value.toFixed(2)} (95% CI ${r.ciLow.toFixed(2)}–${r.ciHigh.toFixed(2)})`;
  const falseRate = (count: number) => {
    const { low, high } = wilsonInterval(count, summary.repetitions);
    const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
    return `${count} (${percent(count / summary.repetitions)}, 95% CI ${percent(low)}–${percent(high)})`;
  };
  const lines = [
    `${spec.ratings.length} policies, ratings ${spec.ratings.map((r) => r.toFixed(0)).join(' ')}, nu ${spec.tieParameter}; ` +
      `${summary.repetitions} campaigns per strategy of up to ${spec.maxComparisons} comparisons (${seconds.toFixed(0)} s)`,
    '',
  ];
  for (const strategy of ['uniform', 'active'] as const) {
    const s = summary.strategies[strategy];
    lines.push(`${strategy}:`);
    lines.push(`  comparisons to Kendall tau >= 0.9: ${goal(s.tau)}`);
    lines.push(
      `  comparisons to identify the best:  ${goal(s.best)}; false identifications ${falseRate(s.falseIdentifications)}`,
    );
  }
  lines.push('', 'active / uniform (target <= 0.6):');
  lines.push(`  Kendall tau >= 0.9: ${ratio(summary.ratio.tau)}`);
  lines.push(`  best identified:    ${ratio(summary.ratio.best)}`);
  return lines.join('\n');
}
