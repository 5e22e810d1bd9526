import type { EventPage, RunStatus, ScenarioEntry, SeriesPage, Topology, WhyAnswer } from './types';

/** A non-2xx answer: the server's message and the HTTP status (404 for a run that has ended and is gone). */
export class ApiError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

/** Calls the host's REST API; a non-2xx answer throws an ApiError with the server's message. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(json?.error ?? `${method} ${path}: HTTP ${response.status}`, response.status);
  return json as T;
}

const run = (id: string) => `/api/runs/${encodeURIComponent(id)}`;

export const api = {
  scenarios: () => call<ScenarioEntry[]>('GET', '/api/scenarios'),
  start: (scenario: string, speed: string) => call<RunStatus>('POST', '/api/runs', { scenario, speed }),
  status: (id: string) => call<RunStatus>('GET', run(id)),
  topology: (id: string) => call<Topology>('GET', `${run(id)}/topology`),
  events: (id: string, since: number, max = 10000) => call<EventPage>('GET', `${run(id)}/events?since=${since}&max=${max}`),
  series: (id: string, since: number) => call<SeriesPage>('GET', `${run(id)}/series?since=${since}`),
  play: (id: string) => call<RunStatus>('POST', `${run(id)}/control`, { action: 'play' }),
  pause: (id: string) => call<RunStatus>('POST', `${run(id)}/control`, { action: 'pause' }),
  speed: (id: string, speed: string) => call<RunStatus>('POST', `${run(id)}/control`, { action: 'speed', speed }),
  seekMs: (id: string, ms: number) => call<RunStatus>('POST', `${run(id)}/control`, { action: 'seek', ms: Math.round(ms) }),
  seekAt: (id: string, at: string) => call<RunStatus>('POST', `${run(id)}/control`, { action: 'seek', at }),
  why: (id: string, target: string, atMs: number) =>
    call<WhyAnswer>('GET', `${run(id)}/why?target=${encodeURIComponent(target)}&at=${Math.max(0, Math.round(atMs))}`),
};
