/** A comparison offered to a judge: an opaque ticket, the task, and two anonymous replays. */
export interface JudgingTicket {
  readonly ticket: string;
  readonly instruction: string;
  readonly task: string;
  readonly replays: { readonly left: string; readonly right: string };
}

export const voteChoices = ['left', 'right', 'tie', 'both-failed'] as const;
export type VoteChoice = (typeof voteChoices)[number];

export interface Vote {
  readonly ticket: string;
  readonly choice: VoteChoice;
  readonly comment?: string;
}

/** What became of a vote: the page moves on after the first three, and stays after the rest. */
export type VoteOutcome =
  | { readonly kind: 'recorded' }
  | { readonly kind: 'repeated' }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The signed-in judge's next ticket, skipping `exclude`; null when nothing is left to judge.
 * The judge is whoever the session cookie names: the page never says who it is.
 */
export async function fetchNextTicket(
  exclude: readonly string[] = [],
): Promise<JudgingTicket | null> {
  const query = new URLSearchParams();
  if (exclude.length > 0) query.set('exclude', exclude.join(','));
  const response = await fetch(`/api/judging/next?${query.toString()}`);
  if (response.status === 204) return null;
  if (response.status === 401 || response.status === 403)
    throw new Error('sign in as a judge first: open the invitation link you were given');
  if (!response.ok)
    throw new Error(`the server answered ${response.status} for the next comparison`);
  return checkTicket(await response.json());
}

export async function postVote(vote: Vote): Promise<VoteOutcome> {
  let response: Response;
  try {
    response = await fetch('/api/judging/votes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(vote),
    });
  } catch {
    return { kind: 'failed', message: 'the vote could not be sent (network); please try again' };
  }
  if (response.status === 201) return { kind: 'recorded' };
  if (response.status === 200) return { kind: 'repeated' };
  const message = await errorMessage(response);
  if (response.status === 409) return { kind: 'conflict', message };
  if (response.status === 400) return { kind: 'invalid', message };
  return { kind: 'failed', message: `the server answered ${response.status}: ${message}` };
}

function checkTicket(json: unknown): JudgingTicket {
  const value = json as Partial<Record<keyof JudgingTicket, unknown>> | null;
  const replays = value?.replays as Partial<Record<'left' | 'right', unknown>> | undefined;
  if (
    typeof value?.ticket !== 'string' ||
    typeof value.instruction !== 'string' ||
    typeof value.task !== 'string' ||
    typeof replays?.left !== 'string' ||
    typeof replays.right !== 'string'
  ) {
    throw new Error(
      'the server sent a comparison without ticket, instruction, task and two replays',
    );
  }
  return {
    ticket: value.ticket,
    instruction: value.instruction,
    task: value.task,
    replays: { left: replays.left, right: replays.right },
  };
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : response.statusText;
  } catch {
    return response.statusText;
  }
}
