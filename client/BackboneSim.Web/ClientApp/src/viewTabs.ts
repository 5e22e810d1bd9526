import { byId } from './dom';

export type PanelView = 'map' | 'graph';

/**
 * The map panel's tabs: the world map or the graph view, one at a time (both want the panel's width). The choice
 * stays when the page moves to another run (a new RunView wires the tabs again). Returns the view shown now.
 */
export function wireViewTabs(onShow: (view: PanelView) => void): PanelView {
  const tabs: Record<PanelView, HTMLButtonElement> = { map: byId<HTMLButtonElement>('tab-map'), graph: byId<HTMLButtonElement>('tab-graph') };
  const show = (view: PanelView) => {
    for (const [name, tab] of Object.entries(tabs)) tab.setAttribute('aria-selected', String(name === view));
    byId('map').hidden = view !== 'map';
    byId('legend').hidden = view !== 'map';
    byId('graph').hidden = view !== 'graph';
    byId('graph-legend').hidden = view !== 'graph';
    onShow(view);
  };
  tabs.map.onclick = () => show('map');
  tabs.graph.onclick = () => show('graph');
  return tabs.graph.getAttribute('aria-selected') === 'true' ? 'graph' : 'map';
}
