import type { Kysely } from 'kysely';
import type { ArtifactStore } from '../artifacts/artifact-store.ts';
import type { Database } from '../db/schema.ts';
import { episodeTrajectoryJson } from '../episodes/episode-trajectory.ts';
import { NotFoundError } from '../errors.ts';
import { crowdJudgeKey } from './crowd-judge.ts';
import { episodeShownOn, ticketOf, type View } from './judging-ticket.ts';

/**
 * What a judge's replay holds: the scene and the motion, nothing else. The stored trajectory's
 * initial-state seed and resolved perturbation are the same on both sides but identify the
 * comparison (its seed and grid point follow from the campaign's), so they stay on the server.
 */
const replayFields = [
  'task',
  'frameHz',
  'bodyNames',
  'geoms',
  'visuals',
  'frameCount',
  'timesS',
  'bodyPositions',
  'bodyQuaternions',
] as const;

/** The replay shown on one side of a judge's open ticket, serialised. */
export async function judgingReplay(
  db: Kysely<Database>,
  artifacts: ArtifactStore,
  judge: string,
  ticketId: string,
  view: View,
): Promise<string> {
  const ticket = await ticketOf(db, crowdJudgeKey(judge), ticketId);
  if (ticket.usedAt !== null) throw new NotFoundError('open judging ticket', ticketId);
  const side = episodeShownOn(ticket, view);
  let trajectory: Record<string, unknown>;
  try {
    trajectory = await episodeTrajectoryJson(db, artifacts, `${ticket.comparisonId}-${side}`);
  } catch (error) {
    // The episode's own error names its id; the judge hears only of their ticket.
    if (error instanceof NotFoundError) throw new NotFoundError('replay of ticket', ticketId);
    throw error;
  }
  return JSON.stringify(Object.fromEntries(replayFields.map((f) => [f, trajectory[f]])));
}
