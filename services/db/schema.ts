import type { Generated, Selectable } from 'kysely';
import type {
  CampaignStatus,
  ComparisonStatus,
  EpisodeSide,
  JudgementOutcome,
  JudgementSource,
  PairingStrategy,
  PolicyErrorRule,
  PolicyKind,
  ApiRole,
} from '../../contract/literals.ts';

/** Row types of the tables created in migrations/; kysely checks every query against them. */
export interface Database {
  policies: PolicyTable;
  tasks: TaskTable;
  campaigns: CampaignTable;
  campaign_policies: { campaign_id: string; policy_id: string };
  campaign_tasks: CampaignTaskTable;
  campaign_judgement_sources: { campaign_id: string; source: JudgementSource };
  campaign_stations: { campaign_id: string; station: string };
  comparisons: ComparisonTable;
  episodes: EpisodeTable;
  judgements: JudgementTable;
  rating_snapshots: RatingSnapshotTable;
  policy_handles: PolicyHandleTable;
  artifacts: ArtifactTable;
  deployment: DeploymentTable;
  judging_tickets: JudgingTicketTable;
  api_tokens: ApiTokenTable;
  server_secrets: ServerSecretTable;
}

// The literals are the contract's: the database stores the words every side uses.
export type {
  CampaignStatus,
  ComparisonStatus,
  EpisodeSide,
  JudgementOutcome,
  JudgementSource,
  PairingStrategy,
  PolicyErrorRule,
  PolicyKind,
};

export interface PolicyTable {
  id: string;
  name: string;
  kind: PolicyKind;
  /**
   * JSON: for a builtin policy `{ "builtin": "expert" }`; for an openpi policy its
   * RemotePolicySpec (url, optional apiKey, observation layout, action columns).
   */
  config: string;
  /** While set, a remote policy's server cannot be reached and the scheduler leaves it out. */
  unreachable_since: Generated<string | null>;
  unreachable_reason: Generated<string | null>;
  created_at: string;
}

export interface TaskTable {
  id: string;
  name: string;
  /** Name of the task in the sim/ task catalog. */
  sim_task: string;
  instruction: string;
  created_at: string;
}

export interface CampaignTable {
  id: string;
  name: string;
  status: CampaignStatus;
  /** Number of completed comparisons the campaign aims for. */
  budget: number;
  max_in_flight: number;
  pairing: PairingStrategy;
  /** Seeds the pairing and the initial states, so a campaign can be re-run exactly. */
  seed: number;
  /** Longest episode a station runs for this campaign, seconds; null for simulated campaigns. */
  station_episode_s: number | null;
  /** The last error the scheduler met supplying this campaign; null once supplying succeeds. */
  scheduling_error: Generated<string | null>;
  /** What an episode ended by the policy's own error counts as. */
  policy_errors: Generated<PolicyErrorRule>;
  /**
   * X-Request-Id of the API request that last created or started the campaign; its comparison
   * jobs carry it, so their log lines can be traced back to that request. Null before it was kept.
   */
  request_id: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface CampaignTaskTable {
  campaign_id: string;
  task_id: string;
  /** JSON: the perturbation sweep (axes → values) this task runs under; null means none. */
  perturbations: string | null;
}

export interface ComparisonTable {
  id: string;
  campaign_id: string;
  /** 0-based position in the campaign; unique, so a retried scheduling step cannot add a row. */
  ordinal: number;
  task_id: string;
  seed: number;
  policy_a_id: string;
  policy_b_id: string;
  /** JSON: the perturbation this comparison ran under (both episodes); null means none. */
  perturbation: string | null;
  status: ComparisonStatus;
  /** The real-robot station that ran it; null for a simulated comparison. */
  station: string | null;
  error: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface EpisodeTable {
  id: string;
  comparison_id: string;
  side: EpisodeSide;
  policy_id: string;
  /** 0 or 1: SQLite has no boolean. */
  success: number;
  progress: number;
  steps: number;
  duration_ms: number;
  error: string | null;
  /** Why the episode ended (sim/ EpisodeTermination); null for robot and older episodes. */
  termination: Generated<string | null>;
  /** Key of the compressed trajectory in the artifact store. */
  trajectory_ref: string | null;
  time_to_success_ms: number | null;
  /** End-effector path length, metres. */
  path_length_m: number | null;
  /** Peak contact force on the robot during the episode, newtons. */
  peak_contact_force_n: number | null;
  /** A station episode's control rate aimed for and achieved, Hz; null in simulation. */
  target_hz: Generated<number | null>;
  achieved_hz: Generated<number | null>;
  /** A station episode's control periods in which no command went out; null in simulation. */
  dropped_frames: Generated<number | null>;
  created_at: string;
}

export interface JudgementTable {
  id: string;
  comparison_id: string;
  source: JudgementSource;
  judge: string;
  outcome: JudgementOutcome;
  /** Free text from a human judge; null for automatic judgements. */
  comment: string | null;
  /** 1 when a human judged "both failed": a tie for the ranking, kept apart for exports. */
  both_failed: Generated<number>;
  /** An evaluator's progress scores (0-100) of episodes A and B; null for other judgements. */
  progress_a: number | null;
  progress_b: number | null;
  created_at: string;
}

export interface PolicyHandleTable {
  /** Random and unguessable: it is all a station learns about the policy it runs. */
  token: string;
  comparison_id: string;
  side: EpisodeSide;
  created_at: string;
}

/** Episode artifacts (encoded trajectories), addressed by the key episodes store. */
export interface ArtifactTable {
  key: string;
  /** bytea on PostgreSQL, blob on SQLite; both drivers return a Buffer. */
  bytes: Uint8Array;
  byte_length: number;
  created_at: string;
}

/** One row: the identity this database's deployment records beside its queues in Redis. */
export interface DeploymentTable {
  /** Always 1: the table holds one row. */
  slot: number;
  id: string;
  created_at: string;
}

export interface RatingSnapshotTable {
  id: string;
  campaign_id: string;
  created_at: string;
  judgement_count: number;
  /** JSON: the leaderboard rows with their intervals. */
  ratings: string;
}

export type Policy = Selectable<PolicyTable>;
export type Task = Selectable<TaskTable>;
export type Campaign = Selectable<CampaignTable>;
export type Comparison = Selectable<ComparisonTable>;

/** A comparison offered to one crowd judge; `left_side` is the episode shown on the left. */
export interface JudgingTicketTable {
  ticket: string;
  judge: string;
  comparison_id: string;
  left_side: EpisodeSide;
  issued_at: string;
  /** When the judge's vote on it was recorded; null while it is open. */
  used_at: string | null;
}

/** A credential; the token itself is never stored, only its SHA-256. */
export interface ApiTokenTable {
  id: string;
  token_hash: string;
  role: ApiRole;
  station: string | null;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** A key the services make for themselves once (the session-cookie key), shared by replicas. */
export interface ServerSecretTable {
  name: string;
  /** base64url */
  value: string;
  created_at: string;
}
