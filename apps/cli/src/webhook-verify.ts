import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** A Standard Webhooks public key (`whpk_` + base64 of 32 raw ed25519 bytes) as a Node key. */
export function webhookPublicKey(published: string): KeyObject {
  const raw = Buffer.from(published.replace(/^whpk_/, ''), 'base64');
  if (raw.length !== 32)
    throw new RangeError('a webhook public key is whpk_ and 32 bytes in base64');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Why a delivery is refused, or undefined when one of its `v1a` signatures verifies with one of
 * the keys and its timestamp is within `toleranceS` of now (an older one is a replay).
 */
export function refusedDelivery(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  keys: KeyObject[],
  toleranceS: number,
  nowS = Date.now() / 1000,
): string | undefined {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return 'missing webhook-id, webhook-timestamp or webhook-signature';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > toleranceS)
    return `timestamp ${timestamp} is outside ${toleranceS} s of now`;
  const signed = Buffer.from(`${id}.${timestamp}.${body}`, 'utf8');
  const verified = signatures
    .split(' ')
    .filter((s) => s.startsWith('v1a,'))
    .some((s) => keys.some((key) => verify(null, signed, key, Buffer.from(s.slice(4), 'base64'))));
  return verified ? undefined : 'no v1a signature verifies with the given keys';
}
