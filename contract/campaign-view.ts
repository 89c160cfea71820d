import { z } from 'zod';
import { campaignStatus, judgementSource, pairingStrategy, policyErrorRule } from './literals.ts';

export const campaignProgress = z.object({
  budget: z.number(),
  completed: z.number(),
  inFlight: z.number(),
  failed: z.number(),
  fraction: z.number().describe('completed / budget, in [0, 1].'),
});
export type CampaignProgress = z.infer<typeof campaignProgress>;

const named = z.object({ id: z.string(), name: z.string() });

/** A campaign as the API shows it: its definition and its progress. */
export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  status: campaignStatus,
  pairing: pairingStrategy,
  maxInFlight: z.number(),
  seed: z.number(),
  policies: z.array(named),
  tasks: z.array(named),
  judgementSources: z.array(judgementSource),
  stations: z
    .array(z.string())
    .describe('Real-robot stations running its comparisons; empty for a simulated campaign.'),
  stationEpisodeS: z
    .number()
    .nullable()
    .describe('Longest episode a station runs, seconds; null for a simulated campaign.'),
  progress: campaignProgress,
  policyErrors: policyErrorRule.describe(
    "What an episode ended by its policy's own error counts as: a loss, or not counted.",
  ),
  schedulingError: z
    .string()
    .nullable()
    .describe(
      'Why the scheduler could not supply the campaign on its last attempt; null when it could.',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CampaignView = z.infer<typeof campaignView>;
