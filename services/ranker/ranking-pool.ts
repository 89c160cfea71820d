import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { siblingModule } from '../../runtime/sibling-module.ts';
import type { RankingResult, RankingTask } from './ranking-task.ts';
import type { RankingReply, RankingRequest } from './ranking-thread.ts';

const threadBootstrap = siblingModule(import.meta.url, './ranking-thread').threadSource;

/** Two threads on most machines: fits never take every core from the rollouts beside them. */
export const defaultRankingThreads = Math.max(1, Math.min(2, os.availableParallelism() - 1));

interface Pending {
  task: RankingTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  busy: { id: number; pending: Pending } | null;
}

/**
 * A small pool of worker threads running the ranking library (pure: judgements in, numbers
 * out), so a 1000-round bootstrap or a breakdown over hundreds of judges never stalls the API,
 * the scheduler or the comparison processor sharing the services' event loop. Tasks queue in
 * order; a thread that dies fails its task and is replaced. Threads are unref'd: an idle pool
 * does not keep the process alive.
 */
export class RankingPool {
  private readonly threads: Thread[] = [];
  private readonly queue: { id: number; pending: Pending }[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size = defaultRankingThreads) {}

  run<K extends RankingTask['kind']>(
    task: Extract<RankingTask, { kind: K }>,
  ): Promise<RankingResult<K>> {
    if (this.closed) return Promise.reject(new Error('the ranking pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        pending: { task, resolve: resolve as (value: unknown) => void, reject },
      });
      this.dispatch();
    });
  }

  /** Starts every thread now, so the first fit does not wait for a thread to boot. */
  warm(): void {
    while (!this.closed && this.spawn() !== null);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { pending } of this.queue.splice(0))
      pending.reject(new Error('the ranking pool closed'));
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = this.threads.find((t) => t.busy === null) ?? this.spawn();
      if (thread === null) return;
      const next = this.queue.shift()!;
      thread.busy = next;
      thread.worker.ref();
      thread.worker.postMessage({ id: next.id, task: next.pending.task } satisfies RankingRequest);
    }
  }

  private spawn(): Thread | null {
    if (this.threads.length >= this.size) return null;
    const worker = new Worker(threadBootstrap, { eval: true });
    const thread: Thread = { worker, busy: null };
    worker.unref();
    worker.on('message', (reply: RankingReply) => {
      const busy = thread.busy;
      if (busy === null || busy.id !== reply.id) return;
      thread.busy = null;
      worker.unref();
      if (reply.ok) busy.pending.resolve(reply.result);
      else
        busy.pending.reject(
          Object.assign(new Error(reply.error.message), { name: reply.error.name }),
        );
      this.dispatch();
    });
    const fail = (error: Error): void => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      thread.busy?.pending.reject(error);
      thread.busy = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`ranking thread exited with code ${code}`)));
    this.threads.push(thread);
    return thread;
  }
}

let shared: RankingPool | null = null;

/** The process's ranking pool, created on first use. */
export function sharedRankingPool(): RankingPool {
  shared ??= new RankingPool();
  return shared;
}
