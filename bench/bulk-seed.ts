import {
  canonicalJson,
  entryHash,
  GENESIS_PREV_HASH,
  keyId,
  nativeEd25519,
  sha256,
  toHex,
  type LedgerEntry,
} from '@taxchain/ledger';
import { insertEntries } from '@taxchain/ledger/storage/insert-entries';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { DataSource } from 'typeorm';

const PAGE = 5_000;

/**
 * The fast bulk path for large benchmarks: entries computed in memory exactly as the ledger
 * would (signed by a registered merchant key, hashed, chained) and inserted a page at a time.
 * The result verifies like any appended chain.
 */
export async function bulkSeed(
  dataSource: DataSource,
  chains: number,
  perChain: number,
  merchant: Uint8Array,
  progress: (done: number) => void,
): Promise<void> {
  const publicKey = nativeEd25519.publicKeyOf(merchant);
  const id = keyId(publicKey);
  const sign = (document: unknown) =>
    toHex(nativeEd25519.sign(utf8ToBytes(canonicalJson(document)), merchant));
  let done = 0;
  for (let chain = 0; chain < chains; chain += 1) {
    let prevHash = GENESIS_PREV_HASH;
    for (let start = 0; start < perChain; start += PAGE) {
      const page: LedgerEntry[] = [];
      for (let seq = start; seq < Math.min(perChain, start + PAGE); seq += 1) {
        const register = chain === 0 && seq === 0;
        const document = register
          ? {
              schema: 'taxchain.key.v1',
              taxId: '91310115MA1K4BTX3L',
              keyId: id,
              publicKey: toHex(publicKey),
            }
          : {
              schema: 'taxchain.invoice.v1',
              documentNumber: `DOC-${chain}-${seq}`,
              totals: { net: '7500', tax: '978', gross: '8478' },
              buyer: '91440300MA5G0000X1',
              keyId: id,
            };
        const payload = canonicalJson({ document, invoiceNumber: `${chain}-${seq}` });
        const fields = {
          chain,
          seq,
          prevHash,
          kind: register ? 'key.registered' : 'invoice.issued',
          subject: `${chain}-${seq}`,
          actor: 'merchant:91310115MA1K4BTX3L',
          payloadHash: toHex(sha256(utf8ToBytes(payload))),
          actorSignature: sign(document),
          recordedAt: new Date(Date.UTC(2026, 10, 1) + seq).toISOString(),
          identity: `bench:${chain}:${seq}`,
        };
        prevHash = entryHash(fields);
        page.push({ ...fields, entryHash: prevHash, payload });
      }
      await insertEntries(dataSource, page);
      done += page.length;
      progress(done);
    }
    await dataSource.query('UPDATE ledger.heads SET seq = $2, hash = $3 WHERE chain = $1', [
      chain,
      perChain - 1,
      Buffer.from(prevHash, 'hex'),
    ]);
  }
}
