import { z } from 'zod';
import type { ApiResponse, ApiRoute } from './api-route.ts';
import { autoHumanAgreement } from './auto-human-agreement.ts';
import { breakdownGroup } from './breakdown-group.ts';
import { campaignComparison } from './campaign-comparison.ts';
import { campaignThroughput } from './campaign-throughput.ts';
import { campaignView } from './campaign-view.ts';
import { comparisonDetail } from './comparison-detail.ts';
import { comparisonPlan } from './comparison-plan.ts';
import { comparisonSummary } from './comparison-summary.ts';
import { errorBody } from './error-body.ts';
import { healthReport } from './health-report.ts';
import { campaignJudges } from './judge-quality.ts';
import { judgingTicket } from './judging-ticket.ts';
import { policyHealth } from './policy-health.ts';
import { policyView } from './policy-view.ts';
import { ratingHistoryPoint } from './rating-history-point.ts';
import { ratingSnapshot } from './rating-snapshot.ts';
import { replayTrajectory } from './replay-trajectory.ts';
import {
  battlesQuery,
  breakdownQuery,
  campaignRequest,
  compareQuery,
  leaderboardQuery,
  nextJudgingQuery,
  planQuery,
  policyRequest,
  judgeInviteRequest,
  sessionRequest,
  stationEvaluationRequest,
  stationPath,
  stationSignalRequest,
  taskRequest,
  voteRequest,
} from './request-schemas.ts';
import { judgeInvite, sessionView } from './session-view.ts';
import { stationStatus } from './station-status.ts';
import { taskView } from './task-view.ts';
import { comparisonPath, eventsQuery, recentComparisonsQuery } from './view-queries.ts';

const named = z.object({ id: z.string(), name: z.string() });

const campaignRef = z.object({ ref: z.string().describe('The campaign id or name.') });

const ok = (description: string, schema: z.ZodType): ApiResponse => ({ description, schema });
const error = (description: string): ApiResponse => ({ description, schema: errorBody });

const badRequest = error('The request is malformed; `problems` names each field and its problem.');
const conflict = (what: string): ApiResponse => error(`Conflict: ${what}.`);
const noCampaign = error('No campaign has that id or name.');
const stationsDown = error('The server was started without a queue: stations are unavailable.');

const campaignAnswer = z.object({ campaign: campaignView });

/**
 * Every route of the JSON API and the pages around it, grouped by what a reader comes for.
 * Adding a route to the app without adding it here fails the tests.
 */
const databaseDown = error('The database does not answer; try again shortly (see /api/health).');
const tooLarge = error('The body is larger than the API accepts (1 MB).');
const unsupported = error('The body is not UTF-8 JSON (content type, charset or encoding).');
const notSignedIn = error(
  'No credential: sign in with the link `arena token create` printed, or send a bearer token.',
);
const forbidden = error(
  "This credential's role may not call this route, or a write came from a foreign Origin.",
);

/**
 * The answers every route can give besides its own: any route that reads the database answers
 * 503 while it is away, and any route that reads a body refuses what it cannot read.
 */
function withCommonAnswers(route: ApiRoute): ApiRoute {
  if (!route.path.startsWith('/api/') || route.path === '/api/health') return route;
  const common: Record<number, ApiResponse> = { 503: databaseDown };
  if (route.access !== 'public') Object.assign(common, { 401: notSignedIn, 403: forbidden });
  else if (route.method !== 'get') Object.assign(common, { 403: forbidden });
  if (route.method !== 'get')
    Object.assign(common, { 400: badRequest, 413: tooLarge, 415: unsupported });
  return { ...route, responses: { ...common, ...route.responses } };
}

const ownAnswers: readonly ApiRoute[] = [
  {
    method: 'get',
    path: '/api/health',
    tag: 'Service',
    access: 'public',
    summary: 'Whether the API, its database and Redis answer',
    responses: {
      200: ok('The API, the database and Redis answer.', healthReport),
      503: ok(
        'Degraded: the database or Redis does not answer; work waits and resumes by itself.',
        healthReport,
      ),
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Service',
    access: 'public',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: ok('The OpenAPI document.', z.record(z.string(), z.unknown())) },
  },
  {
    method: 'get',
    path: '/api/session',
    tag: 'Sign-in',
    access: 'public',
    summary: 'Who this browser or bearer is signed in as',
    responses: {
      200: ok('The role and, for evaluators and station workers, the station.', sessionView),
      401: error('Not signed in.'),
    },
  },
  {
    method: 'post',
    path: '/api/session',
    tag: 'Sign-in',
    access: 'public',
    summary: 'Trade a token for an HttpOnly, SameSite=Strict session cookie',
    body: sessionRequest,
    responses: {
      200: ok('Signed in: the cookie is set.', sessionView),
      401: error('The token is unknown or revoked.'),
      429: error('Too many sign-in attempts from this address; wait a minute.'),
    },
  },
  {
    method: 'delete',
    path: '/api/session',
    tag: 'Sign-in',
    access: 'public',
    summary: 'Sign out: the session cookie is cleared',
    responses: { 204: { description: 'Signed out.' } },
  },
  {
    method: 'post',
    path: '/api/judge-invites',
    tag: 'Sign-in',
    access: 'researcher',
    summary: 'Invite a crowd judge: a new judge token, returned once as a sign-in path',
    body: judgeInviteRequest,
    responses: { 201: ok('The invitation; the token is in the fragment.', judgeInvite) },
  },
  {
    method: 'get',
    path: '/api/policies',
    tag: 'Policies and tasks',
    access: 'researcher',
    summary: 'List registered policies and what a registration may name',
    responses: {
      200: ok(
        'Policies by name, and the built-in policies the simulator offers.',
        z.object({
          policies: z.array(policyView),
          builtins: z.array(z.string()),
          parameterisedBuiltin: z
            .string()
            .nullable()
            .describe('A built-in family taking parameters after `?`, e.g. `degraded-expert`.'),
        }),
      ),
    },
  },
  {
    method: 'post',
    path: '/api/policies',
    tag: 'Policies and tasks',
    access: 'researcher',
    summary: 'Register a policy (idempotent by name)',
    description:
      'A built-in simulator policy, or one served over the openpi websocket protocol. The same ' +
      'definition under the same name again answers 200 with the stored policy.',
    body: policyRequest,
    responses: {
      200: ok('Already registered with this definition.', z.object({ policy: policyView })),
      201: ok('Registered.', z.object({ policy: policyView })),
      400: badRequest,
      409: conflict('a different policy already has this name'),
    },
  },
  {
    method: 'get',
    path: '/api/policies/{ref}/health',
    tag: 'Policies and tasks',
    access: 'researcher',
    summary: 'Check a policy for real: one episode on the shortest task',
    params: z.object({ ref: z.string().describe('The policy id or name.') }),
    responses: {
      200: ok('The outcome of the check.', z.object({ policy: named, health: policyHealth })),
      404: error('No policy has that id or name.'),
    },
  },
  {
    method: 'get',
    path: '/api/tasks',
    tag: 'Policies and tasks',
    access: 'researcher',
    summary: "List registered tasks and the simulator's tasks",
    responses: {
      200: ok(
        'Registered tasks, and every task of the simulator with its default instruction.',
        z.object({
          tasks: z.array(taskView),
          simTasks: z.array(z.object({ name: z.string(), instruction: z.string() })),
        }),
      ),
    },
  },
  {
    method: 'post',
    path: '/api/tasks',
    tag: 'Policies and tasks',
    access: 'researcher',
    summary: 'Register a task (idempotent by name)',
    body: taskRequest,
    responses: {
      200: ok('Already registered with this definition.', z.object({ task: taskView })),
      201: ok('Registered.', z.object({ task: taskView })),
      400: badRequest,
      409: conflict('a different task already has this name'),
    },
  },
  {
    method: 'get',
    path: '/api/campaigns',
    tag: 'Campaigns',
    access: 'researcher',
    summary: 'List campaigns, newest first',
    responses: { 200: ok('Every campaign.', z.object({ campaigns: z.array(campaignView) })) },
  },
  {
    method: 'post',
    path: '/api/campaigns',
    tag: 'Campaigns',
    access: 'researcher',
    summary: 'Create a campaign (idempotent by name), and start it if asked',
    body: campaignRequest,
    responses: {
      200: ok('Already created with this definition.', campaignAnswer),
      201: ok('Created.', campaignAnswer),
      400: badRequest,
      409: conflict('a different campaign already has this name'),
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}',
    tag: 'Campaigns',
    access: 'researcher',
    summary: 'One campaign and its progress',
    params: campaignRef,
    responses: { 200: ok('The campaign.', campaignAnswer), 404: noCampaign },
  },
  ...(['start', 'pause', 'cancel'] as const).map((action): ApiRoute => ({
    method: 'post',
    path: `/api/campaigns/{ref}/${action}`,
    tag: 'Campaigns',
    access: 'researcher',
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} a campaign`,
    params: campaignRef,
    responses: {
      200: ok('The campaign after the change.', campaignAnswer),
      404: noCampaign,
      409: conflict(`the campaign's status does not allow it to ${action}`),
    },
  })),
  {
    method: 'get',
    path: '/api/campaigns/{ref}/progress',
    tag: 'Campaigns',
    access: 'researcher',
    summary: 'Progress with throughput and an ETA',
    params: campaignRef,
    responses: {
      200: ok('The progress.', z.object({ progress: campaignThroughput })),
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/comparisons',
    tag: 'Campaigns',
    access: 'researcher',
    summary: "The campaign's latest comparisons",
    params: campaignRef,
    query: recentComparisonsQuery,
    responses: {
      200: ok(
        'Finished comparisons first, by completion, then queued ones.',
        z.object({ comparisons: z.array(comparisonSummary) }),
      ),
      400: badRequest,
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/leaderboard',
    tag: 'Rankings',
    access: 'researcher',
    summary: 'The published leaderboard (Bradley-Terry with ties, 95% intervals)',
    params: campaignRef,
    query: leaderboardQuery,
    responses: {
      200: ok(
        'The latest rating snapshot; null before the first fit. With judges=trusted, a fit ' +
          "made for this request without flagged judges' votes.",
        z.object({ campaign: named, snapshot: ratingSnapshot.nullable() }),
      ),
      400: badRequest,
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/judges',
    tag: 'Rankings',
    access: 'researcher',
    summary: "Each judge's agreement with the automatic outcome, and anomalous judges flagged",
    params: campaignRef,
    responses: {
      200: ok(
        'One entry per human judge, by judge key. A judge is flagged when their agreement is ' +
          "improbably low given the other judges' pooled agreement (one-sided binomial test, " +
          'Holm-corrected across judges).',
        campaignJudges,
      ),
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/history',
    tag: 'Rankings',
    access: 'researcher',
    summary: 'How the ratings moved as judgements came in',
    params: campaignRef,
    responses: {
      200: ok(
        'At most 100 points, evenly thinned, first and latest kept.',
        z.object({ campaign: named, points: z.array(ratingHistoryPoint) }),
      ),
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/battles',
    tag: 'Rankings',
    access: 'researcher',
    summary: "Every judgement as a Chatbot Arena battle, as 'arena export' writes it",
    params: campaignRef,
    query: battlesQuery,
    responses: {
      200: {
        description:
          'JSON Lines (application/x-ndjson) or CSV (text/csv) with columns model_a, model_b, ' +
          'winner (model_a, model_b, tie or "tie (bothbad)"), task, judge, comparison_id, source.',
        contentType: 'application/x-ndjson',
      },
      400: badRequest,
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/breakdown',
    tag: 'Rankings',
    access: 'researcher',
    summary: 'One leaderboard per task, judgement source, judge or perturbation value',
    params: campaignRef,
    query: breakdownQuery,
    responses: {
      200: ok(
        'One group per value; ratings compare only within a group.',
        z.object({ by: z.string(), groups: z.array(breakdownGroup) }),
      ),
      400: badRequest,
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/agreement',
    tag: 'Rankings',
    access: 'researcher',
    summary: 'How often the automatic outcome agrees with human judgements',
    params: campaignRef,
    responses: {
      200: ok('The agreement rates.', z.object({ agreement: autoHumanAgreement })),
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{ref}/plan',
    tag: 'Rankings',
    access: 'researcher',
    summary: 'Further comparisons needed to separate two policies',
    params: campaignRef,
    query: planQuery,
    responses: {
      200: ok('The plan.', z.object({ plan: comparisonPlan })),
      400: badRequest,
      404: noCampaign,
    },
  },
  {
    method: 'get',
    path: '/api/compare',
    tag: 'Rankings',
    access: 'researcher',
    summary: "How well a simulated campaign's ranking predicts a real-robot campaign's",
    query: compareQuery,
    responses: {
      200: ok('Correlations and rank violation.', z.object({ comparison: campaignComparison })),
      400: badRequest,
      404: noCampaign,
      409: conflict('a campaign has no ratings yet, or they share fewer than two policies'),
    },
  },
  {
    method: 'get',
    path: '/api/comparisons/{id}',
    tag: 'Comparisons and replays',
    access: 'researcher',
    summary: 'One comparison in full: policies, episode metrics, every judgement',
    params: comparisonPath,
    responses: {
      200: ok('The comparison.', z.object({ comparison: comparisonDetail })),
      400: badRequest,
      404: error('No comparison has that id.'),
    },
  },
  {
    method: 'get',
    path: '/api/episodes/{id}/trajectory',
    tag: 'Comparisons and replays',
    access: 'researcher',
    summary: "An episode's replay",
    params: z.object({ id: z.string().describe('`<comparison id>-A` or `<comparison id>-B`.') }),
    responses: {
      200: ok('The recorded trajectory.', replayTrajectory),
      404: error('No such episode, or it recorded no trajectory.'),
    },
  },
  {
    method: 'get',
    path: '/api/episodes/{id}/mcap',
    tag: 'Comparisons and replays',
    access: 'researcher',
    summary: 'An episode as an MCAP file for Foxglove',
    description:
      'JSON-encoded messages: /tf (foxglove.FrameTransforms, every body in the world frame) ' +
      'for a simulated episode; /joint_states, /joint_commands and /camera/<name> ' +
      '(foxglove.CompressedImage) for a station recording, as far as it has them.',
    params: z.object({ id: z.string().describe('`<comparison id>-A` or `<comparison id>-B`.') }),
    responses: {
      200: { description: 'The MCAP file.', contentType: 'application/octet-stream' },
      404: error('No such episode, or it recorded nothing.'),
    },
  },
  {
    method: 'get',
    path: '/api/episodes/{id}/mp4',
    tag: 'Comparisons and replays',
    access: 'researcher',
    summary: "A simulated episode's replay as an MP4 video",
    description:
      "H.264 (libx264), 640x480 at the recorded frame rate, from the judging page's default " +
      'viewpoint; rendered in a worker thread and encoded by ffmpeg.',
    params: z.object({ id: z.string().describe('`<comparison id>-A` or `<comparison id>-B`.') }),
    responses: {
      200: { description: 'The video.', contentType: 'video/mp4' },
      404: error('No such episode, or it recorded nothing.'),
      409: conflict('the episode was recorded at a station and has no scene to render'),
    },
  },
  {
    method: 'get',
    path: '/api/events',
    tag: 'Comparisons and replays',
    access: 'researcher',
    summary: 'Server-sent events saying when a dashboard should refetch',
    query: eventsQuery,
    responses: {
      200: {
        description: 'A stream of `event: <type>` / `data: <json>` messages, with heartbeats.',
        contentType: 'text/event-stream',
      },
      400: badRequest,
    },
  },
  {
    method: 'get',
    path: '/api/judging/next',
    tag: 'Crowd judging',
    access: 'judge',
    summary: 'The next comparison for a judge',
    query: nextJudgingQuery,
    responses: {
      200: ok('A ticket and its two anonymous replays.', judgingTicket),
      204: { description: 'Nothing is left for this judge to judge.' },
      400: badRequest,
    },
  },
  {
    method: 'get',
    path: '/api/judging/replays/{ticket}/{view}',
    tag: 'Crowd judging',
    access: 'judge',
    summary: 'One of the two replays a ticket shows',
    params: z.object({
      ticket: z.string(),
      view: z.enum(['left', 'right']),
    }),
    responses: {
      200: ok('The recorded trajectory.', replayTrajectory),
      400: badRequest,
      404: error('No such ticket, or its episode recorded no trajectory.'),
    },
  },
  {
    method: 'post',
    path: '/api/judging/votes',
    tag: 'Crowd judging',
    access: 'judge',
    summary: "Record a judge's vote (idempotent)",
    body: voteRequest,
    responses: {
      200: ok('The same vote was already recorded.', z.object({ recorded: z.literal(false) })),
      201: ok('Recorded.', z.object({ recorded: z.literal(true) })),
      400: badRequest,
      404: error('No such ticket.'),
      409: conflict('the comparison is not finished, or this judge voted differently'),
      429: error('Too many votes from this judge or this address in a short time.'),
    },
  },
  {
    method: 'get',
    path: '/api/stations',
    tag: 'Real-robot stations',
    access: 'station',
    summary: 'Stations named by any campaign',
    responses: { 200: ok('Station names.', z.object({ stations: z.array(z.string()) })) },
  },
  {
    method: 'get',
    path: '/api/stations/{station}',
    tag: 'Real-robot stations',
    access: 'station',
    summary: 'What a station is doing, for its evaluator',
    params: stationPath,
    responses: {
      200: ok('The comparison in hand, if any, and how many wait.', stationStatus),
      400: badRequest,
      503: stationsDown,
    },
  },
  {
    method: 'post',
    path: '/api/stations/{station}/signals',
    tag: 'Real-robot stations',
    access: 'station',
    summary: "Pass the evaluator's start or stop to the station",
    params: stationPath,
    body: stationSignalRequest,
    responses: {
      200: ok('The station had already acted on it.', z.object({ applied: z.literal(false) })),
      202: ok('Passed on.', z.object({ applied: z.literal(true) })),
      400: badRequest,
      409: conflict('the station is not running this comparison, or not in that phase'),
      503: stationsDown,
    },
  },
  {
    method: 'post',
    path: '/api/stations/{station}/evaluations',
    tag: 'Real-robot stations',
    access: 'station',
    summary: "Hand the evaluator's scores to the station, once",
    params: stationPath,
    body: stationEvaluationRequest,
    responses: {
      200: ok('The same scores were already accepted.', z.object({ accepted: z.literal(false) })),
      202: ok(
        'Accepted; the comparison is recorded when the station reports.',
        z.object({ accepted: z.literal(true) }),
      ),
      400: badRequest,
      409: conflict('not in the evaluation phase, or already scored differently'),
      503: stationsDown,
    },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'Administration',
    // Outside /api: guarded by its own rule (loopback, or the metrics token), not by roles.
    access: 'public',
    summary: 'Prometheus metrics (loopback, or a bearer token ARENA_METRICS_TOKEN)',
    description:
      'Queue depths by state, rollouts and comparisons by outcome, rollout and refit durations, ' +
      'HTTP latency by route and judges active, in the Prometheus text format. A direct ' +
      'connection from loopback needs no token; anything else, including what a proxy ' +
      'forwards, needs `Authorization: Bearer <ARENA_METRICS_TOKEN>`.',
    responses: {
      200: { description: 'The metrics.', contentType: 'text/plain' },
      401: error('The metrics token is required (WWW-Authenticate: Bearer).'),
      403: error('Not from loopback, and no metrics token is configured.'),
    },
  },
  {
    method: 'get',
    path: '/admin/queues',
    tag: 'Administration',
    access: 'researcher',
    summary: 'The BullMQ queue dashboard (HTTP Basic, password ARENA_ADMIN_PASSWORD)',
    description:
      'A mounted bull-board application: its pages and its own JSON API live under this path.',
    responses: {
      200: { description: 'The dashboard page.', contentType: 'text/html' },
      401: { description: 'The admin password is required.', contentType: 'text/plain' },
      403: { description: 'No admin password is configured.', contentType: 'text/plain' },
    },
  },
] satisfies ApiRoute[];

export const apiRoutes: readonly ApiRoute[] = ownAnswers.map(withCommonAnswers);
