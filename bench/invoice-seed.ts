import {
  checkCode,
  LedgerKinds,
  taxIdRegion,
  type InvoiceDocument,
  type InvoiceIssuedPayload,
} from '@taxchain/contracts';
import {
  canonicalJson,
  chainOf,
  entryHash,
  payloadHash,
  sha256,
  toHex,
  type LedgerEntry,
} from '@taxchain/ledger';
import { insertEntries } from '@taxchain/ledger/storage/insert-entries';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { DataSource, EntityManager } from 'typeorm';
import { formatInvoiceNumber } from '../apps/issuing/src/invoices/invoice-number';
import { issueIdentity } from '../apps/issuing/src/invoices/invoice-record';
import { rateTotals, rateTotalsToJson } from '../apps/audit/src/invoices/rate-totals';
import type { MerchantSigner } from '../scripts/load/merchant-signer';

const PAGE = 5_000;
const WRITERS = 3;
const TABLES = [
  'issuing.invoices',
  'reimbursement.invoices',
  'audit.invoices',
  'audit.trail',
] as const;
const YEAR_MS = 365 * 86_400_000;

export interface SeedParties {
  merchants: MerchantSigner[];
  buyerTaxIds: string[];
}

/**
 * The fast bulk path for the scale benchmark: `count` merchant-signed invoices issued as the
 * issuing service would issue them (numbered from its sequence, checked-code, recorded on the
 * chain their number maps to, continuing each chain's head), with the rows every read model
 * holds for them: issuing.invoices, reimbursement.invoices, audit.invoices, audit.trail and
 * audit.dimension_totals. Issue dates spread over the year before now. Run it with the
 * services stopped: the feeds and the relay are moved past the seeded entries (they are not
 * replayed through Kafka), so they carry on from there when the services start again.
 */
export async function seedInvoices(
  db: DataSource,
  parties: SeedParties,
  count: number,
  progress: (done: number) => void,
): Promise<void> {
  const [{ chains }] = await db.query<Array<{ chains: number }>>(
    'SELECT chains FROM ledger.settings',
  );
  const heads = await db.query<Array<{ chain: number; seq: string; hash: Buffer }>>(
    'SELECT chain, seq, hash FROM ledger.heads ORDER BY chain',
  );
  const head = heads.map((h) => ({ seq: Number(h.seq), hash: h.hash.toString('hex') }));
  const start = Date.now() - YEAR_MS;
  // One priced document per merchant, varied per invoice: decimal pricing need not run per row.
  const templates = parties.merchants.map((m) => m.invoice(parties.buyerTaxIds[0]));
  // Pages are computed in order (each continues the chains' heads) and written concurrently.
  const writing = new Set<Promise<void>>();
  let done = 0;
  for (let from = 0; from < count; from += PAGE) {
    const size = Math.min(PAGE, count - from);
    const sequences = await db.query<Array<{ n: string }>>(
      `SELECT nextval('issuing.invoice_number_seq') AS n FROM generate_series(1, $1)`,
      [size],
    );
    const page = sequences.map(({ n }, k) => {
      const i = from + k;
      const at = new Date(start + Math.floor((i * YEAR_MS) / count));
      return issued(parties, templates, i, BigInt(n), at, chains, head);
    });
    const write = writePage(db, page).then(() => {
      writing.delete(write);
      done += size;
      progress(done);
    });
    writing.add(write);
    if (writing.size >= WRITERS) await Promise.race(writing);
  }
  await Promise.all(writing);
  await moveHeads(db, head);
  // Each invoice once by day, seller, buyer and region, once per rate it has a line at by rate.
  await db.query(`
    INSERT INTO audit.dimension_totals (dimension, day, key, chain, count, net, tax, gross)
    SELECT d.dimension, issue_date, d.key, chain, count(*), sum(d.net), sum(d.tax),
           sum(d.net + d.tax)
      FROM audit.invoices,
           LATERAL (VALUES ('day', '', net, tax), ('seller', seller_tax_id, net, tax),
                           ('buyer', buyer_tax_id, net, tax), ('region', region, net, tax))
             AS d(dimension, key, net, tax)
     GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'rate', issue_date, r.key, chain, count(*), sum((r.value->>'net')::bigint),
           sum((r.value->>'tax')::bigint),
           sum((r.value->>'net')::bigint + (r.value->>'tax')::bigint)
      FROM audit.invoices, jsonb_each(rate_totals) r
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (dimension, day, key, chain) DO UPDATE
      SET count = EXCLUDED.count, net = EXCLUDED.net, tax = EXCLUDED.tax, gross = EXCLUDED.gross`);
  // As autovacuum would after a bulk load: statistics, visibility map and hint bits set, so the
  // first look-ups do not pay for writing them back into the pages they read.
  await db.query('VACUUM (ANALYZE)');
}

/** One invoice: its ledger entry, chained onto its chain's head, and its read-model rows. */
function issued(
  parties: SeedParties,
  templates: InvoiceDocument[],
  i: number,
  sequence: bigint,
  at: Date,
  chains: number,
  head: Array<{ seq: number; hash: string }>,
) {
  const m = i % parties.merchants.length;
  const signer = parties.merchants[m];
  const buyer = parties.buyerTaxIds[(i * 7) % parties.buyerTaxIds.length];
  const issueDate = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const template = templates[m];
  const document: InvoiceDocument = {
    ...template,
    buyer: { ...template.buyer, taxId: buyer },
    documentNumber: `SEED-${i}`,
    issueDate,
  };
  const signature = signer.sign(document);
  const region = taxIdRegion(signer.taxId)?.region ?? '';
  const invoiceNumber = formatInvoiceNumber({ issueDate, sellerRegion: region, sequence });
  const code = checkCode(invoiceNumber, toHex(payloadHash(document)));
  const payload: InvoiceIssuedPayload = { document, invoiceNumber, checkCode: code };
  const text = canonicalJson(payload);
  const chain = chainOf(invoiceNumber, chains);
  const fields = {
    chain,
    seq: head[chain].seq + 1,
    prevHash: head[chain].hash,
    kind: LedgerKinds.invoiceIssued,
    subject: invoiceNumber,
    actor: `merchant:${signer.taxId}`,
    payloadHash: toHex(sha256(utf8ToBytes(text))),
    actorSignature: signature,
    recordedAt: at.toISOString(),
    identity: issueIdentity({
      kind: 'invoice',
      sellerTaxId: signer.taxId,
      documentNumber: `SEED-${i}`,
    }),
  };
  const hash = entryHash(fields);
  head[chain] = { seq: fields.seq, hash };
  const entry: LedgerEntry = { ...fields, entryHash: hash, payload: text };
  const { net, tax, gross } = document.totals;
  const common = {
    invoice_number: invoiceNumber,
    kind: 'invoice',
    seller_tax_id: signer.taxId,
    buyer_tax_id: buyer,
    buyer_name: document.buyer.name,
    issue_date: issueDate,
    currency: document.currency,
    net,
    tax,
    gross,
  };
  const placed = { chain, seq: fields.seq, entry_hash: `\\x${hash}`, issued_at: fields.recordedAt };
  const rates = rateTotals(document.lines);
  const rows: Record<(typeof TABLES)[number], object> = {
    'issuing.invoices': {
      ...common,
      document_number: document.documentNumber,
      buyer_registered: true,
      check_code: code,
      document,
      signature: `\\x${signature}`,
      created_at: fields.recordedAt,
    },
    'reimbursement.invoices': {
      ...common,
      ...placed,
      document_number: document.documentNumber,
      seller_name: document.seller.name,
      check_code: code,
      key_id: document.keyId,
    },
    'audit.invoices': {
      ...common,
      ...placed,
      seller_name: document.seller.name,
      region,
      tax_rates: [...rates.keys()].sort(),
      rate_totals: rateTotalsToJson(rates),
    },
    'audit.trail': {
      chain,
      seq: fields.seq,
      entry_hash: `\\x${hash}`,
      kind: fields.kind,
      subject: invoiceNumber,
      recorded_at: fields.recordedAt,
    },
  };
  return { entry, rows };
}

/** A page in one transaction; a bulk load need not wait for its commits to reach the disk. */
async function writePage(db: DataSource, page: Array<ReturnType<typeof issued>>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    await insertEntries(
      tx,
      page.map((p) => p.entry),
    );
    for (const table of TABLES)
      await insertRows(
        tx,
        table,
        page.map((p) => p.rows[table]),
      );
  });
}

/** Rows as one JSON array: every column named in them, the others left to their defaults. */
async function insertRows(db: EntityManager, table: string, rows: object[]): Promise<void> {
  const columns = Object.keys(rows[0]).join(', ');
  await db.query(
    `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(null::${table}, $1)`,
    [JSON.stringify(rows)],
  );
}

/** The chains' heads, and every reader of them (relay, both feeds), past the seeded entries. */
async function moveHeads(db: DataSource, head: Array<{ seq: number; hash: string }>) {
  for (const [chain, { seq, hash }] of head.entries()) {
    const at = [chain, seq, Buffer.from(hash, 'hex')];
    await db.query('UPDATE ledger.heads SET seq = $2, hash = $3 WHERE chain = $1', at);
    await db.query(
      `INSERT INTO ledger.relay_watermarks (chain, entries_seq) VALUES ($1, $2)
       ON CONFLICT (chain) DO UPDATE SET entries_seq = EXCLUDED.entries_seq`,
      [chain, seq],
    );
    for (const schema of ['reimbursement', 'audit'])
      await db.query(
        `INSERT INTO ${schema}.feed_positions (chain, seq, hash) VALUES ($1, $2, $3)
         ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash`,
        at,
      );
  }
}
