import { el } from './dom';
import type { Panel, View } from './panel';
import type { Topology } from './types';

/** One square per authoritative DNS server, grouped by PoP: announcing, withdrawn or down (data-state). */
export class DnsPanel implements Panel {
  readonly id = 'dns';
  private readonly cells = new Map<string, HTMLElement>();
  private readonly shown = new Map<string, string>();

  constructor(private readonly host: HTMLElement, private readonly counter: HTMLElement, topology: Topology) {
    const bySite = new Map<string, string[]>();
    for (const n of topology.nodes.filter(n => n.kind === 'dns')) {
      const list = bySite.get(n.site ?? '') ?? [];
      list.push(n.name);
      bySite.set(n.site ?? '', list);
    }
    const groups: HTMLElement[] = [];
    for (const [site, names] of bySite) {
      const group = el('div', { class: 'dns-site' });
      group.append(el('span', { class: 'dns-site-name' }, site));
      for (const name of names) {
        const cell = el('span', { class: 'dns', 'data-name': name, 'data-kind': 'dns', 'data-state': 'announcing', title: name });
        group.append(cell);
        this.cells.set(name, cell);
      }
      groups.push(group);
    }
    this.host.replaceChildren(...groups);
  }

  draw({ states }: View): void {
    let announcing = 0;
    for (const [name, cell] of this.cells) {
      const state = states.get(name) ?? 'announcing';
      if (state === 'announcing') announcing++;
      if (this.shown.get(name) === state) continue;
      this.shown.set(name, state);
      cell.setAttribute('data-state', state);
      cell.title = `${name}: ${state}`;
    }
    this.counter.textContent = `${announcing} of ${this.cells.size} announcing`;
    this.counter.setAttribute('data-announcing', String(announcing));
  }
}
