/** Payload of a `key.registered` entry: signed by the new key itself (proof of possession). */
export interface KeyRegisteredPayload {
  schema: 'taxchain.key.v1';
  taxId: string;
  keyId: string;
  /** ed25519 public key, hex. */
  publicKey: string;
}

/** Payload of a `key.revoked` entry. */
export interface KeyRevokedPayload {
  schema: 'taxchain.key-revocation.v1';
  taxId: string;
  keyId: string;
  reason: string;
}
