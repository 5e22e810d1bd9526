import { byId, clockText } from './dom';
import type { Panel, View } from './panel';

/**
 * The clock and the run's state pill, and the page's attributes that tests and the benchmark read: which run is on
 * screen (data-run) and how many events are drawn (data-drawn-events).
 */
export class StatusBar implements Panel {
  readonly id = 'status';
  private readonly clock = byId('clock');
  private readonly pill = byId('run-state');

  constructor(private readonly runId: string, private readonly startIso: string) {}

  draw({ status: s, store, ms }: View): void {
    this.clock.textContent = `${clockText(this.startIso, ms)} UTC`;
    this.clock.setAttribute('data-ms', String(ms));
    this.pill.textContent = s.state === 'failed' ? `failed: ${s.error ?? ''}` : `${s.state} · ${s.speed}`;
    this.pill.setAttribute('data-state', s.state);
    document.body.setAttribute('data-run', this.runId);
    document.body.setAttribute('data-drawn-events', String(store.eventsUpTo(ms)));
  }
}
