import type { LinkLoad } from './types';

/**
 * How loaded a backbone link is, from its pair of routers' latest link.utilisation report: under 50 % `normal`,
 * 50–80 % `busy`, 80–100 % `high`, over 100 % `congested` (the model drops the excess there, so users feel it).
 * The map (data-load, CSS) and the graph view (graphStyle.linkColour) draw the same four levels.
 */
export type LoadLevel = 'normal' | 'busy' | 'high' | 'congested';

export function loadLevel(utilisation: number): LoadLevel {
  return utilisation > 1 ? 'congested' : utilisation >= 0.8 ? 'high' : utilisation >= 0.5 ? 'busy' : 'normal';
}

/** Width factor per level, so the level never depends on hue alone (colour-blind safe): 1, 1.4, 1.8, 2.5. */
export function loadWidth(level: LoadLevel): number {
  return level === 'congested' ? 2.5 : level === 'high' ? 1.8 : level === 'busy' ? 1.4 : 1;
}

const gbps = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * A link's state and load for a tooltip: `up, 3.6 of 2.5 Gbps (144 %), congested`; with no report, the link's own
 * capacity (`capacityGbps`, from the topology) and "no traffic reported".
 */
export function loadSummary(state: string, load: LinkLoad | undefined, capacityGbps: number): string {
  if (!load || (load.gbps === 0 && load.utilisation === 0))
    return `${state}, no traffic reported${capacityGbps > 0 ? ` (capacity ${gbps(capacityGbps)} Gbps)` : ''}`;
  const level = loadLevel(load.utilisation);
  return `${state}, ${gbps(load.gbps)} of ${gbps(load.capacityGbps)} Gbps (${Math.round(load.utilisation * 100)} %)${level === 'normal' ? '' : `, ${level}`}`;
}

/** One line of a map arc's title: `NAME: ` and the summary. */
export function loadText(name: string, state: string, load: LinkLoad | undefined, capacityGbps: number): string {
  return `${name}: ${loadSummary(state, load, capacityGbps)}`;
}
