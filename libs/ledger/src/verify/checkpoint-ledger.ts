import type { Queryable } from '../storage/queryable';
import { verifyCheckpoint, type SignedCheckpoint } from '../checkpoint';
import type { Ed25519Engine } from '../crypto';
import {
  CHECKPOINT_COLUMNS,
  checkpointFromRow,
  type CheckpointRow,
} from '../storage/checkpoint-row';
import type { ChainBreak } from './chain-break';

interface Known {
  checkpoint: SignedCheckpoint;
  /** Seen outside the database (on Kafka, by a verifier): the database cannot have rewritten it. */
  witnessed: boolean;
}

/** The signed checkpoints one chain's entries must reproduce, from the table and from witnesses. */
export class CheckpointLedger {
  private readonly bySize = new Map<number, Known[]>();

  constructor(
    private readonly chain: number,
    private readonly authorityKeys: ReadonlyMap<string, Uint8Array>,
    private readonly engine: Ed25519Engine,
  ) {}

  /**
   * Loads and signature-checks the checkpoints of `fromSize` entries or more (a pass that
   * resumes after a checkpoint meets no smaller one); a forged one is itself a break.
   */
  async load(
    dataSource: Queryable,
    witnessed: SignedCheckpoint[],
    fromSize = 0,
  ): Promise<ChainBreak | undefined> {
    const rows = await dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger.checkpoints WHERE chain = $1 AND size >= $2`,
      [this.chain, fromSize],
    );
    const all: Known[] = [
      ...rows.map((row) => ({ checkpoint: checkpointFromRow(row), witnessed: false })),
      ...witnessed
        .filter((c) => c.chain === this.chain && c.size >= fromSize)
        .map((checkpoint) => ({ checkpoint, witnessed: true })),
    ];
    for (const known of all) {
      const verdict = verifyCheckpoint(known.checkpoint, this.authorityKeys, this.engine);
      if (!verdict.ok) {
        const seq = known.checkpoint.size - 1;
        return {
          chain: this.chain,
          seq,
          reason: 'checkpoint-signature',
          detail: `checkpoint of size ${known.checkpoint.size}: ${verdict.reason}`,
        };
      }
      const list = this.bySize.get(known.checkpoint.size) ?? [];
      list.push(known);
      this.bySize.set(known.checkpoint.size, list);
    }
    return undefined;
  }

  at(size: number): SignedCheckpoint[] | undefined {
    return this.bySize.get(size)?.map((k) => k.checkpoint);
  }

  /** A checkpoint of this size whose root or head the entries do not reproduce. */
  match(
    sealed: SignedCheckpoint[],
    root: string,
    headHash: string,
    lastGood: SignedCheckpoint | undefined,
  ): ChainBreak | undefined {
    const wrong = sealed.find((c) => c.root !== root || c.headHash !== headHash);
    if (!wrong) return undefined;
    const from = lastGood?.size ?? 0;
    const outside = this.bySize.get(wrong.size)?.some((k) => k.witnessed && k.checkpoint === wrong);
    return {
      chain: this.chain,
      seq: from,
      reason: outside ? 'checkpoint-conflict' : 'checkpoint-mismatch',
      detail: `entries ${from}..${wrong.size - 1} do not reproduce the ${outside ? 'witnessed ' : ''}checkpoint of size ${wrong.size} signed ${wrong.issuedAt}`,
    };
  }

  /** A checkpoint larger than the chain: entries it sealed are gone (truncated or rolled back). */
  beyond(size: number, lastGood: SignedCheckpoint | undefined): ChainBreak | undefined {
    const larger = [...this.bySize.keys()].filter((s) => s > size).sort((a, b) => a - b)[0];
    if (larger === undefined) return undefined;
    return {
      chain: this.chain,
      seq: size,
      reason: 'checkpoint-shrank',
      detail: `chain has ${size} entries but a checkpoint${lastGood ? ` after size ${lastGood.size}` : ''} sealed ${larger}`,
    };
  }
}
