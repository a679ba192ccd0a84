/** Latency percentiles in ms (nearest rank), over the samples given. */
export interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const rank = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  return {
    samples: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    p999: rank(0.999),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}
