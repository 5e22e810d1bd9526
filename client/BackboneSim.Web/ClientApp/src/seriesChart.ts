import uPlot from 'uplot';

/** One line of a chart: its key (a series column, or a name for a derived line), its legend label, its value in a row. */
export interface Line {
  key: string;
  label: string;
  value: (row: number[]) => number;
  /** Drawn against the right-hand axis (a total far larger than its parts). */
  right?: boolean;
}

/** How a chart draws: values × `factor` (100 for fractions shown as %), a fixed y range or one from 0 up, the tick text. */
export interface ChartLook {
  factor?: number;
  yRange?: [number, number];
  format: (drawn: number) => string;
  /** Each value holds over the interval up to its row (a count per row), rather than being a sample at the instant. */
  stepped?: boolean;
  height?: number;
}

const COLOURS = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#9d4edd', '#fb8500', '#90e0ef', '#e5e5e5'];
const AXIS = { stroke: '#9aa5b1', grid: { stroke: '#2a323c' }, ticks: { stroke: '#2a323c' } };

/** Tick labels in UTC like the page's clock: HH:MM, with seconds when the ticks are closer than a minute. */
const utcTicks = (_u: uPlot, ticks: number[], _axis: number, _space: number, step: number) =>
  ticks.map(t => new Date(t * 1000).toISOString().slice(11, step < 60 ? 19 : 16));

/** Hovering one chart shows the cursor at the same instant on every chart of the page. */
const SYNC_KEY = 'backbonesim-series';

/**
 * One uPlot line chart of series rows, in the page's dark style, as wide as its host. It is told what to draw
 * (rows, lines, time range) and keeps the host's data attributes in step, for tests and the benchmark:
 * `data-series` (JSON array of the line keys), `data-points` (rows drawn), `data-last` (JSON array of each line's
 * value in the last row drawn, before `factor`; null when no row is drawn).
 */
export class SeriesChart {
  private plot: uPlot | null = null;
  private keys = '';
  private range: [number, number] = [0, 1];

  private readonly resizes = new ResizeObserver(() => this.plot?.setSize(this.size()));

  constructor(private readonly host: HTMLElement, private readonly look: ChartLook) {
    this.resizes.observe(host);
  }

  /** Let go of the plot, its cursor sync and the resize observer (the page moved to another run). */
  destroy(): void {
    this.resizes.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  /** Draw `rows` (each `[ms, ...values]`) on a time axis from the run's start (`startSec`, Unix seconds) to its `toMs`. */
  draw(rows: readonly number[][], lines: Line[], startSec: number, toMs: number): void {
    const keys = JSON.stringify(lines.map(l => l.key));
    if (!this.plot || keys !== this.keys) this.create(lines, keys);
    this.range = [startSec, startSec + toMs / 1000];
    const factor = this.look.factor ?? 1;
    this.plot!.setData([
      rows.map(r => startSec + r[0] / 1000),
      ...lines.map(l => rows.map(r => l.value(r) * factor)),
    ]);
    const last = rows.at(-1);
    this.host.setAttribute('data-series', keys);
    this.host.setAttribute('data-points', String(rows.length));
    this.host.setAttribute('data-last', JSON.stringify(lines.map(l => (last ? l.value(last) : null))));
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.host.clientWidth), height: this.look.height ?? 160 };
  }

  /** A new set of lines (a data center became one of the most changed) is a new uPlot: its series are fixed at creation. */
  private create(lines: Line[], keys: string): void {
    this.plot?.destroy();
    this.keys = keys;
    const look = this.look;
    const values = (_u: uPlot, ticks: number[]) => ticks.map(look.format);
    const legendValue = (_u: uPlot, v: number | null) => (v == null ? '--' : look.format(v));
    const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1];
    const hasRight = lines.some(l => l.right);
    const path = look.stepped ? uPlot.paths.stepped!({ align: -1 }) : undefined;
    this.plot = new uPlot({
      ...this.size(),
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { sync: { key: SYNC_KEY } },
      scales: {
        x: { time: true, range: () => this.range },
        y: { range: look.yRange ?? fromZero },
        ...(hasRight ? { right: { range: fromZero } } : {}),
      },
      axes: [
        { ...AXIS, values: utcTicks },
        { ...AXIS, values, size: 48 },
        ...(hasRight ? [{ ...AXIS, scale: 'right', side: 1, values, size: 48, grid: { show: false } }] : []),
      ],
      series: [{ label: 'UTC', value: (_u, v) => (v == null ? '--' : new Date(v * 1000).toISOString().slice(11, 19)) }, ...lines.map((l, k) => ({
        label: l.label, // uPlot puts labels in through textContent: scenario names stay text
        scale: l.right ? 'right' : 'y',
        stroke: l.right ? '#e5e5e5' : COLOURS[k % COLOURS.length],
        width: l.right ? 2 : 1.5,
        dash: l.right ? [6, 3] : undefined,
        paths: path,
        points: { show: false },
        value: legendValue,
      }))],
    }, [[], ...lines.map(() => [])], this.host);
  }
}
