import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Scale,
} from 'chart.js';
import { toFont } from 'chart.js/helpers';
import { count } from './format';

// Only the parts the dashboard draws, so the bundle carries no unused chart types.
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);

export interface Series {
  label: string;
  color: string;
  values: number[];
  /** A dashed line without fill: a reference such as a baseline. */
  dashed?: boolean;
  /** Drawn as bars within a line chart. */
  bars?: boolean;
}

export interface ChartSpec {
  type: 'line' | 'bar';
  /** A label may be several lines (a company's name, its tax ID). */
  labels: Array<string | string[]>;
  series: Series[];
  /** Axis ticks. */
  format?: (value: number) => string;
  /** Tooltips, when they should be more exact than the ticks (`index`: the label's). */
  tooltip?: (value: number, index: number) => string;
  /** Bars of several series stacked into one per label (parts of a whole). */
  stacked?: boolean;
}

const charts = new WeakMap<HTMLCanvasElement, Chart>();

/**
 * The share of a ranking's width its names may take: a longer line ends in "…" rather than being
 * cut off at the canvas's edge (on a phone, a company's full English name is wider than the
 * chart). The tooltip still shows it whole.
 */
const NAME_SHARE = 0.45;
/** The names' font: smaller than the axis's numbers, two lines a bar. */
const NAME_FONT = { size: 11 };

/** Each line of a label, shortened with "…" to what fits in the ranking's name column. */
function fitted(scale: Scale, label: string | string[]): string | string[] {
  const { ctx } = scale;
  const room = scale.chart.width * NAME_SHARE;
  ctx.save();
  ctx.font = toFont(NAME_FONT).string;
  const fit = (line: string): string => {
    if (ctx.measureText(line).width <= room) return line;
    const characters = [...line];
    while (characters.length > 1 && ctx.measureText(`${characters.join('')}…`).width > room)
      characters.pop();
    return `${characters.join('').trimEnd()}…`;
  };
  const lines = Array.isArray(label) ? label.map(fit) : fit(label);
  ctx.restore();
  return lines;
}

/**
 * Draws (or redraws) a chart.js chart in the canvas: a time line, or horizontal bars for
 * rankings. The canvas is marked data-chart="ready" once drawn.
 */
export function chart(canvas: HTMLCanvasElement, spec: ChartSpec): void {
  charts.get(canvas)?.destroy();
  const format = spec.format ?? ((value: number) => count(value));
  const tooltip = spec.tooltip ?? format;
  const instance = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => ({
        type: series.bars ? ('bar' as const) : undefined,
        label: series.label,
        data: series.values,
        borderColor: series.color,
        backgroundColor: spec.type === 'bar' || series.bars ? series.color : `${series.color}22`,
        fill: spec.type === 'line' && !series.dashed && !series.bars,
        borderDash: series.dashed ? [6, 4] : undefined,
        tension: 0.25,
        pointRadius: 0,
        borderWidth: 2,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.type === 'bar' ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: spec.series.length > 1, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label ?? ''}: ${tooltip(Number(item.raw), item.dataIndex)}`,
          },
        },
      },
      scales:
        spec.type === 'bar'
          ? {
              x: {
                beginAtZero: true,
                stacked: spec.stacked,
                ticks: { callback: (value) => format(Number(value)), maxTicksLimit: 5 },
              },
              y: {
                stacked: spec.stacked,
                ticks: {
                  autoSkip: false,
                  font: NAME_FONT,
                  callback(value) {
                    return fitted(this, spec.labels[Number(value)]);
                  },
                },
              },
            }
          : {
              y: { beginAtZero: true, ticks: { callback: (value) => format(Number(value)) } },
              x: { ticks: { maxTicksLimit: 8 } },
            },
    },
  });
  charts.set(canvas, instance);
  (canvas as HTMLCanvasElement & { chartSpec?: ChartSpec }).chartSpec = spec;
  canvas.dataset.chart = 'ready';
}
