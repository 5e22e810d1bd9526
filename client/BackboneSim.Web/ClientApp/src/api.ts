import type { EventPage, RunStatus, ScenarioEntry, SeriesPage, Topology, WhyAnswer } from './types';

/** A non-2xx answer: the server's message and the HTTP status (404 for a run that has ended and is gone). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

/**
 * The owner tokens of the runs this browser started (or forked): only who holds a run's token controls it; anyone
 * else watches. Kept in localStorage, so another tab of this browser controls the run too.
 */
export const runOwners = {
  get: (id: string) => localStorage.getItem(`backbonesim.owner.${id}`),
  /** Keep the token of a run this page just created; answers the run. */
  keep: (run: RunStatus): RunStatus => {
    if (run.ownerToken) localStorage.setItem(`backbonesim.owner.${run.id}`, run.ownerToken);
    return run;
  },
};

/** Calls the host's REST API; a non-2xx answer throws an ApiError with the server's message. */
async function call<T>(method: string, path: string, body?: unknown, owner?: string | null): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (owner) headers['X-Run-Owner'] = owner;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(json?.error ?? `${method} ${path}: HTTP ${response.status}`, response.status);
  return json as T;
}

const run = (id: string) => `/api/runs/${encodeURIComponent(id)}`;
/** A plain run's control, with this browser's owner token for it (none: the server answers that only its owner controls it). */
const control = (id: string, body: Record<string, unknown>) => call<RunStatus>('POST', `${run(id)}/control`, body, runOwners.get(id));

export const api = {
  scenarios: () => call<ScenarioEntry[]>('GET', '/api/scenarios'),
  start: (scenario: string, speed: string) => call<RunStatus>('POST', '/api/runs', { scenario, speed }).then(runOwners.keep),
  status: (id: string) => call<RunStatus>('GET', run(id)),
  topology: (id: string) => call<Topology>('GET', `${run(id)}/topology`),
  events: (id: string, since: number, max = 10000) => call<EventPage>('GET', `${run(id)}/events?since=${since}&max=${max}`),
  series: (id: string, since: number) => call<SeriesPage>('GET', `${run(id)}/series?since=${since}`),
  play: (id: string) => control(id, { action: 'play' }),
  pause: (id: string) => control(id, { action: 'pause' }),
  speed: (id: string, speed: string) => control(id, { action: 'speed', speed }),
  seekMs: (id: string, ms: number) => control(id, { action: 'seek', ms: Math.round(ms) }),
  seekAt: (id: string, at: string) => control(id, { action: 'seek', at }),
  why: (id: string, target: string, atMs: number) =>
    call<WhyAnswer>('GET', `${run(id)}/why?target=${encodeURIComponent(target)}&at=${Math.max(0, Math.round(atMs))}`),
};
