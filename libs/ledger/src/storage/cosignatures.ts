import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WitnessedCheckpoint } from '../checkpoint/witness-quorum';
import { type NoteSignature, formatSignatureLine, parseVerifierKey } from '../note';

/** The newest checkpoint of a chain one witness cosigned. */
export interface WitnessProgress {
  witness: string;
  chain: number;
  size: number;
  cosignedAt: Date;
}

/** A witness's refusal of a checkpoint the platform signed: evidence for the audit service. */
export interface WitnessRefusal {
  chain: number;
  size: number;
  witness: string;
  status: number;
  witnessSize: number | null;
  detail: string;
  note: string;
  refusedAt: Date;
}

interface RefusalRow {
  chain: number;
  size: string;
  witness: string;
  status: number;
  witness_size: string | null;
  detail: string;
  note: string;
  refused_at: Date;
}

/** Notified at the commit of every refusal recorded (FindingNotifications migration). */
export const WITNESS_REFUSAL_CHANNEL = 'ledger_witness_refusal';

/** ledger.cosignatures and ledger.witness_refusals: what the witnesses answered, per checkpoint. */
@Injectable()
export class Cosignatures {
  constructor(private readonly db: DataSource) {}

  /** Keeps a verified cosignature (the 8-byte timestamp and signature after the key ID). */
  async record(
    chain: number,
    size: number,
    witness: string,
    cosignature: NoteSignature,
    timestamp: number,
  ) {
    await this.db.query(
      `INSERT INTO ledger.cosignatures (chain, size, witness, signature, cosigned_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5)) ON CONFLICT DO NOTHING`,
      [chain, size, witness, Buffer.from(cosignature.signature), timestamp],
    );
  }

  /** The cosignature lines of one checkpoint, as note signatures under each witness's name. */
  async of(chain: number, size: number): Promise<NoteSignature[]> {
    const rows = await this.db.query<Array<{ witness: string; signature: Buffer }>>(
      'SELECT witness, signature FROM ledger.cosignatures WHERE chain = $1 AND size = $2 ORDER BY witness',
      [chain, size],
    );
    return rows.flatMap(({ witness, signature }) => {
      const key = parseVerifierKey(witness);
      return key
        ? [{ name: key.name, keyHash: key.keyHash, signature: new Uint8Array(signature) }]
        : [];
    });
  }

  /** A checkpoint's origin and cosignature lines, for proof bundles; undefined without a note. */
  async witnessed(chain: number, size: number): Promise<WitnessedCheckpoint | undefined> {
    const [row] = await this.db.query<Array<{ origin: string | null }>>(
      'SELECT origin FROM ledger.checkpoints WHERE chain = $1 AND size = $2',
      [chain, size],
    );
    if (!row?.origin) return undefined;
    const lines = (await this.of(chain, size)).map((s) => formatSignatureLine(s).trimEnd());
    return { origin: row.origin, cosignatures: lines };
  }

  /** Per witness and chain, the newest checkpoint it cosigned. */
  async progress(): Promise<WitnessProgress[]> {
    const rows = await this.db.query<
      Array<{ witness: string; chain: number; size: string; cosigned_at: Date }>
    >(
      `SELECT DISTINCT ON (witness, chain) witness, chain, size, cosigned_at FROM ledger.cosignatures
       ORDER BY witness, chain, size DESC`,
    );
    return rows.map((row) => ({
      witness: row.witness,
      chain: row.chain,
      size: Number(row.size),
      cosignedAt: row.cosigned_at,
    }));
  }

  async refuse(refusal: Omit<WitnessRefusal, 'refusedAt'>): Promise<void> {
    await this.db.query(
      `INSERT INTO ledger.witness_refusals (chain, size, witness, status, witness_size, detail, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        refusal.chain,
        refusal.size,
        refusal.witness,
        refusal.status,
        refusal.witnessSize,
        refusal.detail,
        refusal.note,
      ],
    );
  }

  async refusals(limit = 100): Promise<WitnessRefusal[]> {
    const rows = await this.db.query<RefusalRow[]>(
      'SELECT * FROM ledger.witness_refusals ORDER BY refused_at DESC LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({
      chain: row.chain,
      size: Number(row.size),
      witness: row.witness,
      status: row.status,
      witnessSize: row.witness_size === null ? null : Number(row.witness_size),
      detail: row.detail,
      note: row.note,
      refusedAt: row.refused_at,
    }));
  }
}
