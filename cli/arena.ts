// The `arena` command: one entry point for every process role.
import { errorMessage } from '../lib/error-message.ts';
import { ConfigError } from '../runtime/config.ts';
import { RedisUnavailableError } from '../runtime/local-redis.ts';
import { QueuePrefixTakenError } from '../services/deployment/claim-queue-prefix.ts';
import { UsageError, type Command } from './command.ts';
import { PortTakenError } from './start-stack.ts';
import { demoCommand } from './commands/demo.ts';
import { exportCommand } from './commands/export.ts';
import { migrateCommand } from './commands/migrate.ts';
import { rankCommand } from './commands/rank.ts';
import { servePolicyCommand } from './commands/serve-policy.ts';
import { simPoliciesCommand } from './commands/sim-policies.ts';
import { studyCommand } from './commands/study.ts';
import { upCommand } from './commands/up.ts';
import { workerCommand } from './commands/worker.ts';

const commands: readonly Command[] = [
  upCommand,
  workerCommand,
  migrateCommand,
  demoCommand,
  rankCommand,
  exportCommand,
  studyCommand,
  simPoliciesCommand,
  servePolicyCommand,
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
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
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
