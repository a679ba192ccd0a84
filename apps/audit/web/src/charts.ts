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
} from 'chart.js';

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
}

export interface ChartSpec {
  type: 'line' | 'bar';
  labels: string[];
  series: Series[];
  format?: (value: number) => string;
}

const charts = new WeakMap<HTMLCanvasElement, Chart>();

/**
 * Draws (or redraws) a chart.js chart in the canvas: a time line, or horizontal bars for
 * rankings. The canvas is marked data-chart="ready" once drawn.
 */
export function chart(canvas: HTMLCanvasElement, spec: ChartSpec): void {
  charts.get(canvas)?.destroy();
  const format = spec.format ?? ((value: number) => value.toLocaleString('en-US'));
  const instance = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: series.values,
        borderColor: series.color,
        backgroundColor: spec.type === 'bar' ? series.color : `${series.color}22`,
        fill: spec.type === 'line',
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
            label: (item) => `${item.dataset.label ?? ''}: ${format(Number(item.raw))}`,
          },
        },
      },
      scales:
        spec.type === 'bar'
          ? { x: { beginAtZero: true, ticks: { callback: (value) => format(Number(value)) } } }
          : {
              y: { beginAtZero: true, ticks: { callback: (value) => format(Number(value)) } },
              x: { ticks: { maxTicksLimit: 10 } },
            },
    },
  });
  charts.set(canvas, instance);
  (canvas as HTMLCanvasElement & { chartSpec?: ChartSpec }).chartSpec = spec;
  canvas.dataset.chart = 'ready';
}
