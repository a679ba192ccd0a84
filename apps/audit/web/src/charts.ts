/**
 * Small canvas charts (line and horizontal bar). chart.js is not installed in this repository,
 * so the dashboard draws its own; each canvas is marked data-chart="ready" once drawn.
 */
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

const INK = '#1b2330';
const MUTED = '#5d6778';
const GRID = '#e1e4ea';

/** Draws the chart into a canvas sized by its box; redraws when the box resizes. */
export function chart(canvas: HTMLCanvasElement, spec: ChartSpec): void {
  const draw = () => {
    const { width, height } = canvas.getBoundingClientRect();
    if (width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    if (spec.type === 'line') drawLine(ctx, width, height, spec);
    else drawBars(ctx, width, height, spec);
    canvas.dataset.chart = 'ready';
  };
  (canvas as HTMLCanvasElement & { chartSpec?: ChartSpec }).chartSpec = spec;
  new ResizeObserver(draw).observe(canvas);
  requestAnimationFrame(draw);
}

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

function drawLine(ctx: CanvasRenderingContext2D, w: number, h: number, spec: ChartSpec): void {
  const fmt = spec.format ?? ((v: number) => v.toLocaleString('en-US'));
  const left = 64,
    right = 40,
    top = 28,
    bottom = 28;
  const max = niceMax(Math.max(0, ...spec.series.flatMap((s) => s.values)));
  const plotW = w - left - right,
    plotH = h - top - bottom;
  const x = (i: number) =>
    left + (spec.labels.length <= 1 ? plotW / 2 : (i * plotW) / (spec.labels.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  ctx.strokeStyle = GRID;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'right';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    ctx.beginPath();
    ctx.moveTo(left, y(v));
    ctx.lineTo(w - right, y(v));
    ctx.stroke();
    ctx.fillText(fmt(v), left - 6, y(v) + 4);
  }
  ctx.textAlign = 'center';
  const every = Math.max(1, Math.ceil(spec.labels.length / Math.max(1, Math.floor(plotW / 80))));
  spec.labels.forEach((label, i) => {
    if (i % every !== 0) return;
    ctx.textAlign = i === spec.labels.length - 1 && i > 0 ? 'right' : 'center';
    ctx.fillText(label, i === spec.labels.length - 1 && i > 0 ? x(i) + 8 : x(i), h - 8);
  });
  spec.series.forEach((s, n) => {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
    ctx.stroke();
    s.values.forEach((v, i) => {
      ctx.beginPath();
      ctx.arc(x(i), y(v), 3, 0, Math.PI * 2);
      ctx.fill();
    });
    ctx.textAlign = 'left';
    ctx.fillRect(left + n * 110, 8, 10, 10);
    ctx.fillStyle = INK;
    ctx.fillText(s.label, left + n * 110 + 14, 17);
  });
}

function drawBars(ctx: CanvasRenderingContext2D, w: number, h: number, spec: ChartSpec): void {
  const fmt = spec.format ?? ((v: number) => v.toLocaleString('en-US'));
  const values = spec.series[0]?.values ?? [];
  const max = Math.max(1, ...values);
  const labelW = Math.min(180, w * 0.4),
    valueW = 90;
  const rowH = Math.min(32, (h - 8) / Math.max(1, values.length));
  values.forEach((v, i) => {
    const yTop = 4 + i * rowH;
    ctx.fillStyle = INK;
    ctx.textAlign = 'left';
    ctx.fillText(truncate(ctx, spec.labels[i] ?? '', labelW - 8), 0, yTop + rowH / 2 + 4);
    ctx.fillStyle = spec.series[0].color;
    const barW = ((w - labelW - valueW) * v) / max;
    ctx.fillRect(labelW, yTop + rowH * 0.2, Math.max(2, barW), rowH * 0.6);
    ctx.fillStyle = MUTED;
    ctx.fillText(fmt(v), labelW + barW + 6, yTop + rowH / 2 + 4);
  });
}

function truncate(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
