import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { consistencyProof, inclusionProof } from '../merkle';
import type { ProofBundle } from '../checkpoint';
import { toHex } from '../crypto';
import type { LedgerEntry } from '../ledger-entry';
import { Cosignatures } from './cosignatures';
import { DatabaseSubtree } from './database-subtree';
import { LedgerReader } from './ledger-reader';

export interface SubjectProof {
  subject: string;
  /** Every entry with its offline-checkable proof; `proof` is absent until a checkpoint covers it. */
  entries: Array<{ entry: LedgerEntry; proof?: ProofBundle }>;
  /** True while the newest entries wait for the next checkpoint (within CHECKPOINT_INTERVAL_MS). */
  pending: boolean;
}

/** Inclusion proofs against the newest checkpoint, checkable with the authority's public key alone. */
@Injectable()
export class LedgerProofs {
  private readonly subtrees: DatabaseSubtree;

  constructor(
    dataSource: DataSource,
    private readonly reader: LedgerReader,
    private readonly cosignatures: Cosignatures,
  ) {
    this.subtrees = new DatabaseSubtree(dataSource);
  }

  /** Proof that the chain at newSize extends the chain at oldSize (two checkpoints' sizes). */
  async consistency(chain: number, oldSize: number, newSize: number): Promise<ConsistencyBetween> {
    const proof = await consistencyProof(oldSize, newSize, this.subtrees.forChain(chain));
    return { chain, oldSize, newSize, proof: proof.map(toHex) };
  }

  async forSubject(subject: string): Promise<SubjectProof> {
    return this.proven(subject, await this.reader.entriesOf(subject));
  }

  /**
   * A credit note's proof by its own number: the invoice.credited entry that records it (its
   * only entry: a credit note is never voided, claimed or credited), proven like any other.
   */
  async forCreditNote(creditNoteNumber: string): Promise<SubjectProof> {
    const entry = await this.reader.creditNoteEntry(creditNoteNumber);
    return this.proven(creditNoteNumber, entry ? [entry] : []);
  }

  private async proven(subject: string, entries: LedgerEntry[]): Promise<SubjectProof> {
    if (entries.length === 0) return { subject, entries: [], pending: false };
    const checkpoint = await this.reader.latestCheckpoint(entries[0].chain);
    const subtree = this.subtrees.forChain(entries[0].chain);
    const witnessed =
      checkpoint && (await this.cosignatures.witnessed(checkpoint.chain, checkpoint.size));
    const proven = await Promise.all(
      entries.map(async (entry) => {
        if (!checkpoint || entry.seq >= checkpoint.size) return { entry };
        const path = await inclusionProof(entry.seq, checkpoint.size, subtree);
        const proof: ProofBundle = {
          entry,
          checkpoint,
          index: entry.seq,
          inclusion: path.map(toHex),
          ...(witnessed && { witnessed }),
        };
        return { entry, proof };
      }),
    );
    return { subject, entries: proven, pending: proven.some((p) => !p.proof) };
  }
}

export interface ConsistencyBetween {
  chain: number;
  oldSize: number;
  newSize: number;
  /** RFC 9162 consistency proof, hex: the newer tree extends the older one. */
  proof: string[];
}
