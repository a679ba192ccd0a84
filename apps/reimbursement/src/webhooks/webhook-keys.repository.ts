import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { generateSecretKey, keyId, nativeEd25519 } from '@taxchain/ledger';

/** How long a rotated-out key keeps signing beside the new one, so receivers can switch. */
const ROTATION_OVERLAP = '24 hours';
/** Advisory lock class for "rotates this company's key"; the key is hashtext(tax id). */
const ROTATION_LOCK_CLASS = 74_621;

export interface WebhookKey {
  keyId: string;
  publicKey: Buffer;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * Each company's webhook signing keys. The secret never leaves this table; the public half is
 * published (GET /webhooks/keys/{taxId}).
 */
@Injectable()
export class WebhookKeysRepository {
  constructor(private readonly db: DataSource) {}

  /** Gives the company a key unless it has a current one. */
  async ensure(companyTaxId: string): Promise<void> {
    const [current] = await this.db.query<unknown[]>(
      'SELECT 1 FROM reimbursement.webhook_keys WHERE company_tax_id = $1 AND retired_at IS NULL',
      [companyTaxId],
    );
    if (!current) await this.insert(companyTaxId, 'ON CONFLICT DO NOTHING');
  }

  /**
   * Retires the current key (it keeps signing for the overlap) and makes a new one current.
   * A company's rotations take turns: a second one that waited on the row lock alone would find
   * the key it came to retire already retired, retire none, and break the one-current-key index.
   */
  async rotate(companyTaxId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        ROTATION_LOCK_CLASS,
        companyTaxId,
      ]);
      await tx.query(
        `UPDATE reimbursement.webhook_keys SET retired_at = now()
         WHERE company_tax_id = $1 AND retired_at IS NULL`,
        [companyTaxId],
      );
      await this.insert(companyTaxId, '', tx);
    });
  }

  /** Newest first: the current key, then retired ones. */
  async published(companyTaxId: string): Promise<WebhookKey[]> {
    return this.db.query<WebhookKey[]>(
      `SELECT key_id AS "keyId", public_key AS "publicKey", created_at AS "createdAt",
              retired_at AS "retiredAt"
       FROM reimbursement.webhook_keys WHERE company_tax_id = $1
       ORDER BY retired_at DESC NULLS FIRST, created_at DESC`,
      [companyTaxId],
    );
  }

  /** The secrets a delivery is signed with now: the current key and any still overlapping. */
  async signing(companyTaxId: string): Promise<Uint8Array[]> {
    const rows = await this.db.query<Array<{ secret_key: Buffer }>>(
      `SELECT secret_key FROM reimbursement.webhook_keys
       WHERE company_tax_id = $1 AND (retired_at IS NULL OR retired_at > now() - interval '${ROTATION_OVERLAP}')
       ORDER BY retired_at DESC NULLS FIRST`,
      [companyTaxId],
    );
    return rows.map((r) => Uint8Array.from(r.secret_key));
  }

  private async insert(
    companyTaxId: string,
    onConflict: string,
    db: EntityManager = this.db.manager,
  ): Promise<void> {
    const secret = generateSecretKey();
    const publicKey = nativeEd25519.publicKeyOf(secret);
    await db.query(
      `INSERT INTO reimbursement.webhook_keys (key_id, company_tax_id, secret_key, public_key)
       VALUES ($1, $2, $3, $4) ${onConflict}`,
      [keyId(publicKey), companyTaxId, Buffer.from(secret), Buffer.from(publicKey)],
    );
  }
}
