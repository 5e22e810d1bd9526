// The API's JSON shapes (docs/web.md).

export interface ScenarioEntry { name: string; title: string; file: string }

export interface RunStatus {
  id: string; scenario: string; title: string;
  state: 'playing' | 'paused' | 'computing' | 'ended' | 'failed';
  speed: string; playing: boolean;
  ms: number; t: string; targetMs: number; computedMs: number; untilMs: number;
  events: number; computedEvents: number; releasedAt: number; version: number; error?: string;
  /** Only in the answer that created the run (POST /api/runs, a fork): who holds it controls the run. */
  ownerToken?: string;
  /** Only in the answer to a what-if fork: what of the what-if may not go as written (what-if:LINE:COL: message). */
  warnings?: string[];
}

/** One event, as in the --events file (docs/outputs.md). */
export interface SimEvent {
  id: number; cause: number | null; ms: number; t: string; kind: string; node: string;
  data: Record<string, unknown>;
}

export interface StateChange { eventId: number; target: string; state: string }
/** A backbone link's load from the latest link.utilisation report of its pair of routers (all 0: none yet, or nothing carried). */
export interface LinkLoad { gbps: number; capacityGbps: number; utilisation: number }
/** A link's load changed with event `eventId` (one per link: parallel links between two routers share a report). */
export interface LoadChange { eventId: number; link: string; gbps: number; capacityGbps: number; utilisation: number }
export interface Moment { eventId: number; ms: number; what: string }

export interface EventPage { from: number; to: number; events: SimEvent[]; changes: StateChange[]; moments: Moment[]; loads: LoadChange[] }
export interface Batch { status: RunStatus; page?: EventPage }

export interface SiteView { name: string; kind: 'dc' | 'hub' | 'pop'; city: string; region: string; lat: number; lon: number }
export interface NodeView { name: string; kind: 'router' | 'dns' | 'dc' | 'as'; role?: string; site?: string; region: string; lat: number; lon: number; label?: string }
export interface LinkView { name: string; a: string; b: string; siteA: string; siteB: string; capacityGbps: number }

export interface Topology {
  scenario: string; title: string; start: string; untilMs: number;
  sites: SiteView[]; nodes: NodeView[]; links: LinkView[]; services: string[];
  initial: Record<string, string>; atMs: number; states: Record<string, string>;
  /** Every backbone link's load at `atMs`. */
  loads: Record<string, LinkLoad>;
}

export interface SeriesPage { columns: string[]; intervalMs: number; from: number; rows: number[][]; total: number }

/** GET /runs/{id}/why: a target's state at an instant and the chain of causes to it, first cause first. */
export interface WhyAnswer {
  target: string; kind: 'node' | 'service' | 'prefix' | 'site' | 'link'; element?: string; cohort?: string;
  atMs: number; t: string; state: string; availability?: number;
  stateEvent?: SimEvent; chain: SimEvent[]; root?: { line: string; what?: string };
}
