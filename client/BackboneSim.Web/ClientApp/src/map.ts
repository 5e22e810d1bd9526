import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology as TopoJson } from 'topojson-specification';
import land110 from 'world-atlas/land-110m.json';
import { svg } from './dom';
import { loadLevel, loadText } from './linkLoad';
import type { Panel, View } from './panel';
import type { LinkLoad, LinkView, Topology } from './types';

/** One drawn arc between two sites: the backbone links it stands for (parallel ones hidden under it), and what it shows. */
interface Arc { links: LinkView[]; paths: SVGElement[]; title: SVGTitleElement; loads: (LinkLoad | undefined)[]; states: string[]; drawn: boolean }

const WIDTH = 960, HEIGHT = 480;

/**
 * The world map: land from the bundled Natural Earth 1:110m atlas (no tiles from the Internet), backbone links
 * between sites, external ASes around their region, and sites (data centers, hubs, PoPs) coloured by state.
 * Every drawn element carries data-name, data-kind and data-state, which CSS colours and tests read. An up link is
 * also coloured by its load: each link's path carries data-load (normal, busy, high, congested) and data-utilisation
 * of its arc, the busiest of the links between the same two sites (drawn as one arc), and a title with their loads.
 * SVG is enough for the FB topology's few hundred elements; the graph view of a later increment draws on canvas.
 */
export class WorldMap implements Panel {
  readonly id = 'map';
  private readonly shapes = new Map<string, SVGElement>();
  private readonly shown = new Map<string, string>();
  private readonly arcs: Arc[] = [];
  readonly root: SVGSVGElement;

  constructor(host: HTMLElement, topology: Topology) {
    const projection = geoNaturalEarth1().fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'Sphere' });
    const path = geoPath(projection);
    this.root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'world', role: 'img', 'aria-label': 'world map' });
    this.root.append(svg('path', { d: path({ type: 'Sphere' }) ?? '', class: 'sphere' }));
    this.root.append(svg('path', { d: path(geoGraticule10()) ?? '', class: 'graticule' }));
    const atlas = land110 as unknown as TopoJson<{ land: GeometryCollection }>;
    this.root.append(svg('path', { d: path(feature(atlas, atlas.objects.land)) ?? '', class: 'land' }));

    const siteAt = new Map(topology.sites.map(s => [s.name, s]));
    const links = svg('g', { class: 'links' });
    const arcOf = new Map<string, Arc>();
    for (const l of topology.links) {
      const a = siteAt.get(l.siteA), b = siteAt.get(l.siteB);
      if (!a || !b || a === b) continue;
      const key = [a.name, b.name].sort().join('|'); // parallel links share one drawn arc; the worst state wins
      const d = path({ type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] }) ?? '';
      const line = svg('path', { d, class: 'link', 'data-name': l.name, 'data-kind': 'link', 'data-state': 'up', 'data-load': 'normal', 'data-utilisation': '0' });
      let arc = arcOf.get(key);
      if (arc) line.classList.add('parallel');
      else {
        arc = { links: [], paths: [], title: svg('title') as SVGTitleElement, loads: [], states: [], drawn: false };
        line.append(arc.title);
        arcOf.set(key, arc);
        this.arcs.push(arc);
      }
      arc.links.push(l);
      arc.paths.push(line);
      links.append(line);
      this.shapes.set(l.name, line);
    }
    this.root.append(links);

    const ases = svg('g', { class: 'ases' });
    for (const n of topology.nodes.filter(n => n.kind === 'as')) {
      const [x, y] = projection([n.lon, n.lat]) ?? [0, 0];
      const dot = svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.2, class: 'as', 'data-name': n.name, 'data-kind': 'as', 'data-state': 'reachable' });
      const title = svg('title');
      title.textContent = n.label ?? n.name;
      dot.append(title);
      ases.append(dot);
      this.shapes.set(n.name, dot);
    }
    this.root.append(ases);

    const sites = svg('g', { class: 'sites' });
    for (const s of topology.sites) {
      const [x, y] = projection([s.lon, s.lat]) ?? [0, 0];
      const size = s.kind === 'dc' ? 6 : s.kind === 'hub' ? 4.5 : 4;
      const mark = s.kind === 'dc'
        ? svg('rect', { x: (x - size).toFixed(1), y: (y - size).toFixed(1), width: size * 2, height: size * 2, rx: 1.5 })
        : svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: size });
      for (const [k, v] of Object.entries({ class: `site ${s.kind}`, 'data-name': s.name, 'data-kind': `site-${s.kind}`, 'data-state': 'ok' }))
        mark.setAttribute(k, v);
      const title = svg('title');
      title.textContent = `${s.name} (${s.city}, ${s.kind === 'dc' ? 'data center' : s.kind === 'hub' ? 'backbone hub' : 'PoP'})`;
      mark.append(title);
      sites.append(mark);
      this.shapes.set(s.name, mark);
    }
    this.root.append(sites);
    host.replaceChildren(this.root);
  }

  /** Recolour what changed since the last call; a site that just went down pulses once; links by their load. */
  draw({ states, loads }: View): void {
    this.drawLoads(states, loads);
    for (const [name, shape] of this.shapes) {
      const state = states.get(name);
      if (state === undefined || this.shown.get(name) === state) continue;
      const before = this.shown.get(name);
      this.shown.set(name, state);
      shape.setAttribute('data-state', state);
      if (before !== undefined && (state === 'down' || state === 'withdrawn' || state === 'unreachable')) {
        shape.classList.remove('pulse');
        void shape.getBoundingClientRect(); // restart the animation
        shape.classList.add('pulse');
      }
    }
  }

  /** Each arc's load: the busiest of its links that are up (a down link carries nothing), in data-load and the title. */
  private drawLoads(states: ReadonlyMap<string, string>, loads: ReadonlyMap<string, LinkLoad>): void {
    for (const arc of this.arcs) {
      // The store keeps one object per reported load, so an unchanged arc is found without building any text.
      let changed = !arc.drawn;
      for (let i = 0; i < arc.links.length; i++) {
        const name = arc.links[i].name, state = states.get(name) ?? 'up', load = loads.get(name);
        if (arc.loads[i] !== load || arc.states[i] !== state) { arc.loads[i] = load; arc.states[i] = state; changed = true; }
      }
      if (!changed) continue;
      arc.drawn = true;
      let top = 0;
      const lines: string[] = [];
      arc.links.forEach((l, i) => {
        const load = arc.loads[i];
        if (arc.states[i] === 'up' && load) top = Math.max(top, load.utilisation);
        lines.push(loadText(l.name, arc.states[i], load, l.capacityGbps));
      });
      arc.title.textContent = lines.join('\n');
      const level = loadLevel(top);
      for (const p of arc.paths) {
        p.setAttribute('data-load', level);
        p.setAttribute('data-utilisation', String(top));
      }
    }
  }
}
