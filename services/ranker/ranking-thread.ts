// Entry point of a ranking worker thread: runs one RankingTask per message, off the services'
// event loop.
import { parentPort } from 'node:worker_threads';
import { runRankingTask, type RankingTask } from './ranking-task.ts';

export interface RankingRequest {
  id: number;
  task: RankingTask;
}

export type RankingReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

const port = parentPort;
if (port === null) throw new Error('ranking-thread.ts runs as a worker thread only');
port.on('message', ({ id, task }: RankingRequest) => {
  let reply: RankingReply;
  try {
    reply = { id, ok: true, result: runRankingTask(task) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    reply = { id, ok: false, error: { name, message } };
  }
  port.postMessage(reply);
});
