import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { register as globalRegistry } from 'prom-client';
import { Metrics } from './metrics.service';
import { ANOMALY_TYPES } from './taxchain-metrics';
import { parseExposition } from './testing/parse-exposition';

describe(Metrics.name, () => {
  it('gives each instance its own registry, so two apps in one process do not collide', async () => {
    const first = new Metrics();
    const second = new Metrics();
    first.counter({ name: 'invoices_issued_total', help: 'test' }).inc();
    second.counter({ name: 'invoices_issued_total', help: 'test' });

    const sampleOf = async (metrics: Metrics) =>
      parseExposition(await metrics.exposition()).get('invoices_issued_total')?.samples[0].value;
    expect(await sampleOf(first)).toBe(1);
    expect(await sampleOf(second)).toBe(0);
    expect(globalRegistry.getSingleMetric('invoices_issued_total')).toBeUndefined();
  });

  it('wakes an idle process about ten times a second to sample the event loop', async () => {
    const idle = resolve(__dirname, '../../../../dist/libs/platform/src/testing/idle-metrics.js');
    const { stdout } = await promisify(execFile)(process.execPath, [idle]);
    // prom-client's default sampling (every 10 ms) woke it about 100 times.
    expect((JSON.parse(stdout) as { wakeUps: number }).wakeUps).toBeLessThan(25);
  });

  it('exports process metrics and every anomaly type at zero from the start', async () => {
    const families = parseExposition(await new Metrics().exposition());
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    const anomalies = families.get('audit_anomalies_total')!;
    expect(anomalies.samples.map((s) => [s.labels.type, s.value])).toEqual(
      ANOMALY_TYPES.map((type) => [type, 0]),
    );
  });

  it('registers service-specific gauges and histograms in the same registry', async () => {
    const metrics = new Metrics();
    metrics
      .gauge({ name: 'claims_open', help: 'test', labelNames: ['company'] })
      .set({ company: 'c1' }, 3);
    metrics.histogram({ name: 'pdf_render_seconds', help: 'test', buckets: [1] }).observe(0.5);

    const families = parseExposition(await metrics.exposition());
    expect(families.get('claims_open')?.samples).toEqual([
      { name: 'claims_open', labels: { company: 'c1' }, value: 3 },
    ]);
    expect(families.get('pdf_render_seconds')?.samples).toContainEqual({
      name: 'pdf_render_seconds_bucket',
      labels: { le: '1' },
      value: 1,
    });
  });
});
