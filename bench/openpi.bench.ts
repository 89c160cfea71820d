/**
 * The cost of serving a policy over openpi: expert episodes per second run in-process against
 * the same policy behind policy-arena's openpi server on a loopback socket (a separate process,
 * as a lab's server would be), and the round trip of one inference. The ratio is what a remote
 * policy costs a sim worker before any model time.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRemotePolicy, OpenpiClient, arenaObservationMap } from '../openpi/index.ts';
import { createBuiltinPolicy, getTask, runEpisodeWithPolicy } from '../sim/index.ts';
import type { EpisodeContext, Observation } from '../sim/index.ts';

const task = 'push-cube';
const episodes = 20;
const roundTrips = 2_000;
const repoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

async function episodesPerSecond(makePolicy: () => ReturnType<typeof createBuiltinPolicy>) {
  // Warm-up: the first episode compiles the scene and warms the JIT.
  await runEpisodeWithPolicy(task, episodes, makePolicy());
  let steps = 0;
  const started = performance.now();
  for (let seed = 0; seed < episodes; seed += 1) {
    steps += (await runEpisodeWithPolicy(task, seed, makePolicy())).steps;
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: episodes / seconds, stepsPerSecond: steps / seconds };
}

/** `arena serve-policy expert` in its own process; resolves with its URL. */
async function servePolicy(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/arena.js', 'serve-policy', 'expert', '--port', '0'], {
    cwd: repoDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const found = /ws:\/\/\S+/.exec(output);
      if (found !== null) resolve(found[0]);
    });
    child.once('exit', (code) => reject(new Error(`serve-policy exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function inferenceRoundTripMs(url: string): Promise<number[]> {
  const definition = getTask(task);
  const context: EpisodeContext = {
    task,
    instruction: definition.instruction,
    controlHz: definition.controlHz,
    actionBounds: definition.actionBounds,
  };
  // A real observation from step 0 of an episode, sent again and again.
  let observation: Observation | undefined;
  await runEpisodeWithPolicy(task, 0, {
    reset() {},
    act(seen) {
      observation ??= seen;
      throw new Error('one observation is enough');
    },
  });
  const client = await OpenpiClient.connect(url);
  const request = arenaObservationMap(observation!, 0, context);
  const times: number[] = [];
  for (let i = 0; i < roundTrips; i += 1) {
    const started = performance.now();
    await client.infer(request);
    times.push(performance.now() - started);
  }
  await client.close();
  return times.sort((a, b) => a - b);
}

export default async function openpiBenchmark(): Promise<void> {
  const local = await episodesPerSecond(() => createBuiltinPolicy('expert'));
  const server = await servePolicy();
  try {
    const remote = await episodesPerSecond(() =>
      createRemotePolicy({ url: server.url, observation: 'arena' }),
    );
    const times = await inferenceRoundTripMs(server.url);
    const at = (q: number): string => (times[Math.floor(q * (times.length - 1))] ?? NaN).toFixed(3);
    console.log(`${task} expert, ${episodes} episodes each:`);
    console.log(
      `  in-process:        ${local.perSecond.toFixed(1)} episodes/s (${local.stepsPerSecond.toFixed(0)} control steps/s)`,
    );
    console.log(
      `  over openpi:       ${remote.perSecond.toFixed(1)} episodes/s (${remote.stepsPerSecond.toFixed(0)} control steps/s)`,
    );
    console.log(`  ratio remote/in-process: ${(remote.perSecond / local.perSecond).toFixed(2)}`);
    console.log(
      `one inference round trip (${roundTrips} requests, arena layout): median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms`,
    );
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await server.stop();
  }
}
