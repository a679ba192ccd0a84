import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KeyDirectory, nativeEd25519, type LedgerEntry } from '@taxchain/ledger';

export const SIGNATURE_VERDICTS = ['valid', 'invalid', 'unknown-key', 'absent'] as const;
export type SignatureVerdict = (typeof SIGNATURE_VERDICTS)[number];

/**
 * Checks a merchant's signature on its ledger entry against the keys the ledger itself
 * records. The directory is read per check: key entries are few and indexed, and a fresh read
 * never trusts a revocation late.
 */
@Injectable()
export class MerchantSignatures {
  constructor(private readonly dataSource: DataSource) {}

  async check(entry: LedgerEntry): Promise<SignatureVerdict> {
    if (entry.actorSignature === null) return 'absent';
    const directory = await KeyDirectory.load(this.dataSource, nativeEd25519);
    const verdict = directory.check(entry);
    return verdict === 'ok' ? 'valid' : verdict === 'bad-signature' ? 'invalid' : 'unknown-key';
  }
}
