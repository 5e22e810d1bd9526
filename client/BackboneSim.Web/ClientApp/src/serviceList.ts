import { el } from './dom';
import type { Panel, View } from './panel';
import { percent } from './whyPanel';

/**
 * The services and the share of their demand served at the instant shown (the series' service_availability
 * columns, sampled every 10 s): one button each, with data-name, data-kind=service and data-state (available,
 * degraded, unavailable) like the map's elements, so a click asks the Why panel about it.
 */
export class ServiceList implements Panel {
  readonly id = 'services';
  private readonly items = new Map<string, HTMLElement>();
  private lastKey = '';

  constructor(host: HTMLElement, services: string[]) {
    host.replaceChildren(...services.map(name => {
      const item = el('button', { type: 'button', class: 'service', 'data-name': name, 'data-kind': 'service', 'data-state': 'available', title: `why is ${name} in this state?` }, name);
      this.items.set(name, item);
      return wrap(item);
    }));
  }

  draw({ store, ms }: View): void {
    let end = store.rows.length;
    while (end > 0 && store.rows[end - 1][0] > ms) end--;
    const key = `${end}|${store.columns.length}`;
    if (key === this.lastKey || end === 0) return;
    this.lastKey = key;
    const row = store.rows[end - 1];
    for (const [name, item] of this.items) {
      const column = store.columns.indexOf(`service_availability:${name}`);
      if (column < 0) continue;
      const share = row[column];
      item.setAttribute('data-state', share >= 0.999 ? 'available' : share <= 0.001 ? 'unavailable' : 'degraded');
      item.textContent = `${name} ${percent(share)}`;
    }
  }
}

function wrap(item: HTMLElement): HTMLElement {
  const li = el('li');
  li.append(item);
  return li;
}
