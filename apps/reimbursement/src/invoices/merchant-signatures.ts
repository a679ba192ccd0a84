import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKinds } from '@taxchain/contracts';
import {
  KeptKeyDirectory,
  type KeyDirectory,
  nativeEd25519,
  type KeyVerdict,
  type LedgerEntry,
} from '@taxchain/ledger';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '@taxchain/ledger/storage/entry-row';

export const SIGNATURE_VERDICTS = [
  'valid',
  'invalid',
  'unknown-key',
  'key-revoked',
  'absent',
] as const;
export type SignatureVerdict = (typeof SIGNATURE_VERDICTS)[number];

/** The verdicts that make an invoice no tax document: a forged or post-revocation signature. */
export const FAILED_SIGNATURES: readonly SignatureVerdict[] = [
  'invalid',
  'unknown-key',
  'key-revoked',
];

const VERDICTS: Record<KeyVerdict, SignatureVerdict> = {
  ok: 'valid',
  'bad-signature': 'invalid',
  'unknown-key': 'unknown-key',
  'key-revoked': 'key-revoked',
};

/**
 * Checks a merchant's signature on its invoice.issued (or credit note's invoice.credited) entry against the keys the ledger itself
 * records. The key directory is kept between checks and read again as soon as the ledger holds
 * a key entry it has not seen (one count on a small partial index per check), so a revocation
 * counts from the moment it is recorded, in every instance, without waiting for the feed.
 */
@Injectable()
export class MerchantSignatures {
  private readonly keys = new KeptKeyDirectory(nativeEd25519);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Each document's recording entry with the verdict on it: an invoice's invoice.issued, a
   * credit note's invoice.credited (found by its own number). A number without one is left out.
   */
  async ofInvoices(
    invoiceNumbers: string[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { entry: LedgerEntry; verdict: SignatureVerdict }>> {
    const rows = await tx.query<Array<EntryRow & { document: string }>>(
      `SELECT ${ENTRY_COLUMNS}, subject AS document FROM ledger.entries
        WHERE subject = ANY($1) AND kind = $2
       UNION ALL
       SELECT ${ENTRY_COLUMNS}, ledger.credit_note_number(payload) FROM ledger.entries
        WHERE kind = $3 AND ledger.credit_note_number(payload) = ANY($1)`,
      [invoiceNumbers, LedgerKinds.invoiceIssued, LedgerKinds.invoiceCredited],
    );
    const directory = await this.keys.current(tx);
    return new Map(
      rows.map((row) => {
        const entry = toEntry(row);
        return [row.document, { entry, verdict: verdictOf(directory, entry) }];
      }),
    );
  }

  async check(entry: LedgerEntry): Promise<SignatureVerdict> {
    return verdictOf(await this.keys.current(this.dataSource.manager), entry);
  }
}

function verdictOf(directory: KeyDirectory, entry: LedgerEntry): SignatureVerdict {
  return entry.actorSignature === null ? 'absent' : VERDICTS[directory.verdict(entry)];
}
