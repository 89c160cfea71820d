// The `arena` command: one entry point for every process role.
import { errorMessage } from '../lib/error-message.ts';
import { UsageError, type Command } from './command.ts';

/**
 * Each command's module is loaded only when that command runs: most of them pull in the queue,
 * the database and MuJoCo, and `arena --help` or `arena rank` should not pay for what they skip.
 */
interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

const commands: readonly CommandEntry[] = [
  {
    name: 'up',
    summary: 'run everything on this machine: API, dashboard, scheduler, ranker, sim workers',
    load: async () => (await import('./commands/up.ts')).upCommand,
  },
  {
    name: 'worker',
    summary: 'run workers: `arena worker sim`, `arena worker robot --station NAME`',
    load: async () => (await import('./commands/worker.ts')).workerCommand,
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations and exit',
    load: async () => (await import('./commands/migrate.ts')).migrateCommand,
  },
  {
    name: 'demo',
    summary: 'run a whole simulated campaign and show its leaderboard',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  {
    name: 'rank',
    summary: 'rank policies from a file of battles or K-wise rankings (CSV or JSONL)',
    load: async () => (await import('./commands/rank.ts')).rankCommand,
  },
  {
    name: 'export',
    summary: "write a campaign's judgements as battles (JSONL or CSV) for arena rank",
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
  {
    name: 'export-episode',
    summary: 'write an episode as MCAP (Foxglove) or as an MP4 of its replay',
    load: async () => (await import('./commands/export-episode.ts')).exportEpisodeCommand,
  },
  {
    name: 'study',
    summary: 'simulation studies of the evaluation design (arena study pairing)',
    load: async () => (await import('./commands/study.ts')).studyCommand,
  },
  {
    name: 'sim policies',
    summary: 'measure the built-in policies on a simulated task, with 95% intervals',
    load: async () => (await import('./commands/sim-policies.ts')).simPoliciesCommand,
  },
  {
    name: 'serve-policy',
    summary: 'serve a built-in policy over the openpi websocket protocol',
    load: async () => (await import('./commands/serve-policy.ts')).servePolicyCommand,
  },
  {
    name: 'token',
    summary: 'issue, list and revoke sign-in tokens (researcher, judge, evaluator, station)',
    load: async () => (await import('./commands/token.ts')).tokenCommand,
  },
];

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`);
  return `Usage: arena <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "arena <command> --help" for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...afterName] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  // Two-word commands ("sim policies") are matched before one-word ones.
  const twoWords = `${name} ${afterName[0] ?? ''}`;
  const command =
    commands.find((c) => c.name === twoWords) ?? commands.find((c) => c.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  const rest = command.name === twoWords ? afterName.slice(1) : afterName;
  const loaded = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(loaded.help);
    return 0;
  }
  return loaded.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // The errors a user can act on, loaded only when something failed.
  const [
    { ConfigError },
    { RedisUnavailableError },
    { QueuePrefixTakenError },
    { PortTakenError },
  ] = await Promise.all([
    import('../runtime/config.ts'),
    import('../runtime/local-redis.ts'),
    import('../services/deployment/claim-queue-prefix.ts'),
    import('./start-stack.ts'),
  ]);
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof RedisUnavailableError ||
    error instanceof QueuePrefixTakenError ||
    error instanceof PortTakenError
  ) {
    console.error(`arena: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else {
    // Unexpected: say what happened in one line; the stack only when asked for.
    console.error(`arena: ${errorMessage(error)}`);
    if (process.env.ARENA_DEBUG !== undefined && error instanceof Error) console.error(error.stack);
    else console.error('arena: set ARENA_DEBUG=1 for the stack trace');
    process.exitCode = 1;
  }
  // A command that failed has already closed what it opened; a handle some library leaves
  // behind (a warming thread, a reconnecting client) must not keep a failed start hanging.
  process.exit();
}
