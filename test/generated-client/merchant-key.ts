import { createHash } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { canonicalize } from 'json-canonicalize';

/**
 * A merchant's own ed25519 key, written from docs/spec alone (no project code): documents are
 * signed over the UTF-8 bytes of their RFC 8785 canonical JSON, keys are named by the hex of
 * the first 16 bytes of SHA-256(publicKey).
 */
export class MerchantKey {
  private constructor(
    private readonly secretKey: Uint8Array,
    readonly publicKey: string,
    readonly keyId: string,
  ) {}

  static async generate(): Promise<MerchantKey> {
    const secretKey = ed.utils.randomSecretKey();
    const publicKey = Buffer.from(await ed.getPublicKeyAsync(secretKey));
    const keyId = createHash('sha256').update(publicKey).digest().subarray(0, 16).toString('hex');
    return new MerchantKey(secretKey, publicKey.toString('hex'), keyId);
  }

  async sign(document: object): Promise<string> {
    const message = new TextEncoder().encode(canonicalize(document));
    return Buffer.from(await ed.signAsync(message, this.secretKey)).toString('hex');
  }
}
