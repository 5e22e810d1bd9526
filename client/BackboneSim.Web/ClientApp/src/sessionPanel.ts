import { byId, el } from './dom';
import { sessionApi } from './sessionApi';
import type { CheckpointView, NarrationLine, SessionView } from './sessionTypes';

/**
 * A teaching session on the page: the session bar (the join code, big, for a projector), the narration panel
 * (lines as the playhead reaches them; highlights flash on the map), the learner's checkpoint dialog and the
 * instructor's answer distribution with Reveal and Resume. Views come whole (the hub's `session` message, or an
 * answer's reply), so drawing one is idempotent. Every string is scenario or learner text: textContent only.
 */
export class SessionPanel {
  private shownLines = -1;
  private view: SessionView | null = null;
  private sending = false;

  constructor(
    private readonly sessionId: string,
    private readonly token: string,
    private readonly role: 'instructor' | 'learner',
    private readonly highlight: (sites: string[], nodes: string[]) => void,
    private readonly resume: () => void,
    private readonly flash: (message: string) => void,
  ) {
    document.body.setAttribute('data-role', role);
    byId('session-bar').hidden = false;
    byId('narration-panel').hidden = false;
    byId('session-role').textContent = role === 'instructor' ? 'instructor' : 'learner';
    byId<HTMLButtonElement>('reveal').onclick = () => void this.reveal();
    byId<HTMLButtonElement>('resume').onclick = () => this.resume();
    byId<HTMLFormElement>('cp-text-form').onsubmit = e => {
      e.preventDefault();
      void this.answer({ text: byId<HTMLTextAreaElement>('cp-text').value });
    };
  }

  show(view: SessionView): void {
    // A learner's own answer is only in replies to them; a group message keeps what the page knew.
    const mine = this.view?.checkpoint;
    if (view.checkpoint && mine && mine.index === view.checkpoint.index && view.checkpoint.myChoice === undefined && view.checkpoint.myText === undefined)
      view.checkpoint = { ...view.checkpoint, myChoice: mine.myChoice, myText: mine.myText };
    this.view = view;
    byId('join-code').textContent = view.joinCode;
    byId('learner-count').textContent = `${view.learners} learner${view.learners === 1 ? '' : 's'}`;
    if (view.name) byId('session-name').textContent = view.name;
    this.showNarration(view.narration);
    if (this.role === 'instructor') { this.showInstructor(view.checkpoint); this.showInjects(view); }
    else this.showLearner(view.checkpoint);
  }

  private showNarration(lines: NarrationLine[]): void {
    const list = byId('narration');
    if (lines.length === this.shownLines) return;
    const fresh = lines.slice(Math.max(0, this.shownLines));
    this.shownLines = lines.length;
    list.replaceChildren(...lines.map(l => {
      const li = el('li', { 'data-index': String(l.index), class: l.instructorOnly ? 'instructor-only' : '' });
      li.append(el('span', { class: 'when' }, l.t.slice(11, 19)), el('span', {}, ' ' + (l.say ?? l.checkpoint?.question ?? '')));
      return li;
    }));
    list.scrollTop = list.scrollHeight;
    for (const l of fresh) if (l.highlightSites.length + l.highlightNodes.length > 0) this.highlight(l.highlightSites, l.highlightNodes);
  }

  private showInstructor(cp: CheckpointView | undefined): void {
    const panel = byId('instructor-panel');
    panel.hidden = !cp;
    if (!cp) return;
    panel.setAttribute('data-index', String(cp.index));
    panel.setAttribute('data-revealed', String(cp.revealed));
    byId('ip-question').textContent = cp.question;
    byId('ip-answered').textContent = `${cp.answered ?? 0} answered`;
    const counts = byId('ip-counts');
    const total = Math.max(1, ...(cp.counts ?? [0]));
    counts.replaceChildren(...cp.choices.map((choice, i) => {
      const n = cp.counts?.[i] ?? 0;
      const li = el('li', { 'data-choice': String(i + 1), 'data-count': String(n), class: cp.answerChoice === i + 1 ? 'correct' : '' });
      const bar = el('span', { class: 'bar-fill' });
      bar.style.width = `${(100 * n) / total}%`;
      li.append(el('span', { class: 'choice' }, choice), el('span', { class: 'count' }, String(n)), bar);
      return li;
    }));
    const texts = byId('ip-texts');
    texts.replaceChildren(...(cp.texts ?? []).map(t => {
      const li = el('li', {});
      li.append(el('b', {}, t.name), el('span', {}, ': ' + t.text));
      return li;
    }));
    byId('ip-answer').textContent = [cp.answer, cp.explain].filter(Boolean).join(' — ');
    byId<HTMLButtonElement>('reveal').disabled = cp.revealed;
    byId<HTMLButtonElement>('resume').disabled = !cp.paused;
  }

  /** The scenario's hidden injects, each fired at most once; firing forks the run (the page follows the fork). */
  private showInjects(view: SessionView): void {
    const injects = view.injects ?? [];
    byId('inject-panel').hidden = injects.length === 0;
    byId('injects').replaceChildren(...injects.map(i => {
      const b = el('button', { type: 'button', 'data-inject': i.name, title: i.description }, i.fired ? `${i.name} (fired)` : `Fire ${i.name}`);
      b.disabled = i.fired;
      b.onclick = async () => {
        b.disabled = true;
        try { this.show(await sessionApi.inject(this.sessionId, this.token, i.name)); }
        catch (e) { this.flash((e as Error).message); b.disabled = false; }
      };
      return b;
    }));
  }

  private showLearner(cp: CheckpointView | undefined): void {
    const dialog = byId('checkpoint');
    // Shown while the question is open, and after the reveal until the run plays on.
    dialog.hidden = !cp || (cp.revealed && !cp.paused);
    if (!cp) return;
    dialog.setAttribute('data-index', String(cp.index));
    dialog.setAttribute('data-revealed', String(cp.revealed));
    byId('cp-question').textContent = cp.question;
    const answered = cp.myChoice !== undefined || cp.myText !== undefined;
    const choices = byId('cp-choices');
    choices.replaceChildren(...cp.choices.map((choice, i) => {
      const b = el('button', { type: 'button', 'data-choice': String(i + 1), class: [cp.myChoice === i + 1 ? 'mine' : '', cp.answerChoice === i + 1 ? 'correct' : ''].join(' ').trim() }, choice);
      b.disabled = answered || cp.revealed;
      b.onclick = () => void this.answer({ choice: i + 1 });
      return b;
    }));
    const textForm = byId<HTMLFormElement>('cp-text-form');
    textForm.hidden = cp.choices.length > 0 || answered || cp.revealed;
    byId('cp-status').textContent = cp.revealed ? '' : answered ? 'Answer sent. Waiting for the instructor…' : '';
    const reveal = byId('cp-reveal');
    reveal.hidden = !cp.revealed;
    const right = cp.answerChoice ? `Answer: ${cp.choices[cp.answerChoice - 1]}` : cp.answer ? `Answer: ${cp.answer}` : '';
    byId('cp-answer').textContent = right;
    byId('cp-explain').textContent = cp.explain ?? '';
  }

  private async answer(body: { choice?: number; text?: string }): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try { this.show(await sessionApi.answer(this.sessionId, this.token, body)); }
    catch (e) { this.flash((e as Error).message); }
    finally { this.sending = false; }
  }

  private async reveal(): Promise<void> {
    try { this.show(await sessionApi.reveal(this.sessionId, this.token)); }
    catch (e) { this.flash((e as Error).message); }
  }
}
