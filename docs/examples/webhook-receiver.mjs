// Verifies Tax Chain webhooks (Standard Webhooks, v1a ed25519). Run:
//   WEBHOOK_PUBLIC_KEY=whpk_… PORT=8080 node webhook-receiver.mjs
// The key is one of GET /webhooks/keys/{taxId} on the reimbursement service.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';

const raw = Buffer.from(process.env.WEBHOOK_PUBLIC_KEY.replace(/^whpk_/, ''), 'base64');
const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
const TOLERANCE_S = Number(process.env.WEBHOOK_TOLERANCE_S ?? 300); // older or future: a replay

function verified(headers, body, nowS = Date.now() / 1000) {
  const id = headers['webhook-id'], ts = headers['webhook-timestamp'];
  if (!id || !/^\d+$/.test(ts ?? '') || Math.abs(nowS - Number(ts)) > TOLERANCE_S) return false;
  const signed = Buffer.from(`${id}.${ts}.${body}`);
  return (headers['webhook-signature'] ?? '').split(' ').some((s) =>
    s.startsWith('v1a,') && verify(null, signed, key, Buffer.from(s.slice(4), 'base64')));
}

createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk)).on('end', () => {
    const ok = verified(req.headers, body);
    console.log(ok ? `verified ${req.headers['webhook-id']} ${body}` : 'refused');
    res.writeHead(ok ? 204 : 401).end(); // 2xx acknowledges; anything else is retried
  });
}).listen(Number(process.env.PORT ?? 8080));
