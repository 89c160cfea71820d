import { z } from 'zod';

/** A comparison offered to a crowd judge: an opaque ticket, the task, and two anonymous replays. */
export const judgingTicket = z.object({
  ticket: z.string().describe('Opaque: it names neither policy.'),
  instruction: z.string(),
  task: z.string(),
  replays: z
    .object({ left: z.string(), right: z.string() })
    .describe('URLs of the two replays; which episode each shows is decided per judge.'),
});
export type JudgingTicket = z.infer<typeof judgingTicket>;
