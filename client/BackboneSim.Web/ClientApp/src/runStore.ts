import type { EventPage, LinkLoad, Moment, SimEvent, Topology } from './types';

interface TimedChange { ms: number; target: string; state: string }
interface TimedLoad { ms: number; link: string; load: LinkLoad }

/** No load report yet for a link, or its pair of routers carries nothing. */
export const NO_LOAD: LinkLoad = { gbps: 0, capacityGbps: 0, utilisation: 0 };

/**
 * What this page knows of a run: every released event (ids 1..n, no gaps), the map changes, link loads and key moments they
 * made, and the sampled series. State at any time T the page has reached is the initial state with every change
 * of ms <= T applied; seeking back is a fold from the start, never a guess.
 */
export class RunStore {
  readonly events: SimEvent[] = [];
  readonly moments: Moment[] = [];
  readonly rows: number[][] = [];
  columns: string[] = [];
  private readonly changes: TimedChange[] = [];
  private readonly folded: Map<string, string>;
  private foldedUpTo = 0; // changes applied to `folded`
  private foldedMs = -1;
  private readonly loadChanges: TimedLoad[] = [];
  private readonly loads = new Map<string, LinkLoad>();
  private loadsUpTo = 0; // load changes applied to `loads`
  private loadsMs = -1;

  constructor(readonly topology: Topology) {
    this.folded = new Map(Object.entries(topology.initial));
  }

  get count(): number { return this.events.length; }

  /** Append a page; events already held are skipped. Returns false when the page starts past what is held (a gap). */
  add(page: EventPage): boolean {
    if (page.from > this.events.length) return false;
    const skip = this.events.length - page.from;
    for (let i = skip; i < page.events.length; i++) this.events.push(page.events[i]);
    for (const c of page.changes) {
      if (c.eventId <= page.from + skip) continue;
      this.changes.push({ ms: this.events[c.eventId - 1].ms, target: c.target, state: c.state });
    }
    for (const m of page.moments) if (m.eventId > page.from + skip) this.moments.push(m);
    for (const l of page.loads ?? []) {
      if (l.eventId <= page.from + skip) continue;
      this.loadChanges.push({ ms: this.events[l.eventId - 1].ms, link: l.link, load: { gbps: l.gbps, capacityGbps: l.capacityGbps, utilisation: l.utilisation } });
    }
    return true;
  }

  addRows(from: number, rows: number[][]): void {
    for (let i = this.rows.length - from; i < rows.length; i++) if (i >= 0) this.rows.push(rows[i]);
  }

  /** Every element's state at `ms`: folded forward from the last answer, or from the start when going back. */
  statesAt(ms: number): ReadonlyMap<string, string> {
    if (ms < this.foldedMs) {
      this.folded.clear();
      for (const [k, v] of Object.entries(this.topology.initial)) this.folded.set(k, v);
      this.foldedUpTo = 0;
    }
    while (this.foldedUpTo < this.changes.length && this.changes[this.foldedUpTo].ms <= ms) {
      const c = this.changes[this.foldedUpTo++];
      this.folded.set(c.target, c.state);
    }
    this.foldedMs = ms;
    return this.folded;
  }

  /**
   * Each backbone link's load at `ms` (a link missing from the map has had no report: NO_LOAD), folded like
   * `statesAt`: forward from the last answer, from the start when going back.
   */
  loadsAt(ms: number): ReadonlyMap<string, LinkLoad> {
    if (ms < this.loadsMs) { this.loads.clear(); this.loadsUpTo = 0; }
    while (this.loadsUpTo < this.loadChanges.length && this.loadChanges[this.loadsUpTo].ms <= ms) {
      const c = this.loadChanges[this.loadsUpTo++];
      this.loads.set(c.link, c.load);
    }
    this.loadsMs = ms;
    return this.loads;
  }

  /** Index of the first event with ms > `ms` (the events up to `ms` are [0, index)). */
  eventsUpTo(ms: number): number {
    let lo = 0, hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].ms <= ms) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
