import { Injectable } from '@nestjs/common';
import type { ChainBreak } from '@taxchain/ledger';
import { Metrics } from '@taxchain/platform';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';
import type { RewrittenEntry } from './trail.repository';
import type { CheckpointMismatch } from './checkpoints-seen.repository';

/**
 * Who found a break: the feed (a gap on Kafka), the continuous tail or a run on demand
 * ('verifier'), the background sweep of the whole ledger, or a service refusing to serve an entry.
 */
export type BreakSource = 'feed' | 'verifier' | 'sweep' | 'read';

/** What the verifier found beside the break itself, to pinpoint it. */
export interface BreakEvidence {
  rewritten?: RewrittenEntry[];
  checkpointMismatches?: CheckpointMismatch[];
}

/** A chain's first known break, as /health names it. */
export interface KnownBreak extends ChainBreak {
  source: BreakSource;
}

/**
 * How far an intact verdict reaches: the tail checks only what was appended since its last
 * checkpoint, so it clears only what the tail or the feed found; a verification from genesis
 * (the sweep, a run on demand) clears every break of the chain.
 */
export type IntactScope = 'tail' | 'genesis';

const TAIL_SOURCES: ReadonlySet<BreakSource> = new Set(['feed', 'verifier']);

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

  /** Per chain, per finder: the break each one last reported. */
  private readonly broken = new Map<number, Map<BreakSource, ChainBreak>>();

  /** Chains whose latest verification in this instance failed. */
  brokenChains(): number[] {
    return [...this.broken.keys()].sort((a, b) => a - b);
  }

  /** Each broken chain's first bad seq, with its reason and who found it. */
  breaks(): KnownBreak[] {
    return this.brokenChains().map((chain) => {
      const found = [...this.broken.get(chain)!].map(([source, b]) => ({ ...b, source }));
      return found.reduce((first, b) => (b.seq < first.seq ? b : first));
    });
  }

  intact(chain: number, scope: IntactScope): void {
    const found = this.broken.get(chain);
    for (const source of found?.keys() ?? [])
      if (scope === 'genesis' || TAIL_SOURCES.has(source)) found!.delete(source);
    if (found?.size === 0) this.broken.delete(chain);
    if (!this.broken.has(chain))
      this.metrics.taxchain.auditVerificationStatus.set({ chain: String(chain) }, 1);
  }

  async raise(found: ChainBreak, source: BreakSource, evidence: BreakEvidence = {}): Promise<void> {
    const exact = evidence.rewritten?.[0];
    // The anomaly first, then the state: whoever sees the chain broken finds its anomaly too.
    try {
      await this.record(found, source, evidence, exact?.seq);
    } finally {
      const known = this.broken.get(found.chain) ?? new Map<BreakSource, ChainBreak>();
      known.set(source, found);
      this.broken.set(found.chain, known);
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
