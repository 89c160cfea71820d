import type { KeepJobs } from 'bullmq';

/**
 * What Redis keeps of finished work. Redis holds what is in flight: rows, trajectories and
 * judgements live in the database, so a finished job is worth keeping only to be looked at on the
 * queue dashboard. Redis runs `noeviction`, so anything kept per comparison without a bound would
 * one day stop every queue.
 */

/**
 * Completed jobs kept per queue, newest first. A completed rollout's return value also lives in
 * its comparison's job until that job is removed in turn.
 */
export const keepCompletedJobs: KeepJobs = { count: 20 };

/**
 * Failed jobs kept per queue: long enough for the scheduler's reconcile pass to see a comparison
 * that failed for good (it runs every 30 s), bounded in number should a campaign fail in bulk.
 */
export const keepFailedJobs: KeepJobs = { age: 24 * 3600, count: 500 };

/**
 * Entries of each queue's event stream (BullMQ's default is 10,000). Nothing here reads old
 * events. BullMQ trims approximately, so a stream may hold about a hundred more.
 */
export const queueEventsMaxLen = 200;
