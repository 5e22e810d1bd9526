import uPlot from 'uplot';
import type { RunStore } from './runStore';

const COLOURS = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#9d4edd', '#fb8500', '#90e0ef', '#e5e5e5'];

/** Share of each service's demand that is served (series `service_availability:<service>`), up to the playhead. */
export class AvailabilityChart {
  private plot: uPlot | null = null;
  private indices: number[] = [];
  private lastKey = '';

  constructor(private readonly host: HTMLElement, private readonly startIso: string, private readonly services: string[]) {}

  show(store: RunStore, ms: number): void {
    if (store.columns.length === 0) return;
    if (!this.plot) this.create(store.columns);
    let end = store.rows.length;
    while (end > 0 && store.rows[end - 1][0] > ms) end--;
    const key = `${end}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const start = Date.parse(this.startIso) / 1000;
    const rows = store.rows.slice(0, end);
    const data: uPlot.AlignedData = [
      rows.map(r => start + r[0] / 1000),
      ...this.indices.map(i => rows.map(r => r[i] * 100)),
    ];
    this.plot!.setData(data);
  }

  private create(columns: string[]): void {
    this.indices = this.services.map(s => columns.indexOf(`service_availability:${s}`)).filter(i => i >= 0);
    const names = this.indices.map(i => columns[i].slice('service_availability:'.length));
    this.plot = new uPlot({
      width: Math.max(300, this.host.clientWidth - 8),
      height: 220,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { y: { range: [0, 100] } },
      axes: [
        { stroke: '#9aa5b1', grid: { stroke: '#2a323c' } },
        { stroke: '#9aa5b1', grid: { stroke: '#2a323c' }, values: (_u, v) => v.map(x => `${x}%`) },
      ],
      series: [{}, ...names.map((n, k) => ({ label: n, stroke: COLOURS[k % COLOURS.length], width: 1.5, points: { show: false } }))],
    }, [[], ...names.map(() => [])], this.host);
    new ResizeObserver(() => this.plot?.setSize({ width: Math.max(300, this.host.clientWidth - 8), height: 220 })).observe(this.host);
  }
}
