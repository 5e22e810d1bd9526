import type { RunStatus } from './types';
import type { SessionCreated, SessionJoined, SessionView } from './sessionTypes';

/** Session calls; `token` is the instructor's secret or the learner's token, sent as a bearer token. */
async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(json?.error ?? `${method} ${path}: HTTP ${response.status}`);
  return json as T;
}

const at = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export const sessionApi = {
  create: (scenario: string) => call<SessionCreated>('POST', '/api/sessions', null, { scenario }),
  join: (code: string, name: string) => call<SessionJoined>('POST', '/api/sessions/join', null, { code, name }),
  state: (id: string, token: string) => call<SessionView>('GET', `${at(id)}/state`, token),
  control: (id: string, token: string, body: Record<string, unknown>) => call<RunStatus>('POST', `${at(id)}/control`, token, body),
  reveal: (id: string, token: string) => call<SessionView>('POST', `${at(id)}/reveal`, token),
  inject: (id: string, token: string, name: string) => call<SessionView>('POST', `${at(id)}/inject`, token, { name }),
  answer: (id: string, token: string, body: { choice?: number; text?: string }) => call<SessionView>('POST', `${at(id)}/answer`, token, body),
};

/**
 * Where a browser keeps its role in a session, per tab (sessionStorage): the instructor's secret from creating the
 * session (or from a link that carried it once, which the page strips at once), a learner's token from joining.
 * Never in the address: the instructor's page is projected, and its address can be read or shared.
 */
export const sessionStore = {
  instructorSecret: (id: string) => sessionStorage.getItem(`backbonesim.instructor.${id}`),
  saveInstructorSecret: (id: string, secret: string) => sessionStorage.setItem(`backbonesim.instructor.${id}`, secret),
  learnerToken: (id: string) => sessionStorage.getItem(`backbonesim.learner.${id}`),
  saveLearnerToken: (id: string, token: string) => sessionStorage.setItem(`backbonesim.learner.${id}`, token),
};
