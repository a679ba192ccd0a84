import { Injectable } from '@nestjs/common';
import {
  Cosignatures,
  WITNESS_REFUSAL_CHANNEL,
  type WitnessRefusal,
  parseVerifierKey,
} from '@taxchain/ledger';
import { InjectConfig, NotifiedLoopService, type AppConfig } from '@taxchain/platform';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';

/**
 * The shortest pause between two reads of ledger.witness_refusals. Each refusal recorded sends a
 * NOTIFY that wakes the alarm, so a refusal is an anomaly within about a second.
 */
export const WITNESS_REFUSALS_POLL_MS = 1_000;

/**
 * Raises a high-severity witness_refusal anomaly for every checkpoint a witness refused, with the
 * refused note and the witness's answer as evidence: a witness refuses only a checkpoint that
 * contradicts one it cosigned, so the ledger was rewritten or a split view is being shown.
 * Recording is idempotent (one anomaly per chain, size and witness). Idle, it sleeps until a
 * refusal's NOTIFY (30 s at most).
 */
@Injectable()
export class WitnessRefusalAlarm extends NotifiedLoopService {
  constructor(
    private readonly cosignatures: Cosignatures,
    private readonly anomalies: AnomalyRecorder,
    @InjectConfig() config: AppConfig,
  ) {
    super(config, {
      pauseMs: WITNESS_REFUSALS_POLL_MS,
      channel: WITNESS_REFUSAL_CHANNEL,
      failure: 'witness refusals not checked',
    });
  }

  protected async round(): Promise<void> {
    for (const refusal of await this.cosignatures.refusals()) await this.raise(refusal);
  }

  private raise(refusal: WitnessRefusal): Promise<void> {
    const witnessName = parseVerifierKey(refusal.witness)?.name ?? refusal.witness;
    return this.anomalies.record({
      type: 'witness_refusal',
      severity: 'high',
      summary: `witness ${witnessName} refused checkpoint ${refusal.chain}/${refusal.size}: ${refusal.status} ${refusal.detail}`,
      evidence: {
        entries: [],
        ...refusal,
        witnessName,
        refusedAt: refusal.refusedAt.toISOString(),
      },
      dedupeKey: `witness_refusal:${refusal.chain}:${refusal.size}:${refusal.witness}`,
    });
  }
}
