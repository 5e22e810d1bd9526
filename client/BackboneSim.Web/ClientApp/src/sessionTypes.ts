// Teaching sessions' JSON shapes (docs/web.md#teaching-sessions). Every string in them came from a scenario or a
// learner: render them with textContent only.

export interface SessionCreated { sessionId: string; joinCode: string; instructorSecret: string; instructorUrl: string; runId: string }
export interface SessionJoined { sessionId: string; learnerId: string; name: string; learnerToken: string; runId: string }

export interface CheckpointView {
  index: number; question: string; choices: string[]; revealed: boolean; paused: boolean;
  answerChoice?: number; answer?: string; explain?: string;
  counts?: number[]; texts?: { name: string; text: string }[]; answered?: number; myChoice?: number; myText?: string;
}

export interface NarrationLine {
  index: number; name: string; ms: number; t: string; say?: string; instructorOnly: boolean;
  highlightSites: string[]; highlightNodes: string[]; checkpoint?: CheckpointView;
}

export interface SessionView {
  sessionId: string; role: 'instructor' | 'learner'; runId: string; scenario: string; title: string; joinCode: string;
  learners: number; narration: NarrationLine[]; checkpoint?: CheckpointView; name?: string;
  injects?: { name: string; description: string; fired: boolean }[];
  /** Only in the answer to the instructor's what-if fork: what of the what-if may not go as written. */
  warnings?: string[];
}
