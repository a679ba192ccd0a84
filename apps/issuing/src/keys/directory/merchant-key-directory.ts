import { Injectable } from '@nestjs/common';
import { type Caller, PartiesRepository } from '@taxchain/platform';
import {
  LedgerProofs,
  toHex,
  type KeyDirectoryAnswer,
  type KeyDirectoryKey,
  type SubjectProof,
} from '@taxchain/ledger';
import { LedgerKinds } from '@taxchain/contracts';
import { KeysException } from '../keys.exception';
import { KeysRepository, type MerchantKey } from '../keys.repository';

/**
 * Every key of a merchant with the proof bundles of the ledger entries that registered and
 * revoked it, as far as the newest checkpoint of each key's chain covers them: a buyer checks the
 * merchant's signatures with this answer and the authority key alone (verifyKeyDirectory).
 */
@Injectable()
export class MerchantKeyDirectory {
  constructor(
    private readonly parties: PartiesRepository,
    private readonly keys: KeysRepository,
    private readonly proofs: LedgerProofs,
  ) {}

  /** Buyers and officials read any merchant's directory; a merchant its own, to verify its invoices. */
  readBy(caller: Caller, taxId: string): Promise<KeyDirectoryAnswer> {
    if (caller.role === 'merchant' && caller.party?.taxId !== taxId)
      throw KeysException.othersDirectory(taxId);
    return this.of(taxId);
  }

  private async of(taxId: string): Promise<KeyDirectoryAnswer> {
    const party = await this.parties.findByTaxId(taxId);
    if (!party?.roles.includes('merchant')) throw KeysException.merchantNotFound(taxId);
    const keys = await this.keys.listFor(taxId);
    const proven = await Promise.all(
      keys.map(async (key) => proveKey(key, await this.proofs.forSubject(`key:${key.keyId}`))),
    );
    return {
      taxId,
      keys: proven.flatMap(({ key }) => (key ? [key] : [])),
      pending: proven.some(({ pending }) => pending),
    };
  }
}

/** The key as its proven entries show it; a registration not yet checkpointed leaves it out. */
function proveKey(
  key: MerchantKey,
  subject: SubjectProof,
): { key?: KeyDirectoryKey; pending: boolean } {
  const proofOf = (kind: string) => subject.entries.find((e) => e.entry.kind === kind)?.proof;
  const registered = proofOf(LedgerKinds.keyRegistered);
  if (!registered) return { pending: true };
  const revoked = proofOf(LedgerKinds.keyRevoked) ?? null;
  return {
    key: {
      keyId: key.keyId,
      publicKey: toHex(key.publicKey),
      status: revoked ? 'revoked' : 'active',
      registered,
      revoked,
    },
    pending: subject.pending,
  };
}
