import { loadLevel } from './linkLoad';
import type { NodeView } from './types';

/**
 * How the graph view paints a state. WebGL cannot read CSS, so the colours are taken from the page's CSS variables
 * once (styles.css :root), and the graph and the map keep one palette.
 */
export interface GraphPalette {
  ok: string; warn: string; bad: string; off: string; neutral: string; linkUp: string; linkDown: string;
  /** An up link's colour by its load level (linkLoad.ts): 50–80 %, 80–100 %, over 100 %; under 50 % is linkUp. */
  loadBusy: string; loadHigh: string; loadCongested: string;
}

export function readPalette(linkCount: number): GraphPalette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    ok: v('--ok', '#2ea043'), warn: v('--warn', '#d29922'), bad: v('--bad', '#f85149'), off: v('--off', '#6e40c9'),
    neutral: '#5a7a9a',
    // Thousands of links drawn at full strength would hide the nodes: a working link is fainter the more links
    // there are, because overlapping links add up (0.35 up to 500 links, 0.06 from 3,000); a down one is not.
    linkUp: `rgba(63, 143, 90, ${Math.min(0.35, Math.max(0.06, 0.35 * 500 / Math.max(1, linkCount))).toFixed(2)})`,
    linkDown: 'rgba(248, 81, 73, 0.85)',
    loadBusy: v('--load-busy', '#f2cc60'), loadHigh: v('--load-high', '#f0883e'), loadCongested: v('--load-congested', '#ff3b5c'),
  };
}

/** The colour of a node's state (MapStates' names, docs/web.md "Map states"). An unknown state is drawn neutral. */
export function nodeColour(state: string, p: GraphPalette): string {
  switch (state) {
    case 'announcing': case 'up': case 'serving': return p.ok;
    case 'reachable': return p.neutral;
    case 'isolated': case 'restoring': case 'tripped': case 'partial': return p.warn;
    case 'withdrawn': case 'down': case 'dark': case 'unreachable': return p.bad;
    case 'unpowered': return p.off;
    default: return p.neutral;
  }
}

/** A down link is red; an up one by its utilisation (0 when no report): faint under 50 %, then amber, orange, red. */
export function linkColour(state: string, p: GraphPalette, utilisation = 0): string {
  if (state === 'down') return p.linkDown;
  switch (loadLevel(utilisation)) {
    case 'busy': return p.loadBusy;
    case 'high': return p.loadHigh;
    case 'congested': return p.loadCongested;
    default: return p.linkUp;
  }
}

/** A change into one of these states is the cascade moving: it is emphasised with a short pulse. */
export function isLoss(state: string): boolean {
  return state === 'withdrawn' || state === 'down' || state === 'isolated' || state === 'dark' || state === 'unpowered'
    || state === 'tripped' || state === 'unreachable';
}

/** Radius in screen pixels at the initial zoom; data centers stand out, the many routers stay small. */
export function nodeSize(kind: NodeView['kind'], scale: number): number {
  const base = kind === 'dc' ? 7 : kind === 'router' ? 3.2 : 3;
  return Math.max(1.2, base * scale);
}

/** Smaller marks for bigger graphs: 1 up to ~700 nodes, about 0.4 at 5,000. */
export function sizeScale(nodeCount: number): number {
  return Math.min(1, Math.max(0.4, Math.sqrt(700 / Math.max(1, nodeCount))));
}

/**
 * Sigma's hover and selection mark, for a dark page: a ring around the node and its name on a dark card (sigma's
 * default is a white card, on which the page's light label colour cannot be read).
 */
export function drawNodeHoverOnDark(context: CanvasRenderingContext2D, data: { x: number; y: number; size: number; label?: string | null }, settings: { labelSize: number; labelFont: string; labelWeight: string }): void {
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  context.beginPath();
  context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
  context.strokeStyle = '#4cc9f0';
  context.lineWidth = 2;
  context.stroke();
  if (!data.label) return;
  const width = context.measureText(data.label).width;
  const x = data.x + data.size + 6, y = data.y - size / 2 - 3;
  context.fillStyle = 'rgba(13, 17, 23, 0.92)';
  context.fillRect(x - 3, y, width + 6, size + 6);
  context.fillStyle = '#d8dee6';
  context.fillText(data.label, x, data.y + size / 3);
}
