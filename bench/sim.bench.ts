/**
 * Simulation throughput: steps per second of the worker's inner loop in mujoco-js against the
 * MuJoCo C library on the same MJCF (compiled here with `cc` against Debian's libmujoco-dev),
 * expert rollouts per second per core for each task, and what a camera-based policy's images
 * cost: rendering the three DROID views per policy query against the physics of the same episode.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createBuiltinPolicy,
  listTasks,
  loadMjcf,
  runEpisode,
  sceneCameraNames,
  startSteppedEpisode,
  type CameraRequest,
} from '../sim/index.ts';
import { resolvePerturbation } from '../sim/perturbations/validate-perturbation.ts';
import { tabletopSceneXml } from '../sim/scenes/tabletop-scene-xml.ts';
import { getTask } from '../sim/tasks/index.ts';
import { float64View } from '../sim/mujoco-runtime.ts';
import { bindTabletopScene } from '../sim/scenes/tabletop-binding.ts';

const benchSteps = 20_000;
const warmupSteps = 2_000;
const rolloutsPerTask = 20;
const nativeHeader = '/usr/include/mujoco/mujoco.h';
/** A pi0 chunk of 10 rows run 8 at a time: the policy, and so the renderer, every 8 steps. */
const queryEverySteps = 8;
const renderEpisodeSeeds = [1, 2, 3];

/** The stack scene (arm, gripper, two free cubes) with a distractor: the busiest contact load. */
function benchmarkXml(): string {
  const task = getTask('stack');
  return tabletopSceneXml(task.layout, resolvePerturbation({ distractorCount: 1 }), {
    nativeCompatible: true,
  });
}

/** A fixed, reproducible start: the task's seed-0 state written straight into qpos. */
async function initialQpos(xml: string): Promise<Float64Array> {
  const task = getTask('stack');
  const loaded = await loadMjcf(xml, 'bench');
  const { mujoco, model, data } = loaded;
  const binding = bindTabletopScene(mujoco, model, task.layout, 1);
  binding.applyInitialState(
    data,
    task.sampleInitialState(0, resolvePerturbation({ distractorCount: 1 })),
  );
  const qpos = float64View(data.qpos, 'qpos').slice();
  loaded.dispose();
  return qpos;
}

async function wasmStepsPerSecond(
  xml: string,
  qpos0: Float64Array,
): Promise<{ rate: number; qpos: Float64Array }> {
  const loaded = await loadMjcf(xml, 'bench');
  const { mujoco, model, data } = loaded;
  float64View(data.qpos, 'qpos').set(qpos0);
  float64View(data.ctrl, 'ctrl').set(qpos0.subarray(0, model.nu));
  for (let step = 0; step < warmupSteps; step += 1) mujoco.mj_step(model, data);
  const startedAt = performance.now();
  for (let step = 0; step < benchSteps; step += 1) mujoco.mj_step(model, data);
  const rate = benchSteps / ((performance.now() - startedAt) / 1000);
  const qpos = float64View(data.qpos, 'qpos').slice();
  loaded.dispose();
  return { rate, qpos };
}

const nativeProgram = `
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <mujoco/mujoco.h>
int main(int argc, char** argv) {
  char error[1000];
  mjModel* m = mj_loadXML(argv[1], NULL, error, sizeof error);
  if (!m) { fprintf(stderr, "%s\\n", error); return 1; }
  mjData* d = mj_makeData(m);
  FILE* f = fopen(argv[2], "rb");
  if (fread(d->qpos, sizeof(mjtNum), m->nq, f) != (size_t)m->nq) return 2;
  fclose(f);
  for (int i = 0; i < m->nu; i++) d->ctrl[i] = d->qpos[i];
  int warmup = atoi(argv[3]), steps = atoi(argv[4]);
  for (int i = 0; i < warmup; i++) mj_step(m, d);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < steps; i++) mj_step(m, d);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double seconds = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  printf("%f\\n", steps / seconds);
  for (int i = 0; i < m->nq; i++) printf("%.17g\\n", d->qpos[i]);
  printf("%s\\n", mj_versionString());
  return 0;
}
`;

function nativeStepsPerSecond(
  xml: string,
  qpos0: Float64Array,
): { rate: number; qpos: number[]; version: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-mujoco-bench-'));
  try {
    fs.writeFileSync(path.join(dir, 'scene.xml'), xml);
    fs.writeFileSync(
      path.join(dir, 'qpos.bin'),
      Buffer.from(qpos0.buffer, qpos0.byteOffset, qpos0.byteLength),
    );
    fs.writeFileSync(path.join(dir, 'step.c'), nativeProgram);
    execFileSync(
      'cc',
      ['-O2', '-o', path.join(dir, 'step'), path.join(dir, 'step.c'), '-lmujoco'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const output = execFileSync(
      path.join(dir, 'step'),
      [
        path.join(dir, 'scene.xml'),
        path.join(dir, 'qpos.bin'),
        String(warmupSteps),
        String(benchSteps),
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    const version = output.pop() ?? '?';
    const [rate = '0', ...qpos] = output;
    return { rate: Number(rate), qpos: qpos.map(Number), version };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function stepRateComparison(): Promise<void> {
  const xml = benchmarkXml();
  const qpos0 = await initialQpos(xml);
  const wasm = await wasmStepsPerSecond(xml, qpos0);
  console.log(
    `mujoco-js: ${Math.round(wasm.rate).toLocaleString('en')} steps/s (stack scene, ${benchSteps} steps)`,
  );
  if (!fs.existsSync(nativeHeader)) {
    console.log(
      'native MuJoCo: libmujoco-dev is not installed (apt-get install -y libmujoco-dev); skipping the native comparison',
    );
    return;
  }
  let native: ReturnType<typeof nativeStepsPerSecond>;
  try {
    native = nativeStepsPerSecond(xml, qpos0);
  } catch (error) {
    console.log(
      `native MuJoCo: could not build or run the C benchmark: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  console.log(
    `native MuJoCo ${native.version}: ${Math.round(native.rate).toLocaleString('en')} steps/s`,
  );
  console.log(`ratio wasm/native: ${(wasm.rate / native.rate).toFixed(2)} (target ≥ 0.85)`);
  const largestDifference = native.qpos.reduce(
    (largest, value, index) =>
      Math.max(largest, Math.abs(value - (wasm.qpos[index] ?? Number.NaN))),
    0,
  );
  console.log(
    largestDifference === 0
      ? `qpos after ${warmupSteps + benchSteps} steps: identical`
      : `qpos after ${warmupSteps + benchSteps} steps: largest difference ${largestDifference.toExponential(2)} (MuJoCo ${native.version} vs the WASM build)`,
  );
}

async function rolloutRates(): Promise<void> {
  for (const { name } of listTasks()) {
    await runEpisode({ task: name, seed: 0, policy: 'expert' });
    let steps = 0;
    const startedAt = performance.now();
    for (let seed = 1; seed <= rolloutsPerTask; seed += 1) {
      steps += (await runEpisode({ task: name, seed, policy: 'expert' })).steps;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(
      `${name.padEnd(12)} expert: ${(rolloutsPerTask / seconds).toFixed(1)} rollouts/s per core, ` +
        `${((seconds / rolloutsPerTask) * 1000).toFixed(0)} ms per episode, ${Math.round(steps / rolloutsPerTask)} control steps`,
    );
  }
}

/**
 * Stack episodes driven by the expert, with the three DROID cameras rendered whenever a chunked
 * policy would be asked: render time per query against the physics time between queries (the
 * control steps a chunk runs), timed separately in the same episodes.
 */
async function renderAgainstPhysics(label: string, request: CameraRequest): Promise<void> {
  let renderMs = 0;
  let physicsMs = 0;
  let queries = 0;
  let steps = 0;
  for (const seed of renderEpisodeSeeds) {
    const expert = createBuiltinPolicy('expert');
    const episode = await startSteppedEpisode('stack', seed);
    try {
      await expert.reset(seed, {
        task: episode.task,
        instruction: episode.instruction,
        controlHz: episode.controlHz,
        actionBounds: episode.actionBounds,
      });
      while (!episode.isSuccess() && episode.steps < episode.timeLimitSteps) {
        if (episode.steps % queryEverySteps === 0) {
          const startedAt = performance.now();
          episode.renderImages(request);
          renderMs += performance.now() - startedAt;
          queries += 1;
        }
        const action = await expert.act(episode.observation());
        const startedAt = performance.now();
        episode.step(action as readonly number[], expert.actionMode ?? 'ee-delta');
        physicsMs += performance.now() - startedAt;
        steps += 1;
      }
    } finally {
      episode.close();
    }
  }
  const perQuery = renderMs / queries;
  const physicsPerQuery = physicsMs / queries;
  console.log(
    `${label}: render ${perQuery.toFixed(1)} ms per query (3 views), physics ${physicsPerQuery.toFixed(1)} ms ` +
      `per ${queryEverySteps} control steps, render/physics ${(perQuery / physicsPerQuery).toFixed(2)} ` +
      `(${queries} queries, ${steps} control steps, stack, same episodes)`,
  );
}

export default async function simBenchmark(): Promise<void> {
  await stepRateComparison();
  await rolloutRates();
  const cameras = Object.values(sceneCameraNames);
  await renderAgainstPhysics('DROID cameras 224x224', { cameras });
  await renderAgainstPhysics('DROID cameras 320x180 padded to 224', {
    cameras,
    width: 320,
    height: 180,
    resizeWithPad: 224,
  });
}
