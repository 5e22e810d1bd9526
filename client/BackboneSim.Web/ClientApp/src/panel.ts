import type { RunStore } from './runStore';
import type { LinkLoad, RunStatus } from './types';

/**
 * One instant of one run, as every panel draws it: computed once per frame by the page (main.ts), so the map, the
 * graph, the log and the charts never disagree about the instant or the states.
 */
export interface View {
  /** The server's latest status of the run (the newest version the page has). */
  readonly status: RunStatus;
  /** What the page holds of the run: released events, map changes, key moments, series rows. */
  readonly store: RunStore;
  /** The instant drawn: the playhead, or the scrubber while dragging, never past the events the page holds. */
  readonly ms: number;
  /** Each element's state at `ms` (map, graph and DNS grid colour by it). */
  readonly states: ReadonlyMap<string, string>;
  /** Each backbone link's load at `ms` (absent: no report, no load); the map and the graph colour up links by it. */
  readonly loads: ReadonlyMap<string, LinkLoad>;
}

/**
 * A part of the run's page that draws the instant shown. The page keeps its panels in one list and draws them in
 * order on each animation frame; adding a panel is a class implementing this and one line in RunView's list.
 */
export interface Panel {
  /** A short name (for debugging and the docs), e.g. 'map', 'timeline'. */
  readonly id: string;
  /** Draw `view`. Called on every frame, often with nothing new: a panel skips work when its input did not change. */
  draw(view: View): void;
  /** The page left this run: stop timers and renderers; a frame still queued draws nothing. */
  close?(): void;
}
