import { el, clockText } from './dom';
import type { Panel, View } from './panel';
import type { SimEvent } from './types';

/** Kinds that only count load or updates: hidden unless asked for, so the log reads as a story. */
const NOISY = new Set(['bgp.update', 'resolver.load', 'dc.load', 'link.utilisation', 'backbone.traffic', 'bgp.route_changed', 'igp.lsa_originated']);
const SHOWN = 200;

/** The newest events up to the playhead that match the filter (kind or node, substring), newest first. */
export class EventLog implements Panel {
  readonly id = 'log';
  private lastKey = '';

  constructor(private readonly list: HTMLElement, private readonly counter: HTMLElement,
              private readonly filter: HTMLInputElement, private readonly noisy: HTMLInputElement, private readonly startIso: string) {}

  draw({ store, ms }: View): void {
    const end = store.eventsUpTo(ms);
    const query = this.filter.value.trim().toLowerCase();
    const key = `${end}|${query}|${this.noisy.checked}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const rows: HTMLElement[] = [];
    for (let i = end - 1; i >= 0 && rows.length < SHOWN; i--) {
      const e = store.events[i];
      if (!this.noisy.checked && NOISY.has(e.kind)) continue;
      if (query && !e.kind.toLowerCase().includes(query) && !e.node.toLowerCase().includes(query)) continue;
      rows.push(this.row(e));
    }
    this.list.replaceChildren(...rows);
    this.counter.textContent = `${end} events up to now`;
  }

  private row(e: SimEvent): HTMLElement {
    const li = el('li', { 'data-kind': e.kind, 'data-id': String(e.id) });
    li.append(
      el('span', { class: 't' }, clockText(this.startIso, e.ms)),
      el('span', { class: 'k' }, e.kind),
      el('span', { class: 'n' }, e.node),
      el('span', { class: 'd' }, details(e)),
    );
    return li;
  }
}

function details(e: SimEvent): string {
  return Object.entries(e.data)
    .filter(([k, v]) => v !== null && k !== 'line')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join(', ')
    .slice(0, 300);
}
