import { el } from './dom';
import type { Panel, View } from './panel';
import { type ChartLook, type Line, SeriesChart } from './seriesChart';
import { columnsWithPrefix, mostChanged, rowsUpTo } from './seriesColumns';

/** A scenario with many data centers or prefixes still gives a readable chart: at most this many lines of them. */
const MOST_CHANGED = 6;

/** The time axis spans at least this much, so the first rows of a run do not fill the whole width. */
const MIN_SPAN_MS = 60_000;

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const percent = (v: number) => `${Math.round(v * 10) / 10}%`;
const count = (v: number) => compact.format(v);

/** The line of column `i`, labelled by its name without `prefix` (a service, prefix or data center name). */
const column = (columns: string[], i: number, prefix = ''): Line =>
  ({ key: columns[i], label: columns[i].slice(prefix.length), value: r => r[i] });

/** The line of the column named `key`, if the run has it. */
const named = (columns: string[], key: string, label: string): Line[] => {
  const i = columns.indexOf(key);
  return i < 0 ? [] : [{ key, label, value: r => r[i] }];
};

/** What one chart plots: its lines, chosen from the column names (and, for many columns, the rows drawn). */
interface ChartDefinition {
  id: string;
  title: string;
  note: string;
  look: ChartLook;
  lines(columns: string[], rows: readonly number[][]): Line[];
}

function definitions(services: readonly string[]): ChartDefinition[] {
  return [
    {
      id: 'availability', title: 'Service availability', note: 'share of demand served',
      look: { factor: 100, yRange: [0, 100], format: percent },
      lines: columns => services.map(s => columns.indexOf(`service_availability:${s}`)).filter(i => i >= 0)
        .map(i => column(columns, i, 'service_availability:')),
    },
    {
      id: 'resolver', title: 'Resolver queries', note: 'per second, all cohorts',
      look: { format: count },
      lines: columns => [...named(columns, 'resolver_queries_per_s', 'queries/s'), ...named(columns, 'resolver_servfail_per_s', 'SERVFAIL/s')],
    },
    {
      id: 'bgp', title: 'BGP updates', note: 'received by external ASes, per 10 s row',
      look: { format: count, stepped: true },
      lines: columns => named(columns, 'bgp_updates', 'updates'),
    },
    {
      id: 'prefixes', title: 'Prefix visibility', note: `external ASes with a route; at most ${MOST_CHANGED}, the most changed`,
      look: { factor: 100, yRange: [0, 100], format: percent },
      lines: (columns, rows) => {
        const all = columnsWithPrefix(columns, 'prefix_visibility:');
        return mostChanged(rows, all, MOST_CHANGED).map(i => column(columns, i, 'prefix_visibility:'));
      },
    },
    {
      id: 'power', title: 'Data center power', note: `MW; the total (right axis) and the ${MOST_CHANGED - 1} most changed`,
      look: { format: count },
      lines: (columns, rows) => {
        const all = columnsWithPrefix(columns, 'dc_power_mw:');
        if (all.length === 0) return [];
        const total: Line = { key: 'dc_power_mw', label: `total of ${all.length}`, right: true, value: r => all.reduce((s, i) => s + r[i], 0) };
        return [total, ...mostChanged(rows, all, MOST_CHANGED - 1).map(i => column(columns, i, 'dc_power_mw:'))];
      },
    },
  ];
}

/**
 * The charts panel: small multiples of the series up to the instant shown, on one time axis (the run's start to
 * the last row drawn). Each chart's card carries `data-chart` (its id); the chart itself the attributes of
 * SeriesChart. A chart whose columns the run does not have is hidden.
 */
export class ChartsPanel implements Panel {
  readonly id = 'charts';
  private readonly charts: { definition: ChartDefinition; card: HTMLElement; chart: SeriesChart }[];
  private readonly startSec: number;
  private drawn = '';
  private closed = false;

  constructor(host: HTMLElement, startIso: string, services: readonly string[]) {
    this.startSec = Date.parse(startIso) / 1000;
    this.charts = definitions(services).map(definition => {
      const plot = el('div', { class: 'series-chart', 'data-chart': definition.id });
      const card = el('figure', { class: 'chart-card' });
      const caption = el('figcaption', {}, definition.title);
      caption.append(el('small', {}, definition.note));
      card.append(caption, plot);
      return { definition, card, chart: new SeriesChart(plot, definition.look) };
    });
    host.replaceChildren(...this.charts.map(c => c.card));
  }

  /** The page left this run: a frame still queued for it draws nothing. */
  close(): void {
    this.closed = true;
    for (const c of this.charts) c.chart.destroy();
  }

  draw({ store, ms }: View): void {
    if (this.closed || store.columns.length === 0) return;
    const end = rowsUpTo(store.rows, ms);
    const key = `${store.columns.length}:${end}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const rows = store.rows.slice(0, end);
    const toMs = Math.max(MIN_SPAN_MS, rows.at(-1)?.[0] ?? 0);
    for (const { definition, card, chart } of this.charts) {
      const lines = definition.lines(store.columns, rows);
      card.hidden = lines.length === 0;
      if (lines.length > 0) chart.draw(rows, lines, this.startSec, toMs);
    }
  }
}
