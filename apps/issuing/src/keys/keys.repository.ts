import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKinds } from '@taxchain/contracts';

export interface MerchantKey {
  keyId: string;
  taxId: string;
  publicKey: Uint8Array;
  registeredAt: Date;
  revokedAt: Date | null;
}

interface KeyRow {
  key_id: string;
  tax_id: string;
  public_key: Buffer;
  registered_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'key_id, tax_id, public_key, registered_at, revoked_at';

/**
 * The ledger's key.revoked entries of merchant key row `m` (through entries_subject_idx): a
 * revocation is final, whatever a superuser wrote into the row since.
 */
const LEDGER_REVOCATIONS = `FROM ledger.entries e
  WHERE e.subject = 'key:' || m.key_id AND e.kind = '${LedgerKinds.keyRevoked}'`;

/** Whether the ledger records key row `m` as revoked. */
export const REVOKED_ON_LEDGER = `EXISTS (SELECT 1 ${LEDGER_REVOCATIONS})`;

/** Merchant public keys (schema `issuing`); writes take the unit of work's transaction. */
@Injectable()
export class KeysRepository {
  constructor(private readonly db: DataSource) {}

  /** The new key, or undefined when the key id is already registered (to anyone). */
  async insert(
    tx: EntityManager,
    key: Pick<MerchantKey, 'keyId' | 'taxId' | 'publicKey'>,
  ): Promise<MerchantKey | undefined> {
    const rows = await tx.query<KeyRow[]>(
      `INSERT INTO issuing.merchant_keys (key_id, tax_id, public_key) VALUES ($1, $2, $3)
       ON CONFLICT (key_id) DO NOTHING RETURNING ${COLUMNS}`,
      [key.keyId, key.taxId, Buffer.from(key.publicKey)],
    );
    return rows.map(toKey)[0];
  }

  /** Marks the merchant's key revoked; undefined when it is not theirs or already revoked. */
  async revoke(tx: EntityManager, taxId: string, keyId: string): Promise<MerchantKey | undefined> {
    // Wrapped in a CTE so TypeORM returns the rows, not its [rows, count] pair for an UPDATE.
    const rows = await tx.query<KeyRow[]>(
      `WITH revoked AS (
         UPDATE issuing.merchant_keys SET revoked_at = now()
         WHERE key_id = $1 AND tax_id = $2 AND revoked_at IS NULL RETURNING ${COLUMNS}
       ) SELECT * FROM revoked`,
      [keyId, taxId],
    );
    return rows.map(toKey)[0];
  }

  async find(keyId: string, tx: EntityManager = this.db.manager): Promise<MerchantKey | undefined> {
    const rows = await tx.query<KeyRow[]>(
      `SELECT ${COLUMNS} FROM issuing.merchant_keys WHERE key_id = $1`,
      [keyId],
    );
    return rows.map(toKey)[0];
  }

  /**
   * The key, share-locked until the transaction ends: a concurrent revocation (an UPDATE) waits
   * for this transaction, so nothing signed with the key is recorded after its revocation. A key
   * the ledger records as revoked reads revoked (at the ledger's time) whatever its row says.
   */
  async findForShare(tx: EntityManager, keyId: string): Promise<MerchantKey | undefined> {
    const rows = await tx.query<KeyRow[]>(
      `SELECT key_id, tax_id, public_key, registered_at,
         COALESCE(revoked_at, (SELECT min(e.recorded_at) ${LEDGER_REVOCATIONS})) AS revoked_at
       FROM issuing.merchant_keys m WHERE key_id = $1 FOR SHARE`,
      [keyId],
    );
    return rows.map(toKey)[0];
  }

  /** A merchant's keys, newest first (a merchant holds a handful, not pages of them). */
  async listFor(taxId: string): Promise<MerchantKey[]> {
    const rows = await this.db.query<KeyRow[]>(
      `SELECT ${COLUMNS} FROM issuing.merchant_keys WHERE tax_id = $1 ORDER BY registered_at DESC, key_id`,
      [taxId],
    );
    return rows.map(toKey);
  }
}

function toKey(row: KeyRow): MerchantKey {
  return {
    keyId: row.key_id,
    taxId: row.tax_id,
    publicKey: new Uint8Array(row.public_key),
    registeredAt: row.registered_at,
    revokedAt: row.revoked_at,
  };
}
