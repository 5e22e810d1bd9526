import { geoNaturalEarth1 } from 'd3-geo';
import type { NodeView, Topology } from './types';

/** A node's place in the graph view, in the world map's projected units (960 × 480, north up). */
export interface Placed { x: number; y: number }

const WIDTH = 960, HEIGHT = 480;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Where the graph view first draws every node, computed in one pass so the first frame needs no iterative layout
 * (a force layout over thousands of nodes takes seconds): each site's members on a small sunflower disc around the
 * site's projected position (the data center in the middle, then routers, then DNS servers, each in name order),
 * external ASes where the topology endpoint put them (on circles around their region). The same projection as the
 * world map, so the two views line up. Deterministic: the same topology always gives the same picture.
 *
 * `spacing` is the distance between neighbours on a disc, in projected units; the disc of n members has a radius of
 * about spacing × √n, so a site with 40 routers stays a compact blob and a PoP with 4 a dot.
 */
export function placeNodes(topology: Topology, spacing: number): Map<string, Placed> {
  const projection = geoNaturalEarth1().fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], { type: 'Sphere' });
  const project = (lon: number, lat: number): Placed => {
    const [x, y] = projection([lon, lat]) ?? [0, 0];
    return { x, y: HEIGHT - y }; // the renderer's y axis points up
  };

  const members = new Map<string, NodeView[]>();
  const placed = new Map<string, Placed>();
  for (const n of topology.nodes) {
    if (n.site === undefined) placed.set(n.name, project(n.lon, n.lat));
    else {
      const list = members.get(n.site) ?? [];
      list.push(n);
      members.set(n.site, list);
    }
  }

  const centreOf = new Map(topology.sites.map(s => [s.name, project(s.lon, s.lat)]));
  for (const [site, list] of members) {
    list.sort(byDiscOrder);
    const first = list[0];
    const centre = centreOf.get(site) ?? project(first.lon, first.lat);
    // A site with a data center puts it in the middle (index 0); otherwise the middle stays free, so no router
    // hides the site's position.
    const offset = first.kind === 'dc' ? 0 : 1;
    list.forEach((n, i) => {
      const k = i + offset;
      const r = spacing * Math.sqrt(k);
      placed.set(n.name, { x: centre.x + r * Math.cos(k * GOLDEN_ANGLE), y: centre.y + r * Math.sin(k * GOLDEN_ANGLE) });
    });
  }
  return placed;
}

const discRank: Record<NodeView['kind'], number> = { dc: 0, router: 1, dns: 2, as: 3 };

function byDiscOrder(a: NodeView, b: NodeView): number {
  return discRank[a.kind] - discRank[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
