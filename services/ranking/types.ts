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
  /** Who judged (evaluator or crowd judge id); a cluster key for clustered uncertainty. */
  readonly judge?: string;
  /** The task (scene, instruction) the comparison ran on; a cluster key and a breakdown key. */
  readonly task?: string;
  /** Where the preference came from: the automatic outcome, a real-robot evaluator, or a crowd judge. */
  readonly source?: JudgementSource;
}

/** Origin of a judgement; 'evaluator' and 'crowd' are human judgements. */
export type JudgementSource = 'auto' | 'evaluator' | 'crowd';

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
  /** The resampling unit. Default 'comparison' (judgements sharing a comparisonId). */
  readonly clusterBy?: ClusterBy;
}

/**
 * How judgements group into independent units for the bootstrap and the robust covariance:
 * 'comparison' by comparisonId (a judgement without one is its own unit), 'judge' or 'task' by
 * that field, or a function returning the key. A judgement whose key is missing (undefined)
 * stays in its comparison's unit. Clustering is one-way; see clusterJudgements.
 */
export type ClusterBy<T = Judgement> =
  'comparison' | 'judge' | 'task' | ((judgement: T) => string | undefined);

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
  /** Number of resampling units (comparisons, or clusters under clusterBy). */
  readonly clusters?: number;
  /**
   * Every round's ratings, round-major (`samples[round * policies.length + i]`, policies as in
   * pointEstimate), NaN where the policy was absent from the resample: the draws behind rank
   * intervals and bootstrap predictions.
   */
  readonly samples?: Float64Array;
  /** Davidson's nu per round (0 when a resample held no ties); null under 'half'. */
  readonly tieParameterSamples?: Float64Array | null;
}

export interface RankOptions {
  /** Default 1000; 0 skips the bootstrap (intervals are then null). */
  readonly bootstrapRounds?: number;
  readonly seed?: number;
  readonly ties?: TieModel;
  readonly priorStrength?: number;
  readonly anchor?: string;
  readonly confidence?: number;
  /** Resampling unit of the bootstrap and cluster of the sandwich covariance. Default 'comparison'. */
  readonly clusterBy?: ClusterBy;
  /**
   * Analytic intervals on the entries: 'sandwich' (robust, the default), 'model' (inverse
   * Hessian, trusts the model) or 'none'.
   */
  readonly analyticIntervals?: 'sandwich' | 'model' | 'none';
  /** Attach the goodness-of-fit test. Default true. */
  readonly goodnessOfFit?: boolean;
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
  /** 1-based position by point estimate. */
  readonly rank?: number;
  /** Best and worst rank the policy takes in the central `confidence` share of bootstrap rounds. */
  readonly rankBest?: number | null;
  readonly rankWorst?: number | null;
  /** rating ± z·standardError from the analytic covariance (null when not requested). */
  readonly analyticLow?: number | null;
  readonly analyticHigh?: number | null;
  /** Standard error of the rating in Elo points (0 for the anchor). */
  readonly standardError?: number | null;
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
  /** Test of the Bradley-Terry fit against the observed pair counts (null when not requested). */
  readonly goodnessOfFit?: GoodnessOfFit | null;
  /** Resampling/covariance units, as chosen by clusterBy. */
  readonly clusters?: number;
}

/** Observed against predicted results of one pair of policies. */
export interface PairFit {
  readonly a: string;
  readonly b: string;
  readonly comparisons: number;
  readonly observed: { readonly aWins: number; readonly bWins: number; readonly ties: number };
  readonly expected: { readonly aWins: number; readonly bWins: number; readonly ties: number };
  /** a's score rate (wins + ties/2) / comparisons, observed and as the fitted model predicts. */
  readonly observedScore: number;
  readonly predictedScore: number;
  /** (observed - predicted score rate) / its model standard error: |z| > 3 is a misfit. */
  readonly standardizedResidual: number;
}

export interface GoodnessOfFit {
  readonly method: 'pearson' | 'likelihood-ratio';
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** P(chi-square_df >= statistic); small (e.g. < 0.01) means the data are not Bradley-Terry. */
  readonly pValue: number;
  /** Cells whose expected count is below 5, where the chi-square approximation is rough. */
  readonly sparseCells: number;
  readonly pairs: readonly PairFit[];
  readonly warnings: readonly string[];
}

/**
 * One K-wise judgement: an evaluator ranked K >= 2 policies run from the same initial state,
 * best first. An inner array is a group tied at that place, e.g. ['a', ['b', 'c'], 'd'].
 * The optional fields mean what they mean on Judgement.
 */
export interface RankingJudgement {
  readonly ranking: readonly (string | readonly string[])[];
  readonly comparisonId?: string;
  readonly judge?: string;
  readonly task?: string;
  readonly source?: JudgementSource;
}
