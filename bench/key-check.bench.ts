import { resolve } from 'node:path';
import {
  canonicalBytes,
  canonicalJson,
  entryHash,
  generateSecretKey,
  keyId,
  nativeEd25519,
  sha256Hex,
  toHex,
} from '@taxchain/ledger';

/**
 * CPU per `MerchantSignatures.verify` of one compiled tree's issuing service (the key check and
 * the signature, before the unit of work): a known key, so the answer comes from what the
 * instance keeps, as on the issue hot path. The database is a stand-in answering the key's row
 * and its hash-valid key.registered entry, so only the service's own work is timed.
 *   node dist/bench/key-check.bench.js <tree-root> [calls]
 */
async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? '.');
  const calls = Number(process.argv[3] ?? 20_000);
  const module = (await import(
    resolve(root, 'dist/apps/issuing/src/keys/merchant-signatures.js')
  )) as { MerchantSignatures: new (...args: unknown[]) => Verifier };
  const secret = generateSecretKey();
  const publicKey = nativeEd25519.publicKeyOf(secret);
  const id = keyId(publicKey);
  const taxId = '91350100M000100Y43';
  const row = { key_id: id, tax_id: taxId, public_key: Buffer.from(publicKey) };
  const keys = { find: () => Promise.resolve({ ...row, keyId: id, taxId, publicKey }) };
  const entry = registration(taxId, id, toHex(publicKey));
  const db = {
    manager: {
      query: (sql: string) => Promise.resolve(sql.includes('count(*)') ? [{ n: '1' }] : [entry]),
    },
  };
  const signatures = new module.MerchantSignatures(keys, db);
  const documents = Array.from({ length: 64 }, (_, i) => ({ keyId: id, documentNumber: `D-${i}` }));
  const signed = documents.map((d) => toHex(nativeEd25519.sign(canonicalBytes(d), secret)));
  const run = async (n: number) => {
    for (let i = 0; i < n; i++)
      await signatures.verify(taxId, documents[i % 64], signed[i % 64], 'invoice');
  };
  await run(2_000);
  const before = process.cpuUsage();
  await run(calls);
  const used = process.cpuUsage(before);
  const microseconds = (used.user + used.system) / calls;
  console.log(JSON.stringify({ tree: root, calls, microsecondsPerCall: +microseconds.toFixed(2) }));
}

interface Verifier {
  verify(
    taxId: string,
    document: { keyId: string },
    signature: string,
    what: string,
  ): Promise<unknown>;
}

/** A key.registered row as node-postgres returns it, its hashes over its fields. */
function registration(taxId: string, id: string, publicKey: string) {
  const payload = canonicalJson({
    document: { schema: 'taxchain.key.v1', taxId, keyId: id, publicKey },
  });
  const fields = {
    chain: 0,
    seq: 0,
    prevHash: '00'.repeat(32),
    kind: 'key.registered',
    subject: `key:${id}`,
    actor: `merchant:${taxId}`,
    payload,
    payloadHash: sha256Hex(payload),
    actorSignature: null,
    recordedAt: '2026-12-07T00:00:00.000Z',
    identity: `key.registered:${id}`,
  };
  const hex = (h: string) => Buffer.from(h, 'hex');
  return {
    chain: 0,
    seq: '0',
    prev_hash: hex(fields.prevHash),
    entry_hash: hex(entryHash(fields)),
    kind: fields.kind,
    subject: fields.subject,
    actor: fields.actor,
    payload,
    payload_hash: hex(fields.payloadHash),
    actor_signature: null,
    recorded_at: new Date(fields.recordedAt),
    identity: fields.identity,
  };
}

void main();
