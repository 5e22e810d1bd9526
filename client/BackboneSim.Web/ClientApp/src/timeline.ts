import { byId, clockText, el } from './dom';
import type { Panel, View } from './panel';
import type { Moment, RunStatus } from './types';

export const SPEEDS = ['1x', '10x', '60x', '600x', 'max'] as const;

export interface TimelineActions {
  play(): void; pause(): void; speed(s: string): void;
  seek(ms: number): void; seekText(text: string): void;
  /** While dragging: show the state at `ms` locally (only up to what the page holds). */
  preview(ms: number | null): void;
}

/**
 * Play/pause, the speeds, a scrubber over the whole run with a tick per key moment, the part the engine has
 * computed, and a "go to" box. Seeking anywhere (backwards too) asks the server; the page then redraws from its log.
 */
export class Timeline implements Panel {
  readonly id = 'timeline';
  private readonly scrubber = byId<HTMLInputElement>('scrubber');
  private readonly playButton = byId<HTMLButtonElement>('play');
  private readonly markers = byId('markers');
  private readonly computed = byId('computed');
  private readonly speedButtons = new Map<string, HTMLButtonElement>();
  private dragging = false;
  private markerCount = 0;
  private status: RunStatus | null = null;

  constructor(private readonly startIso: string, private readonly untilMs: number, private readonly actions: TimelineActions) {
    this.scrubber.max = String(untilMs);
    this.scrubber.step = '1000';
    this.scrubber.disabled = false;
    this.playButton.disabled = false;
    this.markers.replaceChildren();
    const speeds = byId('speeds');
    speeds.replaceChildren();
    for (const s of SPEEDS) {
      const b = el('button', { type: 'button', 'data-speed': s }, s);
      b.addEventListener('click', () => actions.speed(s));
      speeds.append(b);
      this.speedButtons.set(s, b);
    }
    this.playButton.onclick = () => (this.status?.playing ? actions.pause() : actions.play());
    this.scrubber.oninput = () => { this.dragging = true; actions.preview(Number(this.scrubber.value)); };
    this.scrubber.onchange = () => { this.dragging = false; actions.preview(null); actions.seek(Number(this.scrubber.value)); };
    byId<HTMLFormElement>('goto-form').onsubmit = e => {
      e.preventDefault();
      const text = byId<HTMLInputElement>('goto').value.trim();
      if (text) actions.seekText(text);
    };
  }

  draw({ status, store }: View): void {
    this.show(status);
    this.addMoments(store.moments);
  }

  private show(status: RunStatus): void {
    this.status = status;
    this.playButton.textContent = status.playing ? 'Pause' : 'Play';
    this.playButton.setAttribute('data-playing', String(status.playing));
    for (const [s, b] of this.speedButtons) b.classList.toggle('active', s === status.speed);
    if (!this.dragging) this.scrubber.value = String(status.ms);
    this.computed.style.width = `${(100 * status.computedMs / Math.max(1, this.untilMs)).toFixed(2)}%`;
  }

  private addMoments(moments: readonly Moment[]): void {
    for (; this.markerCount < moments.length; this.markerCount++) {
      const m = moments[this.markerCount];
      const tick = el('button', { type: 'button', class: 'marker', title: `${clockText(this.startIso, m.ms)} ${m.what}`, 'aria-label': m.what });
      tick.style.left = `${(100 * m.ms / Math.max(1, this.untilMs)).toFixed(3)}%`;
      tick.addEventListener('click', () => this.actions.seek(m.ms));
      this.markers.append(tick);
    }
  }
}
