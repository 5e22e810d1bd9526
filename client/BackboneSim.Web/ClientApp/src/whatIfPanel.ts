import { byId, clockText, el } from './dom';
import type { RunStore } from './runStore';

/** Where a fork goes: a plain run's endpoint, or a session's with the instructor's secret. */
export interface WhatIfTarget {
  path: string;
  token?: string;
  /** Called with the server's answer once forked: a plain run attaches to the new run; a session's pages follow by themselves. */
  forked(answer: unknown): void;
}

/** A refusal from the server: its message and the loader's lines (what-if:LINE:COL: message). */
class Refused extends Error {
  constructor(message: string, readonly details: string[]) { super(message); }
}

async function postWhatIf(target: WhatIfTarget, yaml: string, at: number): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  const response = await fetch(target.path, { method: 'POST', headers, body: JSON.stringify({ yaml, at: Math.round(at) }) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Refused(json?.error ?? `HTTP ${response.status}`, Array.isArray(json?.details) ? json.details : []);
  return json;
}

/**
 * The notice of a fork's warnings (docs/web.md#what-ifs): what of the what-if may not go as written (a busy team, no
 * remote access, nothing to roll back), one line each, until dismissed or the next fork. It lives beside the editor,
 * not in it, so it stays when the page re-attaches to the fork and the editor is built anew. Text only (textContent).
 */
export function showWhatIfWarnings(warnings: readonly string[]): void {
  const notice = byId('whatif-notice');
  if (warnings.length === 0) { notice.replaceChildren(); notice.hidden = true; return; }
  const dismiss = el('button', { id: 'whatif-notice-dismiss', type: 'button', title: 'hide these warnings' }, 'Dismiss');
  dismiss.onclick = () => { notice.replaceChildren(); notice.hidden = true; };
  notice.replaceChildren(
    el('p', {}, `Forked, with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: the what-if may not go as written.`),
    el('ul', { id: 'whatif-warnings' }),
    dismiss);
  notice.querySelector('ul')!.append(...warnings.map(line => el('li', {}, line)));
  notice.hidden = false;
}

/**
 * The "What-if…" editor (docs/web.md#what-ifs): a textarea prefilled with an example built from what the run has
 * shown, and Fork, which forks the run at the instant shown with that change. Errors come back as the loader's
 * located lines (or the fork-time checks') and are listed under the editor; a fork's warnings go to the notice
 * (showWhatIfWarnings). Mounted for a plain run's viewer and a session's instructor only.
 */
export class WhatIfPanel {
  private readonly root = byId('whatif');
  private readonly editor = el('div', { class: 'whatif-editor', hidden: '' });
  private readonly text = el('textarea', { id: 'whatif-text', rows: '10', spellcheck: 'false', 'aria-label': 'what-if YAML' });
  private readonly fork = el('button', { id: 'whatif-fork', type: 'button' }, 'Fork');
  private readonly errors = el('ul', { id: 'whatif-errors', class: 'error' });

  constructor(private readonly store: RunStore, private readonly instant: () => number, private readonly target: WhatIfTarget) {
    const open = el('button', { id: 'whatif-open', type: 'button', title: 'fork this run from the instant shown with a change to the scenario' }, 'What-if…');
    const close = el('button', { type: 'button' }, 'Close');
    const hint = el('p', { class: 'muted' }, 'Forks the run at the instant shown: the same past, then your change.');
    this.editor.append(hint, this.text, el('div', { class: 'whatif-buttons' }), this.errors);
    this.editor.querySelector('.whatif-buttons')!.append(this.fork, close);
    this.root.replaceChildren(open, this.editor);
    this.root.hidden = false;
    open.onclick = () => {
      this.editor.hidden = !this.editor.hidden;
      if (!this.editor.hidden && !this.text.value) this.text.value = this.example();
    };
    close.onclick = () => { this.editor.hidden = true; };
    this.fork.onclick = () => void this.submit();
  }

  /** Learners get no editor (the server refuses them anyway). */
  static hide(): void {
    const root = byId('whatif');
    root.replaceChildren();
    root.hidden = true;
  }

  private async submit(): Promise<void> {
    this.fork.disabled = true;
    this.errors.replaceChildren();
    showWhatIfWarnings([]);
    try {
      const answer = await postWhatIf(this.target, this.text.value, this.instant());
      const warnings = (answer as { warnings?: unknown } | undefined)?.warnings;
      showWhatIfWarnings(Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : []);
      this.target.forked(answer);
      this.editor.hidden = true;
    } catch (e) {
      const details = e instanceof Refused ? e.details : [];
      this.errors.replaceChildren(...[(e as Error).message, ...details].map(line => el('li', {}, line)));
    } finally { this.fork.disabled = false; }
  }

  /** A commented example from the run's own data: roll back the latest push shown, else fail a backbone link. */
  private example(): string {
    const actions = this.store.events.filter(e => e.kind === 'scenario.action');
    const push = actions.filter(e => e.data.kind === 'push').pop()?.data.action;
    const failure = actions.filter(e => e.data.kind === 'fail').pop()?.data.action;
    const link = this.store.topology.links[0]?.name ?? 'LINK';
    const at = clockText(this.store.topology.start, this.instant());
    const lines = [
      `# What-if from ${at} UTC on: the run is forked here, same scenario and seed, then this change.`,
      '# timeline: entries as in the scenario (push, respond, fail, recover, surge); "at:" defaults to the fork',
      '# instant and may not be before it; "when:" triggers watch only what happens from the fork on.',
      '# cancel: scenario actions with a fixed time that have not run yet. See docs/scenario-format.md#what-ifs.',
      'timeline:',
    ];
    if (typeof push === 'string') lines.push('  - name: roll-back-now', `    respond: { rollback: ${push} }`);
    else if (typeof failure === 'string') lines.push('  - name: recover-now', `    recover: { failure: ${failure} }`);
    else lines.push('  - name: cut-a-link', `    fail: { links: ["${link}"], for: 30m }`);
    lines.push('#  - name: later', '#    at: +1h', `#    fail: { links: ["${link}"], for: 10m }`, '# cancel: [NAME-OF-A-LATER-ACTION]');
    return lines.join('\n') + '\n';
  }
}
