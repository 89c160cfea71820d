import { controlRateText, isLowControlRate, lowControlRateShare } from '../shared/control-rate.ts';
import type { StationStatus } from './station-client.ts';
import type { StationPhase, StationSignal } from '../../../queue/station-job.ts';

type Current = NonNullable<StationStatus['current']>;

interface PhaseCopy {
  text: string;
  /** The button the phase offers, if any. */
  action?: { label: string; signal: StationSignal; stop?: boolean };
}

const copy: Record<StationPhase, PhaseCopy> = {
  'reset-A': {
    text: 'Set up the scene for the task, then start episode A.',
    action: { label: 'Start episode A', signal: 'start-A' },
  },
  A: {
    text: 'Episode A is running. Stop it if the robot is unsafe or clearly done.',
    action: { label: 'Stop episode A', signal: 'stop-A', stop: true },
  },
  'reset-B': {
    text: 'Put the scene back exactly as it was before A, then start episode B.',
    action: { label: 'Start episode B', signal: 'start-B' },
  },
  B: {
    text: 'Episode B is running. Stop it if the robot is unsafe or clearly done.',
    action: { label: 'Stop episode B', signal: 'stop-B', stop: true },
  },
  evaluation: { text: 'Both episodes are done. Score them below.' },
};

const phases: readonly StationPhase[] = ['reset-A', 'A', 'reset-B', 'B', 'evaluation'];

/** Marks the step list: earlier phases done, the current one highlighted. */
export function renderSteps(list: HTMLOListElement, phase: StationPhase): void {
  const at = phases.indexOf(phase);
  for (const item of list.querySelectorAll<HTMLLIElement>('li[data-phase]')) {
    const index = phases.indexOf(item.dataset['phase'] as StationPhase);
    item.classList.toggle('done', index < at);
    item.classList.toggle('current', index === at);
    if (index === at) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
}

export function phaseCopy(phase: StationPhase): PhaseCopy {
  return copy[phase];
}

/** "0:12 / 1:00" while an episode runs, so the evaluator knows when it will end by itself. */
export function episodeClock(current: Current, now: number): string | null {
  if (current.phase !== 'A' && current.phase !== 'B') return null;
  const elapsedS = Math.max(0, Math.floor((now - Date.parse(current.since)) / 1000));
  return `${minutes(Math.min(elapsedS, current.episodeTimeLimitS))} / ${minutes(current.episodeTimeLimitS)}`;
}

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What each finished episode did, so the evaluator can tell a stopped one from a timed-out one. */
export function episodeSummary(current: Current): string {
  const parts: string[] = [];
  for (const side of ['A', 'B'] as const) {
    const episode = current.episodes[side];
    if (episode === null) continue;
    const seconds = (episode.durationMs / 1000).toFixed(1);
    const how =
      episode.termination === 'stopped'
        ? `stopped by you after ${seconds} s`
        : episode.termination === 'time-limit'
          ? `ran its full ${seconds} s`
          : `ended by an error after ${seconds} s: ${episode.error ?? 'unknown'}`;
    parts.push(`${side} ${how}`);
  }
  return parts.join(' · ');
}

/**
 * Episodes whose control loop ran under 90% of its rate: the policy did not run as it was meant
 * to (a loaded station, a slow policy server), which the evaluator should weigh and may report.
 * Empty when every finished episode kept its rate.
 */
export function controlRateWarning(current: Current): string {
  const slow = (['A', 'B'] as const).flatMap((side) => {
    const episode = current.episodes[side];
    return episode !== null && isLowControlRate(episode)
      ? [`${side}: ${controlRateText(episode)}`]
      : [];
  });
  if (slow.length === 0) return '';
  const share = Math.round(lowControlRateShare * 100);
  return `The robot's control loop ran below ${share}% of its rate (${slow.join('; ')}). The policy did not run as it would at full rate: keep that in mind when scoring, and tell the station's operator.`;
}
