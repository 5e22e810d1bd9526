import { api } from './api';
import { byId, el } from './dom';
import type { Panel, View } from './panel';
import type { SimEvent, WhyAnswer } from './types';

/** Ask again when the instant shown moved this far from the one answered (a seek, or a while of playing). */
const REFRESH_AFTER_MS = 60_000;
/** ...but no more often than this (wall time), so playing at max does not flood the API. */
const MIN_WALL_GAP_MS = 1_000;

/**
 * The "Why?" panel: a target's state at the instant shown and the chain of causes that led to it, first cause
 * first, ending with the scenario line it started with (GET /runs/{id}/why, the CLI's `explain`). A click on a
 * chain row seeks there. It follows the page's instant: when that moves far from the instant answered, it asks
 * again, and it always says which instant it answers for.
 */
export class WhyPanel implements Panel {
  readonly id = 'why';
  private readonly panel = byId('why-panel');
  private readonly body = byId('why-body');
  private target: string | null = null;
  private answeredMs = -1; // the instant last asked about (the answer says if it was clamped)
  private latestMs = -1; // the instant the page shows
  private timer = 0;
  private lastAsk = 0;
  private asked = 0; // requests made: an answer to an older one arriving late is dropped
  private asking = 0; // the request in flight, 0 when none

  constructor(private readonly runId: string, private readonly startIso: string, private readonly seek: (ms: number) => void) {
    this.panel.hidden = true;
    this.panel.removeAttribute('data-target');
    byId('why-close').onclick = () => { this.close(); this.panel.hidden = true; };
  }

  /** Stop answering (the panel was closed, or the page moved to another run): late answers are dropped. */
  close(): void {
    this.target = null;
    window.clearTimeout(this.timer);
    this.timer = 0;
  }

  /** A click on anything drawn with data-name in these hosts (map, DNS grid, services) asks why about it. */
  listenTo(hosts: HTMLElement[], ask: (name: string) => void): void {
    for (const host of hosts) {
      host.onclick = e => {
        const hit = (e.target as Element | null)?.closest('[data-name]');
        const name = hit?.getAttribute('data-name');
        if (name && host.contains(hit!)) ask(name);
      };
    }
  }

  open(target: string, atMs: number): void {
    this.target = target;
    this.answeredMs = -1;
    this.latestMs = atMs;
    this.panel.hidden = false;
    this.panel.setAttribute('data-target', target);
    void this.ask(atMs);
  }

  /** Every frame: follow the instant shown. */
  draw({ ms }: View): void {
    this.latestMs = ms;
    this.refreshIfFar();
  }

  /** Ask again when the instant shown is far from the one answered; if asked too recently, later (a paused page draws no more). */
  private refreshIfFar(): void {
    if (this.target === null || this.answeredMs < 0 || this.asking !== 0 || this.timer !== 0) return;
    if (Math.abs(this.latestMs - this.answeredMs) < REFRESH_AFTER_MS) return;
    const wait = MIN_WALL_GAP_MS - (Date.now() - this.lastAsk);
    if (wait > 0) this.timer = window.setTimeout(() => { this.timer = 0; this.refreshIfFar(); }, wait);
    else void this.ask(this.latestMs);
  }

  private async ask(atMs: number): Promise<void> {
    const target = this.target;
    if (target === null) return;
    const number = ++this.asked;
    this.asking = number;
    this.lastAsk = Date.now();
    this.panel.setAttribute('data-loading', 'true');
    try {
      const answer = await api.why(this.runId, target, atMs);
      if (number !== this.asked || target !== this.target) return;
      this.answeredMs = atMs;
      this.show(answer);
    } catch (e) {
      if (number !== this.asked) return;
      this.answeredMs = atMs;
      this.body.replaceChildren(el('p', { class: 'error' }, (e as Error).message));
    } finally {
      if (number === this.asked) { this.asking = 0; this.panel.removeAttribute('data-loading'); this.refreshIfFar(); }
    }
  }

  private show(a: WhyAnswer): void {
    this.panel.setAttribute('data-at-ms', String(a.atMs));
    const head = el('p', { class: 'why-head' });
    const state = el('span', { class: 'why-state', 'data-state': a.state }, a.availability === undefined ? a.state : `${a.state} (${percent(a.availability)} served)`);
    head.append(el('strong', { id: 'why-target' }, a.target),
      el('span', { class: 'muted' }, ` ${a.element ?? a.kind}${a.cohort ? ` for ${a.cohort}` : ''} at ${a.t.slice(11, 19)} UTC: `), state);
    const parts: HTMLElement[] = [head];
    if (a.chain.length === 0) {
      parts.push(el('p', { class: 'muted' }, 'Unchanged since the start: nothing in the scenario has affected it yet.'));
    } else {
      parts.push(el('p', { class: 'muted' }, `Why, from the first cause (${a.chain.length} events):`));
      const list = el('ol', { id: 'why-chain', class: 'why-chain' });
      list.append(...a.chain.map(e => this.row(e)));
      parts.push(list);
    }
    if (a.root) {
      const root = el('p', { id: 'why-root', class: 'why-root' }, 'It started with the scenario line ');
      root.append(el('strong', {}, a.root.line), document.createTextNode(a.root.what ? ` (${a.root.what}).` : '.'));
      parts.push(root);
    }
    this.body.replaceChildren(...parts);
  }

  private row(e: SimEvent): HTMLElement {
    const li = el('li', { 'data-kind': e.kind, 'data-id': String(e.id), 'data-ms': String(e.ms) });
    const go = el('button', { type: 'button', class: 'why-event', title: 'seek here' });
    go.append(
      el('span', { class: 't' }, `${new Date(Date.parse(this.startIso) + e.ms).toISOString().slice(11, 23)}`),
      el('span', { class: 'k' }, e.kind),
      el('span', { class: 'n' }, e.node),
      el('span', { class: 'd', title: details(e) }, details(e)),
    );
    go.addEventListener('click', () => this.seek(e.ms));
    li.append(go);
    return li;
  }
}

/** The event's data as "name=value, ...", without the scenario line and summary (the panel shows those apart). */
function details(e: SimEvent): string {
  return Object.entries(e.data)
    .filter(([k, v]) => v !== null && k !== 'line' && k !== 'what')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(' ') : String(v)}`)
    .join(', ')
    .slice(0, 300);
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}
