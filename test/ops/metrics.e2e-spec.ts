import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createServiceApp, type ServiceDefinition } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import {
  parseExposition,
  type MetricFamily,
} from '@taxchain/platform/metrics/testing/parse-exposition';
import { allServices } from '../support/services';

/** The names dashboards and the runbook's alerts rely on: renaming one is a breaking change. */
const TAXCHAIN_METRICS = {
  http_request_duration_seconds: 'histogram',
  ledger_append_seconds: 'histogram',
  ledger_append_batch_size: 'histogram',
  ledger_relay_lag_entries: 'gauge',
  kafka_consumer_lag_messages: 'gauge',
  ledger_checkpoint_age_seconds: 'gauge',
  ledger_witness_cosigned_size: 'gauge',
  ledger_witness_cosigned_age_seconds: 'gauge',
  ledger_witness_quorum_met: 'gauge',
  audit_verification_status: 'gauge',
  audit_anomalies_total: 'counter',
};

describe.each(allServices.map((s) => [s.name, s] as const))(
  '%s /metrics',
  (_name, service: ServiceDefinition) => {
    let database: TestDatabase;
    let app: INestApplication;
    let families: Map<string, MetricFamily>;

    beforeAll(async () => {
      database = await createTestDatabase(service.migrations);
      app = await createServiceApp(service, testConfig(database.url));
      await app.init();
      const http = request(app.getHttpServer());
      await http.get('/health?probe=1').expect(200);
      await http.get('/health/no-such-thing').expect(404);
      // No credential: Prometheus scrapes without one.
      const scrape = await http.get('/metrics').expect(200);
      expect(scrape.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      families = parseExposition(scrape.text);
    });

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    });

    it('times the request by route template and status, not by raw URL', () => {
      const counts = families
        .get('http_request_duration_seconds')!
        .samples.filter((s) => s.name === 'http_request_duration_seconds_count');
      expect(counts).toContainEqual({
        name: 'http_request_duration_seconds_count',
        labels: { method: 'GET', route: '/health', status: '200' },
        value: 1,
      });
      expect(counts).toContainEqual(
        expect.objectContaining({ labels: { method: 'GET', route: 'unmatched', status: '404' } }),
      );
      expect(counts.map((s) => s.labels.route)).not.toContainEqual(
        expect.stringMatching(/[?]|no-such/),
      );
    });

    it('exposes every Tax Chain metric from the start, with its type', () => {
      for (const [name, type] of Object.entries(TAXCHAIN_METRICS))
        expect([name, families.get(name)?.type]).toEqual([name, type]);
      const appendCount = families
        .get('ledger_append_seconds')!
        .samples.find((s) => s.name === 'ledger_append_seconds_count');
      expect(appendCount?.value).toBeGreaterThanOrEqual(0);
    });

    it('exposes the default process metrics', () => {
      expect(families.get('process_resident_memory_bytes')?.samples[0].value).toBeGreaterThan(0);
      expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    });
  },
);
