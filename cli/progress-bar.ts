import type { CampaignProgress } from '../services/campaigns/campaign-view.ts';

const barWidth = 30;

/**
 * A one-line progress bar on stderr: redrawn in place on a terminal, printed at every 10% when
 * stderr is a file or a pipe (so CI logs stay readable).
 */
export class ProgressBar {
  private readonly startedAt = Date.now();
  private lastDecile = -1;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(progress: CampaignProgress): void {
    const line = formatProgress(progress, Date.now() - this.startedAt);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = Math.floor(progress.fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}

export function formatProgress(progress: CampaignProgress, elapsedMs: number): string {
  const filled = Math.round(progress.fraction * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const seconds = Math.round(elapsedMs / 1000);
  const failed = progress.failed > 0 ? `, ${progress.failed} failed` : '';
  return `${bar} ${progress.completed}/${progress.budget} comparisons (${progress.inFlight} in flight${failed}) ${seconds}s`;
}
