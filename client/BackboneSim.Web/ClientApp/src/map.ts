import { geoNaturalEarth1, geoPath, geoGraticule10 } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology as TopoJson } from 'topojson-specification';
import land110 from 'world-atlas/land-110m.json';
import { svg } from './dom';
import type { Panel, View } from './panel';
import type { Topology } from './types';

const WIDTH = 960, HEIGHT = 480;

/**
 * The world map: land from the bundled Natural Earth 1:110m atlas (no tiles from the Internet), backbone links
 * between sites, external ASes around their region, and sites (data centers, hubs, PoPs) coloured by state.
 * Every drawn element carries data-name, data-kind and data-state, which CSS colours and tests read.
 * SVG is enough for the FB topology's few hundred elements; the graph view of a later increment draws on canvas.
 */
export class WorldMap implements Panel {
  readonly id = 'map';
  private readonly shapes = new Map<string, SVGElement>();
  private readonly shown = new Map<string, string>();
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
    const seen = new Set<string>();
    for (const l of topology.links) {
      const a = siteAt.get(l.siteA), b = siteAt.get(l.siteB);
      if (!a || !b || a === b) continue;
      const key = [a.name, b.name].sort().join('|'); // parallel links share one drawn arc; the worst state wins
      const d = path({ type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] }) ?? '';
      const line = svg('path', { d, class: 'link', 'data-name': l.name, 'data-kind': 'link', 'data-state': 'up' });
      if (seen.has(key)) line.classList.add('parallel');
      seen.add(key);
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

  /** Recolour what changed since the last call; a site that just went down pulses once. */
  draw({ states }: View): void {
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
}
