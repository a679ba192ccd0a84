import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import { testConfig } from '@taxchain/platform/testing';
import { auditService } from '../../apps/audit/src/audit.service-definition';

/** HistorySweep's pause between passes. */
export const SWEEP_PAUSE_MS = 1_000;

/**
 * The audit service on its own, listening, over a small ledger of 2 chains sealed every 10
 * entries (and every 100 ms), its history sweep at `sweepRate` entries per second.
 */
export async function startSweepingAudit(
  databaseUrl: string,
  sweepRate: number,
): Promise<INestApplication> {
  const config = testConfig(databaseUrl, {
    KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
    AUTHORITY_KEY: toHex(generateSecretKey()),
    LEDGER_CHAINS: '2',
    CHECKPOINT_EVERY: '10',
    CHECKPOINT_INTERVAL_MS: '100',
    AUDIT_SWEEP_RATE: String(sweepRate),
  });
  const app = await createServiceApp(auditService, config);
  await app.listen(0, '127.0.0.1');
  await app.startAllMicroservices();
  return app;
}
