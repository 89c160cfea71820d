import { errorMessage } from '../../lib/error-message.ts';
import {
  builtinPolicyNames,
  getTask,
  listTasks,
  resolvePerturbation,
  type Perturbation,
} from '../../sim/index.ts';
import { evaluatePolicies, type PolicyEvaluation } from '../../sim/stats/policy-evaluation.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';

const defaultEpisodes = 200;
const maxEpisodes = 100_000;
const barWidth = 30;

export const simPoliciesCommand: Command = {
  name: 'sim policies',
  help: `Usage: arena sim policies [--task T] [--episodes N] [--policies a,b] [--perturbation JSON] [--json]

Runs every built-in policy (or those listed) for N episodes (default ${defaultEpisodes}) on seeds
0…N-1 of a task (default: every task), the same seeds for every policy, and prints each policy's
success rate with a 95% Wilson interval and its mean progress. A progress bar goes to stderr.

  --task T            one of: ${listTasks()
    .map((task) => task.name)
    .join(', ')}
  --episodes N        episodes per policy (default ${defaultEpisodes})
  --policies LIST     comma-separated policy names, e.g. expert,degraded-expert?skill=0.5
  --perturbation JSON a perturbation applied to every episode, e.g. '{"distractorCount":2}'
  --json              print the results as JSON instead of a table`,
  async run(args) {
    const { values } = parseOptions(args, {
      task: { type: 'string' },
      episodes: { type: 'string' },
      policies: { type: 'string' },
      perturbation: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    const tasks = values.task === undefined ? listTasks().map((task) => task.name) : [values.task];
    for (const task of tasks) {
      try {
        getTask(task);
      } catch (error) {
        throw new UsageError(errorMessage(error));
      }
    }
    const episodes = integerOption('episodes', values.episodes, defaultEpisodes, 1, maxEpisodes);
    const policies = values.policies?.split(',').filter(Boolean) ?? [...builtinPolicyNames];
    const perturbation = parsePerturbation(values.perturbation);
    const report: Record<string, PolicyEvaluation[]> = {};
    for (const task of tasks) {
      const bar = new EpisodeBar(task);
      report[task] = await evaluatePolicies(task, policies, episodes, {
        perturbation,
        onEpisode: (done, total) => bar.update(done, total),
      });
      bar.finish();
      if (!values.json) console.log(formatTable(task, report[task] ?? []));
    }
    if (values.json) console.log(JSON.stringify(report, null, 2));
    return 0;
  },
};

function parsePerturbation(raw: string | undefined): Perturbation | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    resolvePerturbation(parsed);
    return parsed as Perturbation;
  } catch (error) {
    throw new UsageError(`--perturbation: ${errorMessage(error)}`);
  }
}

function formatTable(task: string, rows: readonly PolicyEvaluation[]): string {
  const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const nameWidth = Math.max(6, ...rows.map((row) => row.policy.length));
  const lines = [
    `${task} (${rows[0]?.episodes ?? 0} episodes per policy, seeds 0…${(rows[0]?.episodes ?? 1) - 1})`,
    `  ${'policy'.padEnd(nameWidth)}  success  95% interval     mean progress  ms/episode`,
  ];
  for (const row of rows) {
    const [low, high] = row.successInterval;
    lines.push(
      `  ${row.policy.padEnd(nameWidth)}  ${percent(row.successRate).padStart(7)}  ` +
        `${`[${percent(low)}, ${percent(high)}]`.padEnd(15)}  ${row.meanProgress.toFixed(3).padStart(13)}` +
        `  ${row.meanWallMsPerEpisode.toFixed(0).padStart(10)}` +
        (row.errors > 0 ? `  (${row.errors} errors)` : ''),
    );
  }
  return lines.join('\n');
}

/** A progress bar on stderr: redrawn in place on a terminal, every 10% otherwise. */
class EpisodeBar {
  private readonly startedAt = Date.now();
  private lastDecile = -1;

  constructor(private readonly task: string) {}

  update(done: number, total: number): void {
    const fraction = done / total;
    const filled = Math.round(fraction * barWidth);
    const seconds = Math.round((Date.now() - this.startedAt) / 1000);
    const line = `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${this.task}: ${done}/${total} episodes ${seconds}s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${line}\n`);
    }
  }

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}
