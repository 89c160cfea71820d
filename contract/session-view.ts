import { z } from 'zod';
import { apiRole } from './literals.ts';

/** Who the browser is signed in as; pages use it to say what to do, never to decide access. */
export const sessionView = z.object({
  role: apiRole,
  station: z.string().nullable(),
});
export type SessionView = z.infer<typeof sessionView>;

/** A judge invitation: the sign-in path carries the token in its fragment (never sent to servers). */
export const judgeInvite = z.object({
  tokenId: z.string(),
  loginPath: z.string(),
});
export type JudgeInvite = z.infer<typeof judgeInvite>;
