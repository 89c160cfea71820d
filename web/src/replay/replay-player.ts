/** What a player reports to its views on every change. */
export interface PlayerState {
  readonly timeS: number;
  readonly durationS: number;
  readonly playing: boolean;
  readonly speed: number;
  readonly loop: boolean;
}

export type PlayerListener = (state: PlayerState) => void;

/** The speeds a judge may choose; playback is clamped to this range. */
export const minSpeed = 0.5;
export const maxSpeed = 4;

/** The browser's frame clock, injectable so the player can run without a display. */
export interface FrameClock {
  request(callback: (timestampMs: number) => void): number;
  cancel(handle: number): void;
}

const browserClock: FrameClock = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** A frame gap longer than this (a background tab) advances time by one normal frame only. */
const maxFrameStepS = 0.1;

/**
 * Owns replay time for any number of views: play/pause, seek, speed and what happens at the end
 * (loop to the start or stop there). While playing it advances on animation frames and tells
 * every subscriber; paused, it tells them only when something changes. Views never keep time
 * of their own, which is what keeps two replays in step.
 */
export class ReplayPlayer {
  private timeS = 0;
  private durationS = 0;
  private playing = false;
  private speed = 1;
  private loop: boolean;
  private readonly listeners = new Set<PlayerListener>();
  /** The pending animation frame while playing, null when paused. */
  private frameHandle: number | null = null;
  /** Timestamp of the previous animation frame, null right after play() starts. */
  private lastFrameMs: number | null = null;

  constructor(
    { loop = false }: { loop?: boolean } = {},
    private readonly clock: FrameClock = browserClock,
  ) {
    this.loop = loop;
  }

  get state(): PlayerState {
    return {
      timeS: this.timeS,
      durationS: this.durationS,
      playing: this.playing,
      speed: this.speed,
      loop: this.loop,
    };
  }

  /** Calls `listener` now and on every change; returns the unsubscribe function. */
  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Sets the length of the replay (the longest of its views) and goes back to the start. */
  load(durationS: number): void {
    this.durationS = Math.max(0, durationS);
    this.timeS = 0;
    this.notify();
  }

  play(): void {
    if (this.playing) return;
    // Playing from the end starts over: what a judge pressing play after the end expects.
    if (this.timeS >= this.durationS) this.timeS = 0;
    this.playing = true;
    this.lastFrameMs = null;
    this.frameHandle = this.clock.request(this.onFrame);
    this.notify();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    this.cancelFrame();
    this.notify();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  seek(timeS: number): void {
    this.timeS = Math.min(this.durationS, Math.max(0, timeS));
    this.notify();
  }

  setSpeed(speed: number): void {
    this.speed = Math.min(maxSpeed, Math.max(minSpeed, speed));
    this.notify();
  }

  setLoop(loop: boolean): void {
    this.loop = loop;
    this.notify();
  }

  dispose(): void {
    this.cancelFrame();
    this.playing = false;
    this.listeners.clear();
  }

  private readonly onFrame = (timestampMs: number): void => {
    const stepS =
      this.lastFrameMs === null
        ? 0
        : Math.min(maxFrameStepS, (timestampMs - this.lastFrameMs) / 1000) * this.speed;
    this.lastFrameMs = timestampMs;
    let time = this.timeS + stepS;
    if (time >= this.durationS) {
      if (this.loop && this.durationS > 0) time %= this.durationS;
      else {
        this.timeS = this.durationS;
        this.playing = false;
        this.frameHandle = null;
        this.notify();
        return;
      }
    }
    this.timeS = time;
    this.frameHandle = this.clock.request(this.onFrame);
    this.notify();
  };

  private cancelFrame(): void {
    if (this.frameHandle !== null) this.clock.cancel(this.frameHandle);
    this.frameHandle = null;
  }

  private notify(): void {
    const state = this.state;
    for (const listener of this.listeners) listener(state);
  }
}
