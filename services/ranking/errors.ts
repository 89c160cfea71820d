/** A judgement that cannot be part of any ranking (self-comparison, unknown outcome, ...). */
export class InvalidJudgementError extends Error {
  override readonly name = 'InvalidJudgementError';
  constructor(
    /** What is wrong, without the judgement's position (a file reader adds its line). */
    readonly problem: string,
    readonly index: number,
  ) {
    super(`judgement ${index}: ${problem}`);
  }
}

/** An option outside its documented range. */
export class InvalidRankingOptionError extends Error {
  override readonly name = 'InvalidRankingOptionError';
}

/** A policy id (e.g. the anchor) that does not occur in the judgements. */
export class UnknownPolicyError extends Error {
  override readonly name = 'UnknownPolicyError';
  constructor(readonly policy: string) {
    super(`policy ${JSON.stringify(policy)} does not occur in the judgements`);
  }
}
