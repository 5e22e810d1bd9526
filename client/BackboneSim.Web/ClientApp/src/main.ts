import 'uplot/dist/uPlot.min.css';
import { api, ApiError, runOwners } from './api';
import { ChartsPanel } from './chartsPanel';
import { DnsPanel } from './dnsPanel';
import { byId, el } from './dom';
import { EventLog } from './eventLog';
import { GraphView } from './graphView';
import { LiveFeed } from './live';
import { WorldMap } from './map';
import { MomentsPanel } from './momentsPanel';
import type { Panel } from './panel';
import { RunStore } from './runStore';
import { ServiceList } from './serviceList';
import { Timeline } from './timeline';
import { wireViewTabs } from './viewTabs';
import { sessionApi, sessionStore } from './sessionApi';
import { SessionPanel } from './sessionPanel';
import { StatusBar } from './statusBar';
import { WhatIfPanel } from './whatIfPanel';
import type { Batch, RunStatus } from './types';
import { WhyPanel } from './whyPanel';

/** Who drives the playhead: a plain run's controls, a session instructor's, or nobody (a learner). */
export interface RunControls {
  play(): Promise<RunStatus>; pause(): Promise<RunStatus>; speed(s: string): Promise<RunStatus>;
  seekMs(ms: number): Promise<RunStatus>; seekAt(text: string): Promise<RunStatus>;
}

const plainControls = (id: string): RunControls => ({
  play: () => api.play(id), pause: () => api.pause(id), speed: s => api.speed(id, s),
  seekMs: ms => api.seekMs(id, ms), seekAt: t => api.seekAt(id, t),
});

const instructorControls = (session: string, secret: string): RunControls => ({
  play: () => sessionApi.control(session, secret, { action: 'play' }),
  pause: () => sessionApi.control(session, secret, { action: 'pause' }),
  speed: s => sessionApi.control(session, secret, { action: 'speed', speed: s }),
  seekMs: ms => sessionApi.control(session, secret, { action: 'seek', ms: Math.round(ms) }),
  seekAt: t => sessionApi.control(session, secret, { action: 'seek', at: t }),
});

/** A learner has no controls (the page hides them; the server refuses them anyway). */
const noControls: RunControls = (() => {
  const refuse = () => Promise.reject(new Error('only the instructor controls this run'));
  return { play: refuse, pause: refuse, speed: refuse, seekMs: refuse, seekAt: refuse };
})();

/**
 * One run on screen. Its panels (panel.ts: map, graph, DNS grid, timeline, log, charts, services, Why, moments,
 * status) draw the state at one instant: the server's playhead, or the scrubber while dragging, from the same
 * RunStore. Clicking an element in any of them opens the Why panel; a teaching session's role decides the controls.
 */
class RunView {
  readonly store: RunStore;
  /** Drawn in this order on every frame. */
  private readonly panels: readonly Panel[];
  private readonly why: WhyPanel;
  private readonly graph: GraphView;
  private status: RunStatus | null = null;
  private preview: number | null = null;
  private queue: Promise<void> = Promise.resolve();
  private frame = 0;
  private closed = false;

  constructor(readonly id: string, topology: Awaited<ReturnType<typeof api.topology>>, private readonly controls: RunControls) {
    this.store = new RunStore(topology);
    const map = new WorldMap(byId('map'), topology);
    this.graph = new GraphView(byId('graph'), topology, name => this.explain(name)); // a node clicked: why is it so?
    if (wireViewTabs(v => { if (v === 'graph') this.graph.open(); }) === 'graph') this.graph.open();
    const dns = new DnsPanel(byId('dns-grid'), byId('dns-count'), topology);
    const log = new EventLog(byId('log'), byId('log-count'), byId('log-filter'), byId('log-noisy'), topology.start);
    const charts = new ChartsPanel(byId('charts'), topology.start, topology.services);
    const timeline = new Timeline(topology.start, topology.untilMs, {
      play: () => this.control(controls.play()),
      pause: () => this.control(controls.pause()),
      speed: s => this.control(controls.speed(s)),
      seek: ms => this.control(controls.seekMs(ms)),
      seekText: text => this.control(controls.seekAt(text)),
      preview: ms => { this.preview = ms; this.redraw(); },
    });
    const services = new ServiceList(byId('services'), topology.services);
    this.why = new WhyPanel(id, topology.start, ms => this.control(controls.seekMs(ms)));
    this.why.listenTo([byId('map'), byId('dns-grid'), byId('services')], name => this.explain(name));
    const moments = new MomentsPanel(topology.start, ms => this.control(controls.seekMs(ms)));
    // A new panel: its class (implementing Panel) and one entry here, where it should draw in the order.
    this.panels = [map, this.graph, dns, timeline, log, charts, services, this.why, moments, new StatusBar(id, topology.start)];
    byId('run-title').textContent = topology.title;
    byId('log-filter').oninput = () => this.redraw();
    byId('log-noisy').onchange = () => this.redraw();
    void this.pollSeries();
  }

  /** Batches are handled one after another; a gap (a batch past what the page holds) is filled from the API first. */
  onBatch(b: Batch): void {
    this.queue = this.queue.then(async () => {
      if (b.page && !this.store.add(b.page)) {
        await this.fill();
        this.store.add(b.page);
      }
      this.onStatus(b.status);
    }).catch(e => { if (!runIsGone(e)) console.error(e); });
  }

  /** Statuses come from batches and from control answers, which can cross: an older one never replaces a newer. */
  onStatus(s: RunStatus): void {
    if (this.status && s.version < this.status.version) return;
    this.status = s;
    this.redraw();
  }

  /** Every released event the page does not hold yet, page by page. */
  async fill(): Promise<void> {
    for (;;) {
      const page = await api.events(this.id, this.store.count);
      this.store.add(page);
      this.redraw();
      if (page.to <= page.from) return;
    }
  }

  close(): void {
    this.closed = true;
    for (const panel of this.panels) panel.close?.();
  }

  /** Flash the map's sites named, and the sites of the nodes named (routers and servers are drawn as their site). */
  highlight(sites: string[], nodes: string[]): void {
    const siteOf = new Map(this.store.topology.nodes.map(n => [n.name, n.site]));
    const names = new Set([...sites, ...nodes, ...nodes.map(n => siteOf.get(n)).filter((s): s is string => !!s)]);
    for (const name of names) {
      for (const e of document.querySelectorAll(`#map [data-name="${CSS.escape(name)}"], #dns-grid [data-name="${CSS.escape(name)}"]`)) {
        e.classList.remove('highlight');
        void (e as HTMLElement | SVGElement).getBoundingClientRect(); // restart the animation
        e.classList.add('highlight');
      }
    }
  }

  resume(): void { this.control(this.controls.play()); }

  /** The instant on screen: a what-if forks here. */
  get shownMs(): number { return this.instant(); }
  /** Open the Why panel on a node, service, prefix, site or link at the instant shown (also the hook for other views). */
  explain(name: string): void { this.why.open(name, this.instant()); }

  private async pollSeries(): Promise<void> {
    while (!this.closed) {
      try {
        const page = await api.series(this.id, this.store.rows.length);
        this.store.columns = page.columns;
        this.store.addRows(page.from, page.rows);
        if (page.rows.length > 0) this.redraw();
      } catch (e) {
        if (this.closed || runIsGone(e)) return;
        console.error(e);
      }
      await new Promise(r => setTimeout(r, this.status?.state === 'ended' ? 3000 : 500));
    }
  }

  private control(call: Promise<RunStatus>): void {
    call.then(s => this.onStatus(s)).catch(e => flash((e as Error).message));
  }

  private redraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  /** The instant drawn: the playhead, but never past the events this page holds (a batch may still be on its way). */
  private instant(): number {
    const s = this.status;
    if (!s) return 0;
    let ms = this.preview ?? s.ms;
    if (this.store.count < s.events) {
      const last = this.store.count > 0 ? this.store.events[this.store.count - 1].ms - 1 : 0;
      ms = Math.min(ms, last);
    }
    return Math.max(0, ms);
  }

  private drawnCount = 0;

  private draw(): void {
    const s = this.status;
    if (!s) return;
    const ms = this.instant();
    if (this.store.count > this.drawnCount && s.playing) paintLatency.push(Date.now() - s.releasedAt);
    this.drawnCount = this.store.count;
    const view = { status: s, store: this.store, ms, states: this.store.statesAt(ms), loads: this.store.loadsAt(ms) };
    for (const panel of this.panels) panel.draw(view);
  }
}

/**
 * Engine-to-paint latency: wall time from the server releasing events (the playhead passing them) to the frame that
 * draws them, in ms. Read by the benchmark and the browser test (window.backboneSimLatency).
 */
const paintLatency: number[] = [];
(window as unknown as { backboneSimLatency: number[] }).backboneSimLatency = paintLatency;

/** A 404 for this view's run: it was ended (a session's fork replaced it) and the page is about to follow the fork. */
function runIsGone(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

function flash(message: string): void {
  const pill = byId('run-state');
  pill.textContent = message;
  pill.setAttribute('data-state', 'error');
}

let view: RunView | null = null;
const feed = new LiveFeed(b => view?.onBatch(b), s => view?.onStatus(s));

async function attach(runId: string): Promise<void> {
  view?.close();
  const topology = await api.topology(runId);
  const current = new RunView(runId, topology, plainControls(runId));
  view = current;
  // Only the browser that started (or forked) the run holds its owner token: any other page watches.
  document.body.toggleAttribute('data-watching', runOwners.get(runId) === null);
  history.replaceState(null, '', `#run=${runId}`);
  // A fork is a new run; the original keeps going (its link still works) for comparison.
  new WhatIfPanel(current.store, () => current.shownMs, { path: `/api/runs/${runId}/whatif`,
    forked: fork => void attach(runOwners.keep(fork as RunStatus).id).catch(err => flash((err as Error).message)) });
  await feed.watch(runId);
  await view.fill();
  // For `bench web`: ms since navigation when the run is first drawn in its state (runs after the frame fill queued).
  requestAnimationFrame(() => document.body.setAttribute('data-first-draw-ms', String(Math.round(performance.now()))));
}

/** Open a teaching session as its instructor (the secret from the link) or as a learner (the token from joining). */
async function attachSession(sessionId: string, token: string, role: 'instructor' | 'learner'): Promise<void> {
  view?.close();
  const first = await sessionApi.state(sessionId, token);
  const topology = await api.topology(first.runId);
  const current = new RunView(first.runId, topology, role === 'instructor' ? instructorControls(sessionId, token) : noControls);
  document.body.removeAttribute('data-watching'); // the session's role decides
  view = current;
  const panel = new SessionPanel(sessionId, token, role, (sites, nodes) => current.highlight(sites, nodes), () => current.resume(), flash);
  panel.show(first);
  // The instructor's fork moves the session: this page follows it like every learner's, through the view's runId.
  if (role === 'instructor') new WhatIfPanel(current.store, () => current.shownMs, { path: `/api/sessions/${sessionId}/whatif`, token, forked: () => {} });
  else WhatIfPanel.hide();
  let moving = false;
  await feed.joinSession(sessionId, token, v => {
    if (v.runId === current.id) panel.show(v);
    else if (!moving) { moving = true; void attachSession(sessionId, token, role).catch(err => flash((err as Error).message)); } // an inject forked the run
  });
  // A paused run sends no batch until it changes: start from its status.
  current.onStatus(await api.status(first.runId));
  await current.fill();
}

function showJoinScreen(code: string): void {
  const screen = byId('join-screen');
  screen.hidden = false;
  byId<HTMLInputElement>('join-code-input').value = code;
  byId<HTMLFormElement>('join-form').onsubmit = async e => {
    e.preventDefault();
    try {
      const joined = await sessionApi.join(byId<HTMLInputElement>('join-code-input').value, byId<HTMLInputElement>('join-name').value);
      sessionStore.saveLearnerToken(joined.sessionId, joined.learnerToken);
      history.replaceState(null, '', `#session=${joined.sessionId}`);
      screen.hidden = true;
      await attachSession(joined.sessionId, joined.learnerToken, 'learner');
    } catch (err) { byId('join-error').textContent = (err as Error).message; }
  };
}

/**
 * #session=ID (the instructor or a learner of this tab: the secret or token is in its sessionStorage), #join or
 * #join=CODE. A link #session=ID&key=SECRET (the API's instructorUrl, to open the instructor's page elsewhere) is
 * exchanged once: the secret goes to this tab's storage and out of the address, which a projector shows.
 */
async function route(): Promise<boolean> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const session = hash.get('session');
  if (session && /^[0-9a-f]{32}$/.test(session)) {
    const key = hash.get('key');
    if (key) {
      sessionStore.saveInstructorSecret(session, key);
      history.replaceState(null, '', `#session=${session}`);
    }
    const secret = sessionStore.instructorSecret(session);
    if (secret) { await attachSession(session, secret, 'instructor'); return true; }
    const token = sessionStore.learnerToken(session);
    if (token) { await attachSession(session, token, 'learner'); return true; }
  }
  if (hash.has('join') || session) { showJoinScreen(hash.get('join') ?? ''); return true; }
  return false;
}

async function boot(): Promise<void> {
  const select = byId<HTMLSelectElement>('scenario');
  const scenarios = await api.scenarios();
  select.replaceChildren(...scenarios.map(s => el('option', { value: s.name }, `${s.title} (${s.name})`)));
  if (scenarios.some(s => s.name === 'facebook-2021-10-04')) select.value = 'facebook-2021-10-04';
  byId<HTMLFormElement>('start-form').onsubmit = async e => {
    e.preventDefault();
    try {
      const run = await api.start(select.value, byId<HTMLSelectElement>('start-speed').value);
      await attach(run.id);
    } catch (err) { flash((err as Error).message); }
  };
  byId<HTMLButtonElement>('teach').onclick = async () => {
    try {
      const created = await sessionApi.create(select.value);
      // The secret stays in this tab's storage, never in the address the projector shows.
      sessionStore.saveInstructorSecret(created.sessionId, created.instructorSecret);
      history.replaceState(null, '', `#session=${created.sessionId}`);
      await attachSession(created.sessionId, created.instructorSecret, 'instructor');
    } catch (err) { flash((err as Error).message); }
  };
  byId<HTMLButtonElement>('join-open').onclick = () => showJoinScreen('');
  if (await route().catch(err => { flash((err as Error).message); return true; })) return;
  const match = /^#run=([0-9a-f]{32})$/.exec(location.hash);
  if (match) await attach(match[1]).catch(err => flash((err as Error).message));
}

void boot();
