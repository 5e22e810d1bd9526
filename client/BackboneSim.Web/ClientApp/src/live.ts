import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { Batch, RunStatus } from './types';

/**
 * The run's live feed: joins the run's group on /hubs/runs and hands each `batch` on, in order. A reconnect
 * joins again; the page fills any gap from the REST API (RunStore.add says when there is one).
 */
export class LiveFeed {
  private readonly connection: HubConnection;
  private runId: string | null = null;

  constructor(private readonly onBatch: (b: Batch) => void, private readonly onJoined: (s: RunStatus) => void) {
    this.connection = new HubConnectionBuilder()
      .withUrl('/hubs/runs')
      .withAutomaticReconnect()
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on('batch', (b: Batch) => this.onBatch(b));
    this.connection.onreconnected(() => { if (this.runId) void this.join(this.runId); });
  }

  async watch(runId: string): Promise<void> {
    if (this.connection.state === 'Disconnected') await this.connection.start();
    if (this.runId && this.runId !== runId) await this.connection.invoke('Leave', this.runId);
    await this.join(runId);
  }

  private async join(runId: string): Promise<void> {
    this.runId = runId;
    this.onJoined(await this.connection.invoke<RunStatus>('Join', runId));
  }
}
