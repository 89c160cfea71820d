// How long an `arena` command takes to start, against the floor of starting Node itself
// (`node -e 0`), both measured in this run on the same core. The command runs from the build
// (dist/node, `npm run build`); the TypeScript sources through tsx are shown for comparison.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../runtime/sibling-module.ts';

const runs = 15;

function medianMs(command: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    // One core, so a comparison is not skewed by the two cores' different speeds.
    const result = spawnSync('taskset', ['-c', '0', ...command], { cwd: projectRoot });
    if (result.status !== 0) {
      throw new Error(`${command.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
    }
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

export default function benchStartup(): void {
  const built = path.join(projectRoot, 'dist/node/cli/arena.js');
  if (!fs.existsSync(built)) {
    console.log('no build in dist/node: run `npm run build` first');
    return;
  }
  const node = process.execPath;
  const floor = medianMs([node, '-e', '0']);
  const help = medianMs([node, 'bin/arena.js', '--help']);
  const rankHelp = medianMs([node, 'bin/arena.js', 'rank', '--help']);
  const tsx = medianMs([node, '--import', 'tsx', 'cli/arena.ts', '--help']);
  const row = (label: string, ms: number): string =>
    `  ${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / floor).toFixed(2)}x node -e 0`;
  console.log(`start-up, median of ${runs} runs on core 0:`);
  console.log(row('node -e 0 (baseline)', floor));
  console.log(row('arena --help (build)', help));
  console.log(row('arena rank --help (build)', rankHelp));
  console.log(row('arena --help (sources through tsx)', tsx));
  console.log(`  load average: ${os.loadavg()[0]?.toFixed(2)}`);
}
