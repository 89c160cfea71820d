import { PCFShadowMap, Vector2, WebGLRenderer } from 'three';
import { element } from '../shared/dom.ts';
import type { PlayerState, ReplayPlayer } from './replay-player.ts';
import { ReplayScene } from './replay-scene.ts';
import { renderQuality, type RenderQuality } from './render-quality.ts';
import type { ReplaySource } from './replay-trajectory.ts';
import type { SharedOrbit } from './shared-orbit.ts';

/**
 * Above this device pixel ratio the extra pixels cost frames and show little new; a software
 * renderer pays for every pixel, so at low quality a CSS pixel is drawn once.
 */
const maxPixelRatio: Record<RenderQuality, number> = { high: 2, low: 1 };
const sizeScratch = new Vector2();

export interface ReplayViewOptions {
  /** Default: `renderQuality()`, high on a GPU and low on a software renderer. */
  quality?: RenderQuality;
}

/**
 * One replay drawn into one canvas: subscribes to the shared player for time and to the shared
 * orbit for the camera. `show` swaps what it displays, reusing the WebGL context. Anything that
 * goes wrong (no WebGL, a bad trajectory, a render error) becomes a message over the view;
 * the page and the other view keep working.
 */
export class ReplayView {
  readonly root: HTMLElement;
  private readonly canvas = element('canvas', 'replay-canvas');
  private readonly message = element('div', 'replay-message');
  private readonly renderer: WebGLRenderer | null;
  private readonly quality: RenderQuality;
  private replay: ReplayScene | null = null;
  /** A scene camera to look through, or null for the shared orbit. */
  private cameraName: string | null = null;
  private timeS = 0;
  private renderPending: number | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    container: HTMLElement,
    player: ReplayPlayer,
    private readonly orbit: SharedOrbit,
    options: ReplayViewOptions = {},
  ) {
    this.quality = options.quality ?? renderQuality();
    this.root = container;
    this.message.setAttribute('role', 'status');
    this.message.hidden = true;
    container.append(this.canvas, this.message);
    this.renderer = this.createRenderer();
    if (this.renderer === null) return;
    this.cleanups.push(
      orbit.attach(this.canvas),
      orbit.subscribe(() => this.requestRender()),
      player.subscribe((state) => this.onPlayerState(state)),
    );
    const resize = new ResizeObserver(() => this.requestRender());
    resize.observe(container);
    this.cleanups.push(() => resize.disconnect());
  }

  /** The replay's length in seconds, 0 when it shows a problem. */
  get durationS(): number {
    return this.replay?.durationS ?? 0;
  }

  /** Shows a trajectory (or the problem in its place), freeing whatever was shown before. */
  show(source: ReplaySource): void {
    this.replay?.dispose();
    this.replay = null;
    if (this.renderer === null) return;
    if (source.kind === 'problem') {
      this.showMessage(`This replay cannot be shown: ${source.message}`);
      return;
    }
    try {
      this.replay = new ReplayScene(source.trajectory, this.quality);
      this.replay.showTime(this.timeS);
      const skipped = this.replay.skippedGeoms;
      if (skipped.length > 0) this.showMessage(`Not drawn: ${skipped.join(', ')}`, 'note');
      else this.hideMessage();
    } catch (error) {
      this.replay?.dispose();
      this.replay = null;
      this.showMessage(`This replay cannot be shown: ${describe(error)}`);
    }
    this.requestRender();
  }

  /** The scene cameras this view's replay offers. */
  cameraNames(): string[] {
    return this.replay?.cameraNames() ?? [];
  }

  /**
   * Looks through the named scene camera (what a camera-based policy saw), or through the shared
   * orbit when null or when the replay has no such camera.
   */
  setCamera(name: string | null): void {
    this.cameraName = name;
    this.requestRender();
  }

  /** Where the shared camera should look for this view's scene, if it has one. */
  focus(): ReturnType<ReplayScene['focus']> | null {
    return this.replay?.focus() ?? null;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.renderPending !== null) cancelAnimationFrame(this.renderPending);
    this.replay?.dispose();
    this.replay = null;
    this.renderer?.dispose();
    this.canvas.remove();
    this.message.remove();
  }

  private onPlayerState(state: PlayerState): void {
    if (state.timeS === this.timeS && this.replay !== null) return;
    this.timeS = state.timeS;
    this.replay?.showTime(state.timeS);
    this.requestRender();
  }

  /** Renders on the next animation frame, once however many changes arrive before it. */
  private requestRender(): void {
    if (this.renderPending !== null || this.renderer === null) return;
    this.renderPending = requestAnimationFrame(() => {
      this.renderPending = null;
      this.render();
    });
  }

  private render(): void {
    const renderer = this.renderer;
    if (renderer === null || this.replay === null) return;
    const width = this.root.clientWidth;
    const height = this.root.clientHeight;
    if (width === 0 || height === 0) return;
    try {
      const size = renderer.getSize(sizeScratch);
      if (size.x !== width || size.y !== height) renderer.setSize(width, height, false);
      const camera =
        (this.cameraName === null ? null : this.replay.sceneCamera(this.cameraName)) ??
        this.orbit.camera;
      // Views share the camera but not necessarily their shape.
      if (camera.aspect !== width / height) {
        camera.aspect = width / height;
        camera.updateProjectionMatrix();
      }
      renderer.render(this.replay.scene, camera);
    } catch (error) {
      this.replay.dispose();
      this.replay = null;
      this.showMessage(`Rendering failed: ${describe(error)}`);
    }
  }

  private createRenderer(): WebGLRenderer | null {
    try {
      const high = this.quality === 'high';
      const renderer = new WebGLRenderer({ canvas: this.canvas, antialias: high });
      renderer.setPixelRatio(Math.min(maxPixelRatio[this.quality], window.devicePixelRatio));
      // Shadows show height (is the cube lifted?), at the cost of a second pass per frame.
      renderer.shadowMap.enabled = high;
      renderer.shadowMap.type = PCFShadowMap;
      return renderer;
    } catch (error) {
      this.showMessage(
        `3D replays need WebGL, which this browser did not provide (${describe(error)}).`,
      );
      return null;
    }
  }

  private showMessage(text: string, kind: 'problem' | 'note' = 'problem'): void {
    this.message.textContent = text;
    this.message.className = `replay-message ${kind}`;
    this.message.hidden = false;
    // A problem replaces the picture: the previous replay's last frame must not linger under it.
    this.canvas.style.visibility = kind === 'problem' ? 'hidden' : '';
  }

  private hideMessage(): void {
    this.message.hidden = true;
    this.canvas.style.visibility = '';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
