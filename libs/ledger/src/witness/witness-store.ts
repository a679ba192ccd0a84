import { base64 } from '@scure/base';
import { Pool } from 'pg';
import { runMigrations } from '@taxchain/platform/database/run-migrations';
import { witnessMigrations } from './migrations';

/** The newest checkpoint a witness cosigned for one log. */
export interface CosignedState {
  origin: string;
  size: number;
  root: Uint8Array;
  /** The signed note as the log sent it. */
  note: string;
  cosignedAt: Date;
}

export type EvidenceKind = 'rollback' | 'split-view' | 'inconsistent';

/** A checkpoint the witness refused, beside the one it had cosigned: proof of a log misbehaving. */
export interface Evidence {
  origin: string;
  kind: EvidenceKind;
  cosignedNote: string;
  offeredNote: string;
  oldSize: number;
  proof: Uint8Array[];
  receivedAt?: Date;
}

interface LogRow {
  origin: string;
  size: string;
  root: Buffer;
  note: string;
  cosigned_at: Date;
}

interface EvidenceRow {
  origin: string;
  kind: EvidenceKind;
  cosigned_note: string;
  offered_note: string;
  old_size: string;
  proof: string[];
  received_at: Date;
}

/** A witness's PostgreSQL database: one row per log, advanced only by compare-and-swap. */
export class WitnessStore {
  private constructor(private readonly pool: Pool) {}

  static async open(url: string): Promise<WitnessStore> {
    await runMigrations(url, [witnessMigrations]);
    return new WitnessStore(new Pool({ connectionString: url, max: 4 }));
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /** The vkey of the witness this store belongs to, or undefined for an empty store. */
  async owner(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ vkey: string }>('SELECT vkey FROM witness.identity');
    return rows[0]?.vkey;
  }

  /** Makes an empty store the given witness's; false when it already belonged to someone. */
  async claim(vkey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'INSERT INTO witness.identity (vkey) VALUES ($1) ON CONFLICT DO NOTHING',
      [vkey],
    );
    return rowCount === 1;
  }

  async latest(origin: string): Promise<CosignedState | undefined> {
    const { rows } = await this.pool.query<LogRow>('SELECT * FROM witness.logs WHERE origin = $1', [
      origin,
    ]);
    return rows[0] && toState(rows[0]);
  }

  async logs(): Promise<CosignedState[]> {
    const { rows } = await this.pool.query<LogRow>('SELECT * FROM witness.logs ORDER BY origin');
    return rows.map(toState);
  }

  /**
   * Records `next` as the log's newest cosigned checkpoint if `previous` still is (undefined: the
   * log was never cosigned); false when another request moved it first.
   */
  async advance(
    previous: CosignedState | undefined,
    next: Omit<CosignedState, 'cosignedAt'>,
  ): Promise<boolean> {
    const values = [next.origin, next.size, next.root, next.note];
    const { rowCount } = previous
      ? await this.pool.query(
          `UPDATE witness.logs SET size = $2, root = $3, note = $4, cosigned_at = now()
           WHERE origin = $1 AND size = $5 AND root = $6`,
          [...values, previous.size, previous.root],
        )
      : await this.pool.query(
          `INSERT INTO witness.logs (origin, size, root, note, cosigned_at)
           VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING`,
          values,
        );
    return rowCount === 1;
  }

  async keep(evidence: Evidence): Promise<void> {
    await this.pool.query(
      `INSERT INTO witness.evidence (origin, kind, cosigned_note, offered_note, old_size, proof)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        evidence.origin,
        evidence.kind,
        evidence.cosignedNote,
        evidence.offeredNote,
        evidence.oldSize,
        evidence.proof.map((hash) => base64.encode(hash)),
      ],
    );
  }

  async evidence(): Promise<Evidence[]> {
    const { rows } = await this.pool.query<EvidenceRow>(
      'SELECT * FROM witness.evidence ORDER BY id',
    );
    return rows.map((row) => ({
      origin: row.origin,
      kind: row.kind,
      cosignedNote: row.cosigned_note,
      offeredNote: row.offered_note,
      oldSize: Number(row.old_size),
      proof: row.proof.map((hash) => base64.decode(hash)),
      receivedAt: row.received_at,
    }));
  }
}

function toState(row: LogRow): CosignedState {
  return {
    origin: row.origin,
    size: Number(row.size),
    root: new Uint8Array(row.root),
    note: row.note,
    cosignedAt: row.cosigned_at,
  };
}
