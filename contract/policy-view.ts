import { z } from 'zod';
import { policyKind } from './literals.ts';

/** A registered policy as the API shows it; an API key is never shown, only whether there is one. */
export const policyView = z.object({
  id: z.string(),
  name: z.string(),
  kind: policyKind,
  builtin: z
    .string()
    .nullable()
    .describe('The sim/ policy a built-in names; null for a remote policy.'),
  endpoint: z
    .string()
    .nullable()
    .describe("ws:// URL of a remote policy's openpi server; null for a built-in."),
  observation: z
    .union([z.literal('arena'), z.literal('droid'), z.array(z.string())])
    .nullable()
    .describe(
      'How a remote policy\'s observations are laid out: "arena", "droid" or the openpi keys it reads.',
    ),
  hasApiKey: z.boolean().describe('Whether a remote policy is reached with an API key.'),
  createdAt: z.string(),
});
export type PolicyView = z.infer<typeof policyView>;
