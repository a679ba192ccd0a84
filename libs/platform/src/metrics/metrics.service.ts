import { Injectable } from '@nestjs/common';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { createTaxChainMetrics, type TaxChainMetrics } from './taxchain-metrics';

/**
 * How often the event-loop delay behind `nodejs_eventloop_lag_*` is sampled: a timer of its
 * own, so prom-client's default of 10 ms woke every idle service 100 times a second (3.8 ms of
 * CPU a second measured alone, 0.5 ms at 100 ms). A stall of 100 ms or more is still always
 * seen; shorter ones, harmless to answers meant to take "well under a second", only sometimes.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * This app instance's metrics. Each app owns its registry instead of prom-client's global one,
 * so several apps in one process (the in-process tests) neither collide nor mix their series.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  /** The shared Tax Chain metrics; record into these rather than defining look-alikes. */
  readonly taxchain: TaxChainMetrics;
  private readonly refreshers: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({
      register: this.registry,
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
    this.taxchain = createTaxChainMetrics(this.registry);
  }

  /** A service-specific counter in this app's registry (never the global one). */
  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** Runs before every scrape, to set gauges read from elsewhere (the database); never fails it. */
  onScrape(refresh: () => Promise<void>): void {
    this.refreshers.push(refresh);
  }

  /** The Prometheus text exposition (format 0.0.4) of everything registered. */
  async exposition(): Promise<string> {
    await Promise.all(this.refreshers.map((refresh) => refresh().catch(() => undefined)));
    return this.registry.metrics();
  }
}
