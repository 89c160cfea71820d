/**
 * A crowd judge is the id of the token they signed in with; stored with a prefix so that no crowd
 * judge can ever collide with the automatic judge ("auto") or an evaluator's id.
 */
export function crowdJudgeKey(judge: string): string {
  return `crowd:${judge}`;
}
