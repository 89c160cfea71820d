import { ReplayPlayer } from './replay-player.ts';
import type { ReplaySource } from './replay-trajectory.ts';
import { ReplayView, type ReplayViewOptions } from './replay-view.ts';
import { SharedOrbit } from './shared-orbit.ts';

/**
 * Two or more replays in step: one player (one time, one speed), one camera orbit, one view per
 * container. The player runs as long as the longest replay; a shorter one holds its last frame,
 * which is what a judge needs to see (one robot finished early).
 */
export class SyncedReplays {
  readonly player: ReplayPlayer;
  readonly orbit = new SharedOrbit();
  readonly views: readonly ReplayView[];

  constructor(
    containers: readonly HTMLElement[],
    options: ReplayViewOptions & { loop?: boolean } = {},
  ) {
    this.player = new ReplayPlayer({ loop: options.loop ?? false });
    this.views = containers.map(
      (container) => new ReplayView(container, this.player, this.orbit, options),
    );
  }

  /** Shows one source per view (in container order), frames the camera, and starts playing. */
  show(sources: readonly ReplaySource[], { autoplay = true }: { autoplay?: boolean } = {}): void {
    this.player.pause();
    this.views.forEach((view, index) => {
      view.show(
        sources[index] ?? { kind: 'problem', message: 'no replay was given for this view' },
      );
    });
    this.player.load(Math.max(0, ...this.views.map((view) => view.durationS)));
    const focus = this.views.map((view) => view.focus()).find((f) => f !== null);
    if (focus !== undefined) this.orbit.frame(focus);
    if (autoplay) this.player.play();
  }

  /** The scene cameras the shown replays offer (those of the first that has any). */
  cameraNames(): string[] {
    return this.views.map((view) => view.cameraNames()).find((names) => names.length > 0) ?? [];
  }

  /** Every view looks through the named scene camera; null returns them to the shared orbit. */
  setCamera(name: string | null): void {
    for (const view of this.views) view.setCamera(name);
  }

  dispose(): void {
    this.player.dispose();
    for (const view of this.views) view.dispose();
    this.orbit.dispose();
  }
}
