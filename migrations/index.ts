import type { Migration } from 'kysely';
import * as initialSchema from './2026-11-26T1200-initial-schema.ts';
import * as episodeMetricsAndPerturbations from './2026-11-26T1300-episode-metrics-and-perturbations.ts';
import * as crowdJudging from './2026-11-26T1400-crowd-judging.ts';
import * as remotePoliciesAndStations from './2026-11-26T1500-remote-policies-and-stations.ts';
import * as artifactStore from './2026-12-05T1230-artifact-store.ts';
import * as deploymentIdentity from './2026-12-05T1231-deployment-identity.ts';
import * as resilience from './2026-12-05T1240-resilience.ts';
import * as judgingTickets from './2026-12-06T0310-judging-tickets-and-credentials.ts';
import * as stationControlRate from './2026-12-06T0320-station-control-rate.ts';
import * as campaignRequestId from './2026-12-06T0330-campaign-request-id.ts';

/** Every migration in order of its dated name; kysely applies them by name. */
export const migrations: Record<string, Migration> = {
  '2026-11-26T1200-initial-schema': initialSchema,
  '2026-11-26T1300-episode-metrics-and-perturbations': episodeMetricsAndPerturbations,
  '2026-11-26T1400-crowd-judging': crowdJudging,
  '2026-11-26T1500-remote-policies-and-stations': remotePoliciesAndStations,
  '2026-12-05T1230-artifact-store': artifactStore,
  '2026-12-05T1231-deployment-identity': deploymentIdentity,
  '2026-12-05T1240-resilience': resilience,
  '2026-12-06T0310-judging-tickets-and-credentials': judgingTickets,
  '2026-12-06T0320-station-control-rate': stationControlRate,
  '2026-12-06T0330-campaign-request-id': campaignRequestId,
};
