/**
 * Public types of the ranking library. Everything here is plain data: the library is a pure
 * function from judgements to ratings and never performs I/O.
 */

/** Who won one paired comparison: policy `a`, policy `b`, or neither. */
export type Outcome = 'A' | 'B' | 'tie';

/** One pairwise preference between two policies, as recorded by a judge or a simulator. */
export interface Judgement {
  readonly a: string;
  readonly b: string;
  readonly outcome: Outcome;
  /**
   * Judgements sharing an id belong to one paired comparison (e.g. several crowd judges watching
   * the same pair of replays). The bootstrap resamples whole comparisons, so these stay together.
   * Judgements without an id are each their own comparison.
   */
  readonly comparisonId?: string;
}

/**
 * How ties enter the model. 'davidson' fits Davidson's tie parameter nu by maximum likelihood;
 * 'half' counts a tie as half a win for each side and fits plain Bradley-Terry (Chatbot Arena).
 */
export type TieModel = 'davidson' | 'half';

/**
 * Judgements aggregated per unordered pair of policies, as parallel arrays (one entry per pair
 * that has at least one judgement). `first[k] < second[k]` index into `policies`. Counts are
 * floats so that resampled or weighted data fit the same shape.
 */
export interface PairCounts {
  readonly policies: readonly string[];
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly firstWins: Float64Array;
  readonly secondWins: Float64Array;
  readonly ties: Float64Array;
}

export interface FitOptions {
  /** Default 'davidson'. */
  readonly ties?: TieModel;
  /**
   * Weight of a Gaussian prior N(0, 1/lambda) on every log-strength, in units of virtual
   * comparisons per policy: lambda = priorStrength / 4, the Fisher information of that many
   * comparisons between equal policies. Keeps unbeaten policies finite. Default 0.1; 0 gives the
   * plain maximum-likelihood estimate (which may not exist, see `converged`). In the Davidson
   * model the same prior is put on log(nu).
   */
  readonly priorStrength?: number;
  /** Policy whose rating is pinned to 1000. Default: the mean rating is 1000. */
  readonly anchor?: string;
  /** Newton iteration cap. Default 100. */
  readonly maxIterations?: number;
  /**
   * Stop once a full Newton step moves no log-strength (nor log nu) by more than this, i.e. a
   * relative change of strengths below it. Default 1e-9.
   */
  readonly tolerance?: number;
  /** Warm start: log-strengths per policy index and log(nu), e.g. from a previous fit. */
  readonly initialLogStrengths?: Float64Array;
  readonly initialLogTieParameter?: number;
}

export interface FitResult {
  readonly policies: readonly string[];
  /** Elo scale: 400·log10(strength), shifted so the mean (or the anchor) is 1000. */
  readonly ratings: Float64Array;
  /** Natural-log strengths as fitted (mean zero per connected component). */
  readonly logStrengths: Float64Array;
  /** Davidson's nu; 0 when the data hold no ties; null for the 'half' model, which has none. */
  readonly tieParameter: number | null;
  readonly logPosterior: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** True when the comparison graph has more than one connected component. */
  readonly disconnected: boolean;
  /** Policies grouped by connected component, largest first. */
  readonly components: readonly (readonly string[])[];
  readonly warnings: readonly string[];
}

export interface BootstrapOptions extends Omit<
  FitOptions,
  'initialLogStrengths' | 'initialLogTieParameter'
> {
  /** Number of resampling rounds. Default 1000. */
  readonly rounds?: number;
  /** Seed of the deterministic PRNG. Default 1. */
  readonly seed?: number;
  /** Coverage of the percentile interval. Default 0.95. */
  readonly confidence?: number;
}

export interface RatingInterval {
  readonly low: number;
  readonly high: number;
}

export interface BootstrapResult {
  /** The fit on the full data, which every round was warm-started from. */
  readonly pointEstimate: FitResult;
  /** Percentile intervals of each policy's rating, keyed by policy id. */
  readonly intervals: ReadonlyMap<string, RatingInterval>;
  readonly rounds: number;
  /** Rounds whose resample lost a policy or split the graph; their values are less meaningful. */
  readonly degenerateRounds: number;
  /** Rounds whose fit hit the iteration cap or, without a prior, had no finite estimate. */
  readonly unconvergedRounds: number;
  readonly warnings: readonly string[];
}

export interface RankOptions {
  /** Default 1000; 0 skips the bootstrap (intervals are then null). */
  readonly bootstrapRounds?: number;
  readonly seed?: number;
  readonly ties?: TieModel;
  readonly priorStrength?: number;
  readonly anchor?: string;
  readonly confidence?: number;
}

export interface LeaderboardEntry {
  readonly policy: string;
  readonly rating: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Raw counts over all judgements involving this policy. */
  readonly comparisons: number;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
}

export interface Leaderboard {
  /** Best first. */
  readonly entries: readonly LeaderboardEntry[];
  readonly tieParameter: number | null;
  readonly converged: boolean;
  readonly iterations: number;
  readonly disconnected: boolean;
  readonly components: readonly (readonly string[])[];
  readonly warnings: readonly string[];
}
