import Graph from 'graphology';
import Sigma from 'sigma';
import { el } from './dom';
import { placeNodes } from './graphLayout';
import { spreadNodes } from './graphSpread';
import { drawNodeHoverOnDark, isLoss, linkColour, nodeColour, nodeSize, readPalette, sizeScale, type GraphPalette } from './graphStyle';
import { loadLevel, loadSummary, loadWidth } from './linkLoad';
import type { Panel, View } from './panel';
import type { LinkLoad, LinkView, NodeView, Topology } from './types';

const PULSE_MS = 1000;

/** What tests and the benchmark read (window.backboneSimGraph): the state each node and link is drawn in. */
export interface GraphProbe {
  stateOf(name: string): string | undefined;
  /** The utilisation a link is drawn with (0: no report or no load), undefined for anything but a link. */
  loadOf(name: string): number | undefined;
  /** Where a node is on screen, in pixels from the container's top left (to hover or click it); null before the first draw. */
  viewportOf(name: string): [number, number] | null;
  nodes: number; edges: number;
}

/**
 * The backbone as a graph: every node of the topology (routers, DNS servers, data centers, external ASes) and every
 * backbone link, coloured by the same states as the map (RunStore.statesAt), drawn with sigma.js on WebGL so
 * thousands of nodes stay fluid. A node or link that goes down, withdrawn, isolated, … grows and shrinks back over
 * a second, so the cascade can be seen moving.
 *
 * The graph (positions, colours) is kept up to date whether or not it is on screen; the WebGL renderer is only
 * created the first time the view is opened, because a hidden container has no size to draw into.
 *
 * The container carries data-nodes, data-edges, data-drawn-ms (the instant whose states are drawn), data-selected,
 * data-pulses (how many losses have pulsed),
 * and data-first-draw-ms: the time to the first rendered frame, counted from the topology (building the graph and
 * its layout) plus the renderer's start to its first frame, without the time the view waited to be opened.
 */
export class GraphView implements Panel {
  readonly id = 'graph';
  private readonly graph = new Graph({ type: 'undirected', multi: true, allowSelfLoops: true });
  private readonly palette: GraphPalette;
  private readonly nodeOf = new Map<string, NodeView>();
  private readonly linkOf = new Map<string, LinkView>();
  /** Each link's load as drawn (identity: the store keeps one object per reported load). */
  private readonly drawnLoad = new Map<string, LinkLoad | undefined>();
  private edgeSize = 1;
  private readonly drawn = new Map<string, string>();
  private readonly baseSize = new Map<string, number>();
  private readonly pulses = new Map<string, number>();
  private readonly canvasHost: HTMLElement;
  private readonly tooltip: HTMLElement;
  private renderer: Sigma | null = null;
  private pulseFrame = 0;
  private pulsed = 0; // losses animated so far (data-pulses), so a test can see the emphasis happen
  private readonly buildMs: number;
  private spreading: { stop(): void } | null = null;

  constructor(private readonly host: HTMLElement, topology: Topology, private readonly onSelect: (name: string) => void) {
    const started = performance.now();
    this.palette = readPalette(topology.links.length);
    const scale = sizeScale(topology.nodes.length);
    const place = placeNodes(topology, 3.4 * scale);
    for (const n of topology.nodes) {
      const at = place.get(n.name) ?? { x: 0, y: 0 };
      const size = nodeSize(n.kind, scale);
      const state = topology.initial[n.name] ?? '';
      this.nodeOf.set(n.name, n);
      this.baseSize.set(n.name, size);
      this.drawn.set(n.name, state);
      this.graph.addNode(n.name, { x: at.x, y: at.y, size, label: n.label && n.kind !== 'dns' ? n.label : n.name, color: nodeColour(state, this.palette), zIndex: isLoss(state) ? 1 : 0 });
    }
    const edgeSize = Math.max(0.5, scale);
    this.edgeSize = edgeSize;
    for (const l of topology.links) {
      if (!this.graph.hasNode(l.a) || !this.graph.hasNode(l.b)) continue;
      const state = topology.initial[l.name] ?? 'up';
      this.linkOf.set(l.name, l);
      this.drawnLoad.set(l.name, undefined);
      this.baseSize.set(l.name, edgeSize);
      this.drawn.set(l.name, state);
      this.graph.addEdgeWithKey(l.name, l.a, l.b, { size: edgeSize, color: linkColour(state, this.palette), zIndex: state === 'down' ? 1 : 0 });
    }
    this.buildMs = performance.now() - started;

    this.canvasHost = el('div', { class: 'graph-canvas' });
    this.tooltip = el('div', { class: 'graph-tooltip', hidden: '' });
    host.replaceChildren(this.canvasHost, this.tooltip, this.toolbar(topology));
    host.setAttribute('data-nodes', String(this.graph.order));
    host.setAttribute('data-edges', String(this.graph.size));
    host.removeAttribute('data-first-draw-ms');
    host.removeAttribute('data-selected');
    const probe: GraphProbe = {
      stateOf: name => this.drawn.get(name),
      loadOf: name => this.linkOf.has(name) ? (this.drawn.get(name) === 'down' ? 0 : this.drawnLoad.get(name)?.utilisation ?? 0) : undefined,
      viewportOf: name => {
        const at = this.renderer?.getNodeDisplayData(name);
        if (!this.renderer || !at) return null;
        const p = this.renderer.framedGraphToViewport(at);
        return [p.x, p.y];
      },
      nodes: this.graph.order, edges: this.graph.size,
    };
    (window as unknown as { backboneSimGraph: GraphProbe }).backboneSimGraph = probe;
  }

  /** Start drawing (the view became visible); the first call creates the WebGL renderer. */
  open(): void {
    if (this.renderer) { this.renderer.resize(); this.renderer.refresh(); return; }
    const started = performance.now();
    const renderer = new Sigma(this.graph, this.canvasHost, {
      allowInvalidContainer: true, // the map tab may hide the container later: it then has no size
      zIndex: true,
      labelColor: { color: '#d8dee6' },
      defaultDrawNodeHover: drawNodeHoverOnDark,
      labelRenderedSizeThreshold: 9, // names only once zoomed in: thousands of labels would be noise
      labelDensity: 0.5,
      hideEdgesOnMove: this.graph.size > 5000,
      stagePadding: 12,
      enableEdgeEvents: true, // hover a link for its load
    });
    this.renderer = renderer;
    // Sigma's constructor renders the first frame synchronously; the next animation frame is when it is on screen.
    requestAnimationFrame(() => {
      this.host.setAttribute('data-first-draw-ms', String(Math.round(this.buildMs + performance.now() - started)));
    });
    renderer.on('enterNode', ({ node, event }) => this.showTooltip(node, event.x, event.y));
    renderer.on('leaveNode', () => { this.tooltip.hidden = true; });
    renderer.on('enterEdge', ({ edge, event }) => this.showLinkTooltip(edge, event.x, event.y));
    renderer.on('leaveEdge', () => { this.tooltip.hidden = true; });
    renderer.on('clickNode', ({ node }) => this.select(node));
  }

  /**
   * Draw `states` (the map's states at `ms`) and the links' `loads`: recolour what changed; a change into a loss
   * pulses; an up link is coloured and widened by its load level (a congested one drawn on top).
   */
  draw({ states, loads, ms }: View): void {
    const now = performance.now();
    for (const [name, before] of this.drawn) {
      const state = states.get(name);
      if (state === undefined || state === before) continue;
      this.drawn.set(name, state);
      const loss = isLoss(state);
      if (this.graph.hasNode(name)) this.graph.mergeNodeAttributes(name, { color: nodeColour(state, this.palette), zIndex: loss ? 1 : 0 });
      else this.drawLink(name, loads.get(name));
      if (loss && this.renderer) { this.pulses.set(name, now); this.pulsed++; }
    }
    for (const [name, before] of this.drawnLoad) {
      const load = loads.get(name);
      if (load !== before) this.drawLink(name, load);
    }
    this.host.setAttribute('data-drawn-ms', String(ms));
    this.host.setAttribute('data-pulses', String(this.pulsed));
    if (this.pulses.size > 0 && !this.pulseFrame) this.pulseFrame = requestAnimationFrame(() => this.animatePulses());
  }

  /** A link's colour, width and order from its state and load. */
  private drawLink(name: string, load: LinkLoad | undefined): void {
    this.drawnLoad.set(name, load);
    const state = this.drawn.get(name) ?? 'up';
    const utilisation = state === 'down' ? 0 : load?.utilisation ?? 0;
    const level = loadLevel(utilisation);
    const size = this.edgeSize * loadWidth(level);
    this.baseSize.set(name, size);
    const attrs: { color: string; zIndex: number; size?: number } = { color: linkColour(state, this.palette, utilisation), zIndex: isLoss(state) || level === 'congested' ? 1 : 0 };
    if (!this.pulses.has(name)) attrs.size = size;
    this.graph.mergeEdgeAttributes(name, attrs);
  }

  close(): void {
    this.spreading?.stop();
    cancelAnimationFrame(this.pulseFrame);
    this.renderer?.kill();
    this.renderer = null;
  }

  /** Mark `name` as the selected node (drawn with a highlight) and tell whoever listens (a details panel). */
  private select(name: string): void {
    const previous = this.host.getAttribute('data-selected');
    if (previous && this.graph.hasNode(previous)) this.graph.setNodeAttribute(previous, 'highlighted', false);
    this.graph.setNodeAttribute(name, 'highlighted', true);
    this.host.setAttribute('data-selected', name);
    this.onSelect(name);
  }

  /** Each pulsing element is drawn up to 3× its size, shrinking back over PULSE_MS; on top of the others meanwhile. */
  private animatePulses(): void {
    this.pulseFrame = 0;
    const now = performance.now();
    for (const [name, since] of this.pulses) {
      const t = Math.min(1, (now - since) / PULSE_MS);
      const base = this.baseSize.get(name) ?? 1;
      const size = base * (1 + 2 * (1 - t) * (1 - t));
      const attrs = { size, zIndex: t < 1 ? 2 : isLoss(this.drawn.get(name) ?? '') ? 1 : 0 };
      if (this.graph.hasNode(name)) this.graph.mergeNodeAttributes(name, attrs);
      else this.graph.mergeEdgeAttributes(name, attrs);
      if (t >= 1) this.pulses.delete(name);
    }
    if (this.pulses.size > 0) this.pulseFrame = requestAnimationFrame(() => this.animatePulses());
  }

  private showTooltip(name: string, x: number, y: number): void {
    const n = this.nodeOf.get(name);
    const kind = n ? (n.kind === 'router' && n.role ? `router (${n.role})` : n.kind === 'as' ? 'external AS' : n.kind === 'dc' ? 'data center' : n.kind === 'dns' ? 'DNS server' : n.kind) : '';
    const where = n?.site ? ` at ${n.site}` : n ? ` in ${n.region}` : '';
    this.tooltip.replaceChildren(
      el('strong', {}, n?.label && n.kind === 'as' ? `${name} · ${n.label}` : name),
      el('span', {}, `${kind}${where}`),
      el('span', { class: 'graph-tooltip-state', 'data-state': this.drawn.get(name) ?? '' }, this.drawn.get(name) ?? 'unknown'));
    this.tooltip.style.left = `${Math.round(x + 12)}px`;
    this.tooltip.style.top = `${Math.round(y + 12)}px`;
    this.tooltip.hidden = false;
  }

  private showLinkTooltip(name: string, x: number, y: number): void {
    const l = this.linkOf.get(name);
    if (!l) return;
    const state = this.drawn.get(name) ?? 'up';
    this.tooltip.replaceChildren(
      el('strong', {}, name),
      el('span', {}, `backbone link ${l.siteA} – ${l.siteB}`),
      el('span', { class: 'graph-tooltip-state', 'data-state': state }, loadSummary(state, this.drawnLoad.get(name), l.capacityGbps)));
    this.tooltip.style.left = `${Math.round(x + 12)}px`;
    this.tooltip.style.top = `${Math.round(y + 12)}px`;
    this.tooltip.hidden = false;
  }

  private toolbar(topology: Topology): HTMLElement {
    const spread = el('button', { type: 'button', class: 'graph-spread', title: 'push overlapping nodes apart (a few seconds)' }, 'Spread');
    const geo = el('button', { type: 'button', class: 'graph-geo', title: 'back to the geographic layout' }, 'Geography');
    const fit = el('button', { type: 'button', class: 'graph-fit', title: 'show the whole graph' }, 'Fit');
    spread.addEventListener('click', () => {
      if (!this.renderer || this.spreading) return;
      const unitsPerPixel = 960 / Math.max(1, this.canvasHost.clientWidth);
      spread.disabled = true;
      const run = spreadNodes(this.graph, unitsPerPixel);
      this.spreading = run;
      void run.done.then(() => { this.spreading = null; spread.disabled = false; });
    });
    geo.addEventListener('click', () => {
      this.spreading?.stop();
      const place = placeNodes(topology, 3.4 * sizeScale(topology.nodes.length));
      for (const [name, at] of place) this.graph.mergeNodeAttributes(name, at);
    });
    fit.addEventListener('click', () => { void this.renderer?.getCamera().animatedReset(); });
    const tools = el('div', { class: 'graph-tools' });
    tools.append(spread, geo, fit);
    return tools;
  }
}
