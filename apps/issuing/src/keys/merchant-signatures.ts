import { Injectable } from '@nestjs/common';
import { canonicalBytes, fromHex, nobleEd25519 } from '@taxchain/ledger';
import { KeysException } from './keys.exception';
import { KeysRepository } from './keys.repository';

/**
 * Checks what a merchant signed: the key the document names must be the merchant's own and
 * unrevoked, and the signature must verify (strictly: canonical R and S, strong key) over the
 * document's canonical JSON, the exact bytes the ledger entry's actorSignature covers.
 */
@Injectable()
export class MerchantSignatures {
  constructor(private readonly keys: KeysRepository) {}

  async verify(
    taxId: string,
    document: { keyId: string },
    signatureHex: string,
    what: string,
  ): Promise<void> {
    const key = await this.keys.find(document.keyId);
    if (!key || key.taxId !== taxId) throw KeysException.unknownKey(document.keyId);
    if (key.revokedAt) throw KeysException.revokedKey(document.keyId);
    if (!nobleEd25519.verify(fromHex(signatureHex), canonicalBytes(document), key.publicKey))
      throw KeysException.badSignature(what);
  }
}
