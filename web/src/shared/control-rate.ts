import type { StationControlRate } from '../../../contract/station-status.ts';

/**
 * Below this share of its target rate a station episode did not run its policy as the policy
 * was meant to run (chunks are timed for the target rate), so its result deserves a second look.
 */
export const lowControlRateShare = 0.9;

/** Achieved over target rate; null when either is unknown. */
export function controlRateShare(rate: StationControlRate): number | null {
  const { targetHz, achievedHz } = rate;
  if (targetHz === null || achievedHz === null || targetHz <= 0) return null;
  return achievedHz / targetHz;
}

export function isLowControlRate(rate: StationControlRate): boolean {
  const share = controlRateShare(rate);
  return share !== null && share < lowControlRateShare;
}

/** "11.2 of 15 Hz (75%), 12 periods dropped". */
export function controlRateText(rate: StationControlRate): string {
  const share = controlRateShare(rate);
  const achieved = rate.achievedHz === null ? '—' : rate.achievedHz.toFixed(1);
  const target = rate.targetHz === null ? '—' : `${rate.targetHz}`;
  const percent = share === null ? '' : ` (${Math.round(share * 100)}%)`;
  const dropped = `${rate.droppedFrames} period${rate.droppedFrames === 1 ? '' : 's'} dropped`;
  return `${achieved} of ${target} Hz${percent}, ${dropped}`;
}
