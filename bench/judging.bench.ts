// Crowd votes against a running services process (`arena up --sim-workers 0`, a child process):
// 200 judges voting at once against one judge alone, with the same harness, on SQLite and on
// PostgreSQL. Each vote asks for a refit (a 1000-round bootstrap over the campaign's 2,000+
// judgements) and a breakdown by judge is requested over and over meanwhile, which is what
// used to stall the API when statistics ran on its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { registerPolicy } from '../services/catalog/policy-store.ts';
import { registerTask } from '../services/catalog/task-store.ts';
import { createCampaign } from '../services/campaigns/campaign-store.ts';
import { migrateToLatest } from '../services/db/migrate.ts';
import { openDatabase } from '../services/db/open-database.ts';
import { builtinPolicyNames, listTasks } from '../sim/index.ts';
import { createToken } from '../services/auth/api-tokens.ts';
import { quantileOfSorted } from '../services/ranking/percentile.ts';

const arena = fileURLToPath(new URL('../cli/arena.ts', import.meta.url));
const postgresAdminUrl =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const seededComparisons = 2_000;
const judges = 200;
const votesPerJudge = 20;

/** What a judge sends besides its vote: their own judge token, as a program sends it. */
function judgeHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

export default async function benchJudging(): Promise<void> {
  for (const backend of ['sqlite', 'postgres'] as const) {
    await withBackend(backend, async (databaseUrl, dataDir) => {
      await seed(databaseUrl, dataDir);
      const services = await startArenaUp(databaseUrl, dataDir);
      try {
        const tokens = await judgeTokens(databaseUrl, dataDir, judges + 1);
        const researcher = await judgeTokens(databaseUrl, dataDir, 1, 'researcher');
        const baseline = await voteLoad(services.url, tokens.slice(0, 1), researcher[0]!);
        const load = await voteLoad(services.url, tokens.slice(1), researcher[0]!, true);
        const stored = await crowdJudgements(databaseUrl, dataDir);
        const accepted = baseline.accepted + load.accepted;
        console.log(
          `${backend}: ${seededComparisons} judged comparisons, votes through ${services.url}`,
        );
        report('1 judge (baseline)', baseline);
        report(`${judges} judges at once`, load);
        console.log(
          `  p99 ratio load / baseline: ${(load.p99 / baseline.p99).toFixed(1)}x; ` +
            `breakdowns by judge served meanwhile: ${load.breakdowns}; ` +
            `stored crowd judgements ${stored} == accepted votes ${accepted}: ${stored === accepted}`,
        );
      } finally {
        await services.stop();
      }
    });
  }
}

interface LoadResult {
  votes: number;
  accepted: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  breakdowns: number;
}

function report(label: string, r: LoadResult): void {
  console.log(
    `  ${label.padEnd(22)} vote latency p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ` +
      `p99 ${r.p99.toFixed(1)} ms; ${r.votes} votes (${r.errors} errors) at ${r.perSecond.toFixed(1)} votes/s`,
  );
}

async function voteLoad(
  url: string,
  judgeTokens: readonly string[],
  researcherToken: string,
  withBreakdowns = false,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let accepted = 0;
  let errors = 0;
  let breakdowns = 0;
  let running = true;
  const judge = async (id: string): Promise<void> => {
    for (let v = 0; v < votesPerJudge; v++) {
      const next = await fetch(`${url}/api/judging/next`, {
        headers: judgeHeaders(id),
      }).catch(() => null);
      if (next === null) {
        errors += 1;
        continue;
      }
      if (next.status !== 200) {
        errors += 1;
        continue;
      }
      const { ticket } = (await next.json()) as { ticket: string };
      const started = performance.now();
      try {
        const res = await fetch(`${url}/api/judging/votes`, {
          method: 'POST',
          headers: judgeHeaders(id),
          body: JSON.stringify({ ticket, choice: v % 3 === 0 ? 'right' : 'left' }),
        });
        const body = (await res.json()) as { recorded?: boolean };
        latencies.push(performance.now() - started);
        if (res.status === 201 && body.recorded === true) accepted += 1;
        else errors += 1;
      } catch {
        errors += 1;
      }
    }
  };
  const breakdownLoop = async (): Promise<void> => {
    const campaign = 'bench-judging';
    while (running) {
      try {
        const res = await fetch(`${url}/api/campaigns/${campaign}/breakdown?by=judge`, {
          headers: { authorization: `Bearer ${researcherToken}` },
        });
        await res.arrayBuffer();
        if (res.ok) breakdowns += 1;
      } catch {
        // A connection the server closed under load: ask again.
      }
    }
  };
  const started = performance.now();
  const background = withBreakdowns ? breakdownLoop() : Promise.resolve();
  await Promise.all(judgeTokens.map((token) => judge(token)));
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await background;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    votes: latencies.length,
    accepted,
    errors,
    p50: quantileOfSorted(sorted, 0.5),
    p95: quantileOfSorted(sorted, 0.95),
    p99: quantileOfSorted(sorted, 0.99),
    perSecond: latencies.length / seconds,
    breakdowns,
  };
}

/** A campaign over the built-in policies with `seededComparisons` judged comparisons. */
async function seed(databaseUrl: string | undefined, dataDir: string): Promise<void> {
  const database = openDatabase(databaseUrl, dataDir);
  const { db } = database;
  try {
    await migrateToLatest(db);
    for (const name of builtinPolicyNames)
      await registerPolicy(db, { name, kind: 'builtin', builtin: name });
    const task = listTasks()[0]!;
    await registerTask(db, { name: task.name, simTask: task.name, instruction: task.instruction });
    const { campaignId } = await createCampaign(db, {
      name: 'bench-judging',
      policies: [...builtinPolicyNames],
      tasks: [task.name],
      budget: seededComparisons,
      maxInFlight: 1,
      pairing: 'uniform',
      seed: 1,
      judgementSources: ['auto', 'crowd'],
      start: false,
    });
    const policies = await db.selectFrom('policies').select('id').orderBy('name').execute();
    const taskId = (await db.selectFrom('tasks').select('id').executeTakeFirstOrThrow()).id;
    const now = new Date().toISOString();
    for (let first = 0; first < seededComparisons; first += 250) {
      const ordinals = Array.from(
        { length: Math.min(250, seededComparisons - first) },
        (_, i) => first + i,
      );
      const id = (o: number): string => `${campaignId}-${o}`;
      await db
        .insertInto('comparisons')
        .values(
          ordinals.map((o) => ({
            id: id(o),
            campaign_id: campaignId,
            ordinal: o,
            task_id: taskId,
            seed: o,
            policy_a_id: policies[o % policies.length]!.id,
            policy_b_id: policies[(o + 1 + (o % (policies.length - 1))) % policies.length]!.id,
            perturbation: null,
            station: null,
            status: 'completed' as const,
            error: null,
            created_at: now,
            completed_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('episodes')
        .values(
          ordinals.flatMap((o) =>
            (['A', 'B'] as const).map((side) => ({
              id: `${id(o)}-${side}`,
              comparison_id: id(o),
              side,
              policy_id:
                policies[
                  side === 'A'
                    ? o % policies.length
                    : (o + 1 + (o % (policies.length - 1))) % policies.length
                ]!.id,
              success: (o + (side === 'A' ? 0 : 1)) % 2,
              progress: 0.5,
              steps: 100,
              duration_ms: 4_000,
              error: null,
              // Never fetched: judging only needs both replays to exist.
              trajectory_ref: `bench/${id(o)}-${side}`,
              time_to_success_ms: null,
              path_length_m: null,
              peak_contact_force_n: null,
              created_at: now,
            })),
          ),
        )
        .execute();
      await db
        .insertInto('judgements')
        .values(
          ordinals.map((o) => ({
            id: `${id(o)}-auto`,
            comparison_id: id(o),
            source: 'auto' as const,
            judge: 'auto',
            outcome: (['A', 'B', 'tie'] as const)[o % 3]!,
            comment: null,
            progress_a: null,
            progress_b: null,
            created_at: now,
          })),
        )
        .execute();
    }
  } finally {
    await database.close();
  }
}

/** `count` new tokens of `role`, as `arena token create` makes them. */
async function judgeTokens(
  databaseUrl: string | undefined,
  dataDir: string,
  count: number,
  role: 'judge' | 'researcher' = 'judge',
): Promise<string[]> {
  const database = openDatabase(databaseUrl, dataDir);
  try {
    const tokens: string[] = [];
    for (let i = 0; i < count; i++)
      tokens.push((await createToken(database.db, { role, label: 'bench' })).token);
    return tokens;
  } finally {
    await database.close();
  }
}

async function crowdJudgements(databaseUrl: string | undefined, dataDir: string): Promise<number> {
  const database = openDatabase(databaseUrl, dataDir);
  try {
    const rows = await database.db
      .selectFrom('judgements')
      .select('id')
      .where('source', '=', 'crowd')
      .execute();
    return rows.length;
  } finally {
    await database.close();
  }
}

async function startArenaUp(
  databaseUrl: string | undefined,
  dataDir: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', arena, 'up', '--sim-workers', '0', '--port', '0'],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl ?? '',
        ARENA_DATA_DIR: dataDir,
        REDIS_URL: redisUrl,
        ARENA_QUEUE_PREFIX: `arena-bench-${randomUUID().slice(0, 8)}`,
        // Every bench judge votes from this one address, faster than a person: the limits
        // would measure themselves instead of the vote path.
        ARENA_VOTES_PER_JUDGE_PER_MIN: '1000000',
        ARENA_VOTES_PER_ADDRESS_PER_MIN: '1000000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /API on (http:\/\/\S+)/.exec(stderr);
      if (match !== null) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`arena up exited with ${code}: ${stderr}`)));
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`  arena up exited early (${signal ?? code})`);
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function withBackend(
  backend: 'sqlite' | 'postgres',
  fn: (databaseUrl: string | undefined, dataDir: string) => Promise<void>,
): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-bench-'));
  try {
    if (backend === 'sqlite') return await fn(undefined, dataDir);
    const name = `arena_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(postgresAdminUrl);
      url.pathname = `/${name}`;
      await fn(url.toString(), dataDir);
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
