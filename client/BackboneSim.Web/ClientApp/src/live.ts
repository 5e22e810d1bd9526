import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { Batch, RunStatus } from './types';
import type { SessionView } from './sessionTypes';

/**
 * The run's live feed: joins the run's group on /hubs/runs and hands each `batch` on, in order. A reconnect
 * joins again; the page fills any gap from the REST API (RunStore.add says when there is one).
 */
export class LiveFeed {
  private readonly connection: HubConnection;
  private runId: string | null = null;
  private session: { id: string; token: string; onView: (v: SessionView) => void } | null = null;

  constructor(private readonly onBatch: (b: Batch) => void, private readonly onJoined: (s: RunStatus) => void) {
    this.connection = new HubConnectionBuilder()
      .withUrl('/hubs/runs')
      .withAutomaticReconnect()
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on('batch', (b: Batch) => this.onBatch(b));
    this.connection.on('session', (v: SessionView) => this.session?.onView(v));
    this.connection.onreconnected(() => {
      if (this.session) void this.joinSession(this.session.id, this.session.token, this.session.onView);
      else if (this.runId) void this.join(this.runId);
    });
  }

  async watch(runId: string): Promise<void> {
    if (this.connection.state === 'Disconnected') await this.connection.start();
    if (this.runId && this.runId !== runId) await this.connection.invoke('Leave', this.runId);
    await this.join(runId);
  }

  /** Join a teaching session (its run's batches and the `session` messages for this token's role); answers the view. */
  async joinSession(id: string, token: string, onView: (v: SessionView) => void): Promise<SessionView> {
    if (this.connection.state === 'Disconnected') await this.connection.start();
    this.session = { id, token, onView };
    const view = await this.connection.invoke<SessionView>('JoinSession', id, token);
    if (this.runId && this.runId !== view.runId) await this.connection.invoke('Leave', this.runId); // a fork replaced the run
    this.runId = view.runId;
    onView(view);
    return view;
  }

  private async join(runId: string): Promise<void> {
    this.runId = runId;
    this.onJoined(await this.connection.invoke<RunStatus>('Join', runId));
  }
}
