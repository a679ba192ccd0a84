import { Injectable } from '@nestjs/common';
import { LedgerKinds, type KeyDocument, type KeyRevokedPayload } from '@taxchain/contracts';
import {
  LedgerAppender,
  canonicalBytes,
  fromHex,
  keyId as keyIdOf,
  nobleEd25519,
  publicKeyProblem,
} from '@taxchain/ledger';
import { KeysException } from './keys.exception';
import { KeysRepository, type MerchantKey } from './keys.repository';
import { MerchantSignatures } from './merchant-signatures';

export interface RegisterKey {
  publicKey: string;
  signature: string;
}

/** Registers and revokes merchant keys; each change is a ledger entry in the same transaction. */
@Injectable()
export class KeysService {
  constructor(
    private readonly keys: KeysRepository,
    private readonly appender: LedgerAppender,
    private readonly signatures: MerchantSignatures,
  ) {}

  /** Registers a key after proof of possession; registering it again returns it unchanged. */
  async register(
    taxId: string,
    request: RegisterKey,
  ): Promise<{ key: MerchantKey; created: boolean }> {
    const publicKey = fromHex(request.publicKey);
    const problem = publicKeyProblem(publicKey);
    if (problem) throw KeysException.weakKey(problem);
    const keyId = keyIdOf(publicKey);
    const document: KeyDocument = {
      schema: 'taxchain.key.v1',
      taxId,
      keyId,
      publicKey: request.publicKey,
    };
    // Proof of possession: only the holder of the secret key can sign this document.
    if (!nobleEd25519.verify(fromHex(request.signature), canonicalBytes(document), publicKey))
      throw KeysException.badSignature('key document');
    const committed = await this.appender.commit({
      subject: `key:${keyId}`,
      run: async (tx) => {
        const key = await this.keys.insert(tx, { keyId, taxId, publicKey });
        if (key) {
          const entry = {
            kind: LedgerKinds.keyRegistered,
            subject: `key:${keyId}`,
            actor: `merchant:${taxId}`,
            payload: { document },
            actorSignature: request.signature,
            identity: `key.registered:${keyId}`,
          };
          return { value: { key, created: true }, entries: [entry] };
        }
        const existing = await this.keys.find(keyId, tx);
        if (!existing || existing.taxId !== taxId) throw KeysException.keyTaken(keyId);
        return { value: { key: existing, created: false }, entries: [] };
      },
    });
    if (committed.replayed) throw new Error(`key ${keyId}: entry recorded without its row`);
    return committed.value;
  }

  async revoke(taxId: string, keyId: string, reason: string): Promise<MerchantKey> {
    // Anything but a key id names no key: 404 before it becomes a ledger subject.
    if (!/^[0-9a-f]{32}$/.test(keyId)) throw KeysException.notFound(keyId);
    const committed = await this.appender.commit({
      subject: `key:${keyId}`,
      run: async (tx) => {
        const key = await this.keys.revoke(tx, taxId, keyId);
        if (!key) {
          const existing = await this.keys.find(keyId, tx);
          if (!existing || existing.taxId !== taxId) throw KeysException.notFound(keyId);
          throw KeysException.alreadyRevoked(keyId);
        }
        const payload: KeyRevokedPayload = {
          schema: 'taxchain.key-revocation.v1',
          taxId,
          keyId,
          reason,
        };
        const entry = {
          kind: LedgerKinds.keyRevoked,
          subject: `key:${keyId}`,
          actor: `merchant:${taxId}`,
          payload,
          actorSignature: null,
          identity: `key.revoked:${keyId}`,
        };
        return { value: key, entries: [entry] };
      },
    });
    if (committed.replayed) throw KeysException.alreadyRevoked(keyId);
    this.signatures.forget();
    return committed.value;
  }

  list(taxId: string): Promise<MerchantKey[]> {
    return this.keys.listFor(taxId);
  }
}
