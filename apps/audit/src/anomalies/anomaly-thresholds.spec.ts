import { loadConfig } from '@taxchain/platform';
import { AnomalyThresholds } from './anomaly-thresholds';

const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', KAFKA_BROKERS: '127.0.0.1:9092' };

describe(AnomalyThresholds.name, () => {
  it('defaults to conservative values', () => {
    const thresholds = new AnomalyThresholds(loadConfig(base));
    expect(thresholds).toMatchObject({
      burstWindowMs: 60_000,
      burstMinCount: 20,
      burstFactor: 5,
      circularMaxLength: 6,
    });
    expect(thresholds.newBuyerHighGross).toBe(5_000_000n);
  });

  it('takes every threshold from the configuration', () => {
    const thresholds = new AnomalyThresholds(
      loadConfig({
        ...base,
        ANOMALY_BURST_MIN_COUNT: '3',
        ANOMALY_RING_MAX_LENGTH: '4',
        ANOMALY_NEW_BUYER_GROSS: '100',
        ANOMALY_VOID_AFTER_CLAIM_MS: '1000',
      }),
    );
    expect(thresholds).toMatchObject({
      burstMinCount: 3,
      circularMaxLength: 4,
      voidAfterClaimWindowMs: 1_000,
    });
    expect(thresholds.newBuyerHighGross).toBe(100n);
  });

  it('refuses a threshold that is not a positive integer, naming it', () => {
    expect(() => loadConfig({ ...base, ANOMALY_BURST_FACTOR: '0' })).toThrow(
      /ANOMALY_BURST_FACTOR must be/,
    );
  });
});
