import { Injectable } from '@nestjs/common';
import type { ChainBreak } from '@taxchain/ledger';
import { Metrics } from '@taxchain/platform';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';
import type { RewrittenEntry } from './trail.repository';
import type { CheckpointMismatch } from './checkpoints-seen.repository';

export type BreakSource = 'feed' | 'verifier';

/** What the verifier found beside the break itself, to pinpoint it. */
export interface BreakEvidence {
  rewritten?: RewrittenEntry[];
  checkpointMismatches?: CheckpointMismatch[];
}

/**
 * A chain that does not verify: audit_verification_status{chain} drops to 0 and a critical
 * chain_break anomaly is raised, once per (chain, seq, reason) whoever finds it.
 */
@Injectable()
export class BreakAlarm {
  constructor(
    private readonly anomalies: AnomalyRecorder,
    private readonly metrics: Metrics,
  ) {}

  private readonly broken = new Set<number>();

  /** Chains whose latest verification in this instance failed. */
  brokenChains(): number[] {
    return [...this.broken].sort((a, b) => a - b);
  }

  intact(chain: number): void {
    this.broken.delete(chain);
    this.metrics.taxchain.auditVerificationStatus.set({ chain: String(chain) }, 1);
  }

  async raise(found: ChainBreak, source: BreakSource, evidence: BreakEvidence = {}): Promise<void> {
    const exact = evidence.rewritten?.[0];
    // The anomaly first, then the state: whoever sees the chain broken finds its anomaly too.
    try {
      await this.record(found, source, evidence, exact?.seq);
    } finally {
      this.broken.add(found.chain);
      this.metrics.taxchain.auditVerificationStatus.set({ chain: String(found.chain) }, 0);
    }
  }

  private async record(
    found: ChainBreak,
    source: BreakSource,
    evidence: BreakEvidence,
    exactSeq?: number,
  ): Promise<void> {
    await this.anomalies.record({
      type: 'chain_break',
      severity: 'critical',
      summary:
        `chain ${found.chain} broken at seq ${found.seq}: ${found.reason} (${found.detail})` +
        (exactSeq !== undefined ? `; seq ${exactSeq} differs from what the feed saw` : ''),
      evidence: {
        entries: [],
        source,
        chain: found.chain,
        seq: found.seq,
        reason: found.reason,
        detail: found.detail,
        ...evidence,
      },
      dedupeKey: `chain_break:${found.chain}:${found.seq}:${found.reason}`,
    });
  }
}
