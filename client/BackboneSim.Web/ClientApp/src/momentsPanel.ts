import { byId, clockText, el } from './dom';
import type { Panel, View } from './panel';

/** The key moments the playhead has passed, oldest first, each a button that seeks there. */
export class MomentsPanel implements Panel {
  readonly id = 'moments';
  private readonly list = byId('moments');
  private shown = -1;

  constructor(private readonly startIso: string, private readonly seek: (ms: number) => void) {
    this.list.replaceChildren();
  }

  draw({ store, ms }: View): void {
    const upTo = store.moments.filter(m => m.ms <= ms).length;
    if (upTo === this.shown) return;
    this.shown = upTo;
    this.list.replaceChildren(...store.moments.slice(0, upTo).map(m => {
      const li = el('li', {}, '');
      const link = el('button', { type: 'button', class: 'moment' }, clockText(this.startIso, m.ms));
      link.addEventListener('click', () => this.seek(m.ms));
      li.append(link, el('span', {}, ` ${m.what}`));
      return li;
    }));
    this.list.scrollTop = this.list.scrollHeight;
  }
}
