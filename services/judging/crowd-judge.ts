/**
 * Crowd judges are anonymous ids a browser makes up; stored with a prefix so that no crowd id can
 * ever collide with the automatic judge ("auto") or an evaluator's id.
 */
export function crowdJudgeKey(judge: string): string {
  return `crowd:${judge}`;
}
