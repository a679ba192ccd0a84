import { Injectable } from '@nestjs/common';
import {
  AuthorityKeys,
  ChainVerifier,
  KeyDirectory,
  type ChainBreak,
  type SignedCheckpoint,
  type VerifyOptions,
} from '@taxchain/ledger';
import { nativeEd25519 } from '@taxchain/ledger/crypto/native-ed25519';
import { DataSource } from 'typeorm';
import { TrailRepository, type RewrittenEntry } from './trail.repository';
import { CheckpointsSeenRepository, type CheckpointMismatch } from './checkpoints-seen.repository';

/** One chain's verdict, with what pinpoints a break. */
export interface ChainReport {
  chain: number;
  ok: boolean;
  verified: number;
  break?: ChainBreak;
  /** Rows whose hash is no longer the one the feed saw: the exact rewritten seqs. */
  rewritten: RewrittenEntry[];
  /** Checkpoints witnessed on Kafka that the ledger table no longer matches. */
  checkpointMismatches: CheckpointMismatch[];
  lastGoodCheckpoint?: SignedCheckpoint;
  /** When ok: the Merkle root of the first `verified` entries. */
  root?: string;
}

export type ChainAuditOptions = Pick<
  VerifyOptions,
  'onProgress' | 'signal' | 'resumeFrom' | 'pageSize' | 'throttle' | 'signaturesHeld'
>;

/**
 * Verifies one chain with everything the audit service holds beyond the ledger tables: the
 * checkpoints witnessed on Kafka and the trail of entry hashes the feed saw.
 */
@Injectable()
export class ChainAudit {
  private readonly verifier: ChainVerifier;

  constructor(
    private readonly dataSource: DataSource,
    private readonly trail: TrailRepository,
    private readonly seen: CheckpointsSeenRepository,
    authority: AuthorityKeys,
  ) {
    this.verifier = new ChainVerifier(dataSource, authority.trusted);
  }

  /** Merchant keys as the ledger records them, with the fast native engine. */
  keys(): Promise<KeyDirectory> {
    return KeyDirectory.load(this.dataSource, nativeEd25519);
  }

  async verify(
    chain: number,
    keys: KeyDirectory,
    options: ChainAuditOptions = {},
  ): Promise<ChainReport> {
    // A resumed pass meets no checkpoint below its resume point: read only what it can meet.
    const witnessed = await this.seen.forChain(chain, options.resumeFrom?.size);
    const result = await this.verifier.verify(chain, { ...options, witnessed, keys });
    // The trail and checkpoint comparisons scan the chain: only worth it once something is wrong.
    const [rewritten, checkpointMismatches] = result.ok
      ? [[], await this.seen.mismatches(chain)]
      : await Promise.all([this.trail.rewritten(chain), this.seen.mismatches(chain)]);
    const lost = result.ok && lostCheckpoint(chain, checkpointMismatches);
    if (lost)
      // The entries still reproduce every witness, but the table's copy was removed or rewritten.
      return { ...result, ok: false, break: lost, rewritten, checkpointMismatches };
    return { ...result, rewritten, checkpointMismatches };
  }

  /**
   * What the verification of a chain whose entries did not change since it verified can still
   * find: checkpoints witnessed on Kafka that the table lost or holds otherwise.
   */
  async witnessedCheckpoints(
    chain: number,
  ): Promise<{ break: ChainBreak; checkpointMismatches: CheckpointMismatch[] } | undefined> {
    const checkpointMismatches = await this.seen.mismatches(chain);
    const lost = lostCheckpoint(chain, checkpointMismatches);
    return lost && { break: lost, checkpointMismatches };
  }
}

function lostCheckpoint(chain: number, mismatches: CheckpointMismatch[]): ChainBreak | undefined {
  const lost = mismatches[0];
  return (
    lost && {
      chain,
      seq: lost.size - 1,
      reason: 'checkpoint-mismatch',
      detail: `witnessed checkpoint of size ${lost.size} is ${lost.problem} in ledger.checkpoints`,
    }
  );
}
