import { nativeEd25519 } from '@taxchain/ledger';

/** Standard Webhooks' prefix of an asymmetric (ed25519) public key, base64 after it. */
const PUBLIC_KEY_PREFIX = 'whpk_';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A public key as Standard Webhooks writes it: `whpk_` and the raw 32 bytes in base64. */
export function publishedPublicKey(publicKey: Uint8Array): string {
  return PUBLIC_KEY_PREFIX + Buffer.from(publicKey).toString('base64');
}

/**
 * The three Standard Webhooks headers of one attempt: `v1a` ed25519 signatures over
 * `{id}.{timestamp}.{body}`, one per signing key, space-separated, so that a receiver holding
 * either the new or the old key keeps verifying while a rotation settles.
 */
export function signedHeaders(
  messageId: string,
  body: string,
  secretKeys: Uint8Array[],
  now: Date,
): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const content = Buffer.from(`${messageId}.${timestamp}.${body}`, 'utf8');
  const signatures = secretKeys.map(
    (key) => `v1a,${Buffer.from(nativeEd25519.sign(content, key)).toString('base64')}`,
  );
  return {
    'webhook-id': messageId,
    'webhook-timestamp': timestamp,
    'webhook-signature': signatures.join(' '),
  };
}
