import type Graph from 'graphology';
import noverlap from 'graphology-layout-noverlap';

/**
 * "Spread": push apart the nodes that overlap (a site's routers drawn on top of each other, neighbouring sites'
 * discs) while keeping everyone near its geographic place, so the picture stays a map. Noverlap rather than a force
 * layout: most nodes (DNS servers, data centers) have no link in the topology's link list, so forces would fling
 * them away from their site. It runs a few iterations per animation frame on the page's thread, so the view stays
 * responsive and shows the nodes moving; it stops when nothing moves any more or after `budgetMs`.
 *
 * `unitsPerPixel` converts the nodes' screen-pixel sizes into layout units, so "overlap" means overlap on screen.
 */
export function spreadNodes(graph: Graph, unitsPerPixel: number, budgetMs = 4000): { stop(): void; done: Promise<void> } {
  let stopped = false;
  const started = performance.now();
  const done = new Promise<void>(resolve => {
    const step = () => {
      if (stopped) { resolve(); return; }
      const before = snapshot(graph);
      noverlap.assign(graph, {
        maxIterations: 4,
        inputReducer: (_key, attr) => ({ x: attr.x, y: attr.y, size: (attr.size ?? 1) * unitsPerPixel }),
        outputReducer: (_key, attr) => ({ x: attr.x, y: attr.y }),
        settings: { margin: 1.5 * unitsPerPixel, ratio: 1.4, speed: 3 },
      });
      if (!moved(graph, before) || performance.now() - started > budgetMs) { resolve(); return; }
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return { stop: () => { stopped = true; }, done };
}

function snapshot(graph: Graph): Float64Array {
  const xy = new Float64Array(graph.order * 2);
  let i = 0;
  graph.forEachNode((_n, a) => { xy[i++] = a.x as number; xy[i++] = a.y as number; });
  return xy;
}

function moved(graph: Graph, before: Float64Array): boolean {
  let i = 0, any = false;
  graph.forEachNode((_n, a) => {
    if (Math.abs((a.x as number) - before[i]) > 1e-3 || Math.abs((a.y as number) - before[i + 1]) > 1e-3) any = true;
    i += 2;
  });
  return any;
}
