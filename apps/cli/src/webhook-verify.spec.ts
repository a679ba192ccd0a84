import { generateKeyPairSync, sign } from 'node:crypto';
import { refusedDelivery, webhookPublicKey } from './webhook-verify';

describe(refusedDelivery.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12); // after the SPKI header
  const key = webhookPublicKey(`whpk_${raw.toString('base64')}`);
  const body = '{"type":"webhook.test","timestamp":"2026-12-06T03:00:00.000Z","data":{}}';
  const now = 1_796_000_000;
  const headers = (id: string, timestamp: number, signed = `${id}.${timestamp}.${body}`) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1a,${sign(null, Buffer.from(signed), privateKey).toString('base64')}`,
  });

  it('accepts a fresh delivery signed with the key, and refuses tampered or replayed ones', () => {
    expect(refusedDelivery(headers('msg_1_7', now), body, [key], 300, now)).toBeUndefined();
    expect(
      refusedDelivery(headers('msg_1_7', now), body.replace('test', 'tset'), [key], 300, now),
    ).toMatch(/no v1a signature/);
    expect(refusedDelivery(headers('msg_1_7', now - 301), body, [key], 300, now)).toMatch(
      /outside 300 s/,
    );
    expect(refusedDelivery({}, body, [key], 300, now)).toMatch(/missing/);
  });
});
